package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
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
	if out := must(t, "admin", "--data", dir, "year", "close", "--office", id, "--year", "2026"); !strings.Contains(out, "cancelled numbers") {
		t.Fatalf("year close: %q", out)
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
