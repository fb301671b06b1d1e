package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/app/officeclock"
	"okienko/sync/client"
	"okienko/sync/protocol"
)

// The test binary runs the registry's main when asked: the commands are
// tested as an office admin types them, exit codes and all.
func TestMain(m *testing.M) {
	if os.Getenv("OKIENKO_REGISTRY_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "OKIENKO_REGISTRY_MAIN=1")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func must(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runCLI(t, args...)
	if err != nil {
		t.Fatalf("registry %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func TestAdminCommands(t *testing.T) {
	dir := t.TempDir()
	out := must(t, "admin", "--data", dir, "office", "create", "--demo")
	office := regexp.MustCompile(`(?m)^office\s+(\S+)`).FindStringSubmatch(out)
	if office == nil {
		t.Fatalf("no office id in %q", out)
	}
	id := office[1]
	if out := must(t, "admin", "--data", dir, "office", "list"); !strings.Contains(out, id) || !strings.Contains(out, "Urząd Gminy Przykładowo") {
		t.Fatalf("office list: %q", out)
	}
	if _, err := runCLI(t, "admin", "--data", dir, "office", "create", "--demo"); err == nil {
		t.Fatal("the same office created twice")
	}
	if out, err := runCLI(t, "admin", "--data", dir, "device", "enroll", "--office", id, "--name", "Laptop SO"); err == nil || !strings.Contains(out, "--people") {
		t.Fatalf("device enroll without --people: %v %q", err, out)
	}
	if out, err := runCLI(t, "admin", "--data", dir, "device", "enroll", "--office", id, "--name", "Laptop SO", "--people", "nosuchlogin"); err == nil || !strings.Contains(out, "unknown login") {
		t.Fatalf("device enroll with an unknown login: %v %q", err, out)
	}
	out = must(t, "admin", "--data", dir, "device", "enroll", "--office", id, "--name", "Laptop SO", "--people", "jnowak,kzielinska")
	if !regexp.MustCompile(`enrolment code\s+[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}`).MatchString(out) {
		t.Fatalf("device enroll: %q", out)
	}
	pdf := filepath.Join(dir, "spis.pdf")
	out = must(t, "admin", "--data", dir, "register", "print", "--office", id, "--unit", "SO", "--jrwa", "5352", "--year", "2026", "--out", pdf)
	if !strings.Contains(out, "numbers") {
		t.Fatalf("register print: %q", out)
	}
	text, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil || !strings.Contains(string(text), "Spis spraw SO.5352, rok 2026") {
		t.Fatalf("spis spraw PDF: %v %q", err, text)
	}
	// A year still running is not closed by a slip: it takes --early.
	waw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	thisYear := strconv.Itoa(time.Now().In(waw).Year())
	if out, err := runCLI(t, "admin", "--data", dir, "year", "close", "--office", id, "--year", thisYear); err == nil || !strings.Contains(out, "has not ended") {
		t.Fatalf("year close of the running year: %v %q", err, out)
	}
	if out := must(t, "admin", "--data", dir, "year", "close", "--office", id, "--year", thisYear, "--early"); !strings.Contains(out, "cancelled numbers") {
		t.Fatalf("year close: %q", out)
	}
	// The office's zone: a name that names none is refused and says what
	// to give; a real one is set and the office's time shown in it.
	if out, err := runCLI(t, "admin", "--data", dir, "office", "set-zone", "--office", id, "--zone", "Europe/Warszawa"); err == nil || !strings.Contains(out, "IANA name such as Europe/Warsaw") {
		t.Fatalf("a bad zone: %v %q", err, out)
	}
	if out, err := runCLI(t, "admin", "--data", dir, "office", "set-zone", "--office", id); err == nil || !strings.Contains(out, "unknown time zone") {
		t.Fatalf("no zone: %v %q", err, out)
	}
	if out := must(t, "admin", "--data", dir, "office", "set-zone", "--office", id, "--zone", "Europe/Warsaw"); !strings.Contains(out, "office time now") || !strings.Contains(out, "CE") {
		t.Fatalf("set-zone: %q", out)
	}
	if out := must(t, "admin", "--data", dir, "date-flags", "list", "--office", id); strings.TrimSpace(out) != "" {
		t.Fatalf("date flags of a new office: %q", out)
	}
	// Without --year, the office's current year by the registry's clock.
	if out := must(t, "admin", "--data", dir, "register", "print", "--office", id, "--unit", "SO", "--jrwa", "5352", "--out", pdf); !strings.Contains(out, fmt.Sprintf("SO.5352/%d", time.Now().In(officeclock.MustZone(officeclock.DefaultZone)).Year())) {
		t.Fatalf("register print of the office's year: %q", out)
	}
	// A catalogue with a problem changes nothing and says why.
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"okienko.katalog","formatVersion":1,"cards":[{"code":"x"}]}`), 0o644)
	if out, err := runCLI(t, "admin", "--data", dir, "catalogue", "import", "--office", id, "--file", bad); err == nil || !strings.Contains(out, "problem") {
		t.Fatalf("bad catalogue accepted: %v %q", err, out)
	}
	if out, err := runCLI(t, "admin", "--data", dir, "no", "such"); err == nil || !strings.Contains(out, "unknown admin command") {
		t.Fatalf("unknown command: %v %q", err, out)
	}
	if out, err := runCLI(t, "serve"); err == nil || !strings.Contains(out, "--data") {
		t.Fatalf("serve without a store: %v %q", err, out)
	}
}

// TestServeTLS: with a certificate the registry speaks HTTPS only.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	must(t, "admin", "--data", dir, "office", "create", "--demo")
	certFile, keyFile, pool := selfSigned(t, dir)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(os.Args[0], "serve", "--data", dir, "--addr", addr, "--tls-cert", certFile, "--tls-key", keyFile)
	cmd.Env = append(os.Environ(), "OKIENKO_REGISTRY_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	hc := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	var resp *http.Response
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err = hc.Get("https://" + addr + "/healthz"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("https healthz: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("https healthz: %d", resp.StatusCode)
	}
	if r, err := http.Get("http://" + addr + "/healthz"); err == nil && r.StatusCode == http.StatusOK {
		t.Fatal("plain HTTP answered on a TLS registry")
	}

	// The handshakes the registry takes: TLS 1.3, and 1.2 only with
	// ECDHE and an AEAD cipher. The certificate is ECDSA; the CBC suites
	// are offered for both key types, so only the policy can refuse them.
	handshake := func(cfg *tls.Config) (tls.ConnectionState, error) {
		cfg.RootCAs = pool
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 2 * time.Second}, "tcp", addr, cfg)
		if err != nil {
			return tls.ConnectionState{}, err
		}
		defer conn.Close()
		return conn.ConnectionState(), nil
	}
	for _, tc := range []struct {
		name string
		cfg  *tls.Config
		ok   bool
		want uint16
	}{
		{"TLS 1.2 CBC only", &tls.Config{MaxVersion: tls.VersionTLS12,
			CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}}, false, 0},
		{"TLS 1.1", &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}, false, 0},
		{"TLS 1.2 AES-GCM", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}}, true, tls.VersionTLS12},
		{"TLS 1.2 ChaCha20", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256}}, true, tls.VersionTLS12},
		{"TLS 1.3", &tls.Config{MinVersion: tls.VersionTLS13}, true, tls.VersionTLS13},
		{"any (1.3 preferred)", &tls.Config{MinVersion: tls.VersionTLS10}, true, tls.VersionTLS13},
	} {
		cs, err := handshake(tc.cfg)
		if (err == nil) != tc.ok || tc.ok && cs.Version != tc.want {
			t.Errorf("%s: version %x, err %v; want ok %v, version %x", tc.name, cs.Version, err, tc.ok, tc.want)
		}
	}

	// A code printed with --tls-cert pins this certificate: a device
	// trusting no authority enrols with it; the code without the
	// fingerprint is refused as an untrusted certificate, not offline.
	out := must(t, "admin", "--data", dir, "office", "list")
	office := strings.Fields(out)[0]
	out = must(t, "admin", "--data", dir, "device", "enroll", "--office", office, "--name", "Laptop", "--people", "jnowak", "--tls-cert", certFile)
	m := regexp.MustCompile(`(?m)^enrolment code\s+(\S+)$`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(m[1], "@") {
		t.Fatalf("device enroll --tls-cert: %q", out)
	}
	code, pin, err := protocol.ParseEnrolCode(m[1])
	if err != nil {
		t.Fatal(err)
	}
	der, _ := os.ReadFile(certFile)
	block, _ := pem.Decode(der)
	if fp := protocol.Fingerprint(block.Bytes); pin != hex.EncodeToString(fp[:]) ||
		!strings.Contains(out, fmt.Sprintf("SHA-256  %02X:%02X:", fp[0], fp[1])) {
		t.Fatalf("printed fingerprint %q, pin %s, want the certificate's SHA-256", out, pin)
	}
	ctx := context.Background()
	req := protocol.EnrollRequest{Code: code, DeviceName: "Laptop", DeviceID: uuid.Must(uuid.NewV7()).String()}
	if _, err := client.New("https://"+addr, "", "", client.NewHTTPClient("")).Enroll(ctx, req); !errors.Is(err, client.ErrCertificate) {
		t.Fatalf("enrolment without the pin: %v, want ErrCertificate", err)
	}
	if _, err := client.New("https://"+addr, "", "", client.NewHTTPClient(pin)).Enroll(ctx, req); err != nil {
		t.Fatalf("enrolment with the printed pin: %v", err)
	}
}

func selfSigned(t *testing.T, dir string) (string, string, *x509.CertPool) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "rejestr"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
