package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServerCutsStalledBodies: a body that stops arriving is cut after
// the server's read timeout (it held its handler for as long as the
// client wished), and a handler that answers long after its body ended is
// not cut.
func TestServerCutsStalledBodies(t *testing.T) {
	cfg := httpServer("", nil)
	if cfg.ReadTimeout <= 0 || cfg.ReadTimeout > 5*time.Minute || cfg.ReadHeaderTimeout <= 0 || cfg.IdleTimeout <= 0 {
		t.Fatalf("timeouts: read %s, header %s, idle %s", cfg.ReadTimeout, cfg.ReadHeaderTimeout, cfg.IdleTimeout)
	}
	// The same server, its read timeout shortened for the test.
	const d = 300 * time.Millisecond
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if _, err := io.ReadAll(req.Body); err != nil {
			http.Error(w, "body too slow", http.StatusRequestTimeout)
			return
		}
		time.Sleep(3 * d) // a long answer, as a snapshot's download is
		if req.Context().Err() != nil {
			http.Error(w, "cancelled", http.StatusInternalServerError)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	srv.Config.ReadTimeout, srv.Config.ReadHeaderTimeout, srv.Config.IdleTimeout = d, cfg.ReadHeaderTimeout, cfg.IdleTimeout
	srv.Start()
	defer srv.Close()

	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, "POST /push HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("a stalled body: no answer after %s: %v", time.Since(start), err)
	}
	if res.StatusCode != http.StatusRequestTimeout || time.Since(start) > 5*d {
		t.Fatalf("a stalled body: %d after %s", res.StatusCode, time.Since(start))
	}

	res, err = http.Post(srv.URL+"/push", "application/json", strings.NewReader(`{"ops":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Fatalf("a long answer after a whole body: %d %q", res.StatusCode, body)
	}
}

// TestMetricsTokenFile: a token shorter than 16 characters, spread over
// lines or missing is refused before serving; a good one is read trimmed.
func TestMetricsTokenFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, p := range []string{write("short", "abc123\n"), write("empty", ""), write("two", "0123456789abcdef\n0123456789abcdef\n"), filepath.Join(dir, "absent")} {
		if tok, err := readMetricsToken(p); err == nil {
			t.Errorf("%s: took %q", filepath.Base(p), tok)
		}
	}
	if tok, err := readMetricsToken(write("good", "  0123456789abcdef0123\n")); err != nil || tok != "0123456789abcdef0123" {
		t.Errorf("a good token: %q, %v", tok, err)
	}
}
