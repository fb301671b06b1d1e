package client_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"okienko/sync/client"
	"okienko/sync/protocol"
)

func TestCheckURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want error // nil: taken
	}{
		{"https://rejestr.przykladowo.gov.pl", nil},
		{"https://rejestr.przykladowo.gov.pl:8470/okienko", nil},
		{"HTTPS://10.0.0.1", nil},
		{"  https://192.168.1.5:8470/ ", nil},
		{"http://127.0.0.1:8470", nil},
		{"http://127.8.9.10", nil},
		{"http://[::1]:8470", nil},
		{"http://localhost:8470", nil},
		{"http://LocalHost", nil},
		{"http://192.168.1.5:8470", client.ErrInsecure},
		{"http://10.0.0.1", client.ErrInsecure},
		{"http://example.org", client.ErrInsecure},
		{"http://localhost.example.org", client.ErrInsecure},
		{"http://127.0.0.1.nip.io", client.ErrInsecure},
		{"http://[::ffff:192.168.1.5]", client.ErrInsecure},
		{"ftp://rejestr.przykladowo.gov.pl", client.ErrBadURL},
		{"rejestr.przykladowo.gov.pl", client.ErrBadURL},
		{"https://", client.ErrBadURL},
		{"https://user:pass@rejestr.gov.pl", client.ErrBadURL},
		{"https://rejestr.gov.pl/?x=1", client.ErrBadURL},
		{"https://rejestr.gov.pl/#x", client.ErrBadURL},
		{"::not a url", client.ErrBadURL},
		{"", client.ErrBadURL},
		{"https://[::1", client.ErrBadURL},
	} {
		_, err := client.CheckURL(tc.url)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("CheckURL(%q) = %v, want %v", tc.url, err, tc.want)
		}
	}
}

// countingTransport counts the requests that would have left the device.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	c.n.Add(1)
	return nil, errors.New("no network in this test")
}

// TestInsecureURLSendsNothing: whoever builds the client, and with any
// HTTP client, a plain-http address of another computer sends nothing.
func TestInsecureURLSendsNothing(t *testing.T) {
	tr := &countingTransport{}
	c := client.New("http://10.0.0.1:8470", "token", "office", &http.Client{Transport: tr})
	_, err := c.Pull(context.Background(), 0, 10)
	if !errors.Is(err, client.ErrInsecure) || errors.Is(err, client.ErrOffline) {
		t.Fatalf("pull over plain http to another computer: %v, want ErrInsecure", err)
	}
	_, err = c.Enroll(context.Background(), protocol.EnrollRequest{Code: "ABCD-EFGH-JKMN"})
	if !errors.Is(err, client.ErrInsecure) {
		t.Fatalf("enrolment over plain http to another computer: %v", err)
	}
	if tr.n.Load() != 0 {
		t.Fatalf("%d requests left the device", tr.n.Load())
	}
}

// TestRedirectToPlainHTTPRefused: a registry (or something in its place)
// redirecting to plain http on another computer is not followed.
func TestRedirectToPlainHTTPRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://192.0.2.1/v1/enroll", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	_, err := client.New(srv.URL, "", "", nil).Enroll(context.Background(), protocol.EnrollRequest{Code: "ABCD-EFGH-JKMN"})
	if !errors.Is(err, client.ErrInsecure) {
		t.Fatalf("redirect to plain http: %v, want ErrInsecure", err)
	}
}

// tlsServer serves ok over TLS with cfg (httptest's certificate added,
// unless cfg has one). The refused handshakes are not logged.
func tlsServer(t *testing.T, cfg *tls.Config) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("{}")) }))
	srv.TLS = cfg
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func pinOf(srv *httptest.Server) string {
	fp := protocol.Fingerprint(srv.Certificate().Raw)
	return hex.EncodeToString(fp[:])
}

// TestDeviceTLSPolicy: the device's client speaks TLS 1.3, or 1.2 with
// AEAD suites only: a registry offering only CBC, or only TLS 1.1, fails
// the handshake even with the right pin.
func TestDeviceTLSPolicy(t *testing.T) {
	get := func(srv *httptest.Server) error {
		resp, err := client.NewHTTPClient(pinOf(srv)).Get(srv.URL)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	// httptest's certificate is RSA.
	if err := get(tlsServer(t, &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.TLS_RSA_WITH_AES_128_GCM_SHA256}})); err == nil {
		t.Error("handshake with a CBC / RSA key exchange registry succeeded")
	}
	if err := get(tlsServer(t, &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})); err == nil {
		t.Error("handshake with a TLS 1.1 registry succeeded")
	}
	if err := get(tlsServer(t, &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}})); err != nil {
		t.Errorf("TLS 1.2 with ECDHE and AES-GCM: %v", err)
	}
	if err := get(tlsServer(t, protocol.TLSConfig())); err != nil {
		t.Errorf("the registry's own TLS: %v", err)
	}
}

// TestCertificateErrors: an untrusted certificate, or another than the
// pinned one, is ErrCertificate, never ErrOffline; the pinned one works.
func TestCertificateErrors(t *testing.T) {
	srv := tlsServer(t, protocol.TLSConfig())
	otherCfg := protocol.TLSConfig()
	otherCfg.Certificates = []tls.Certificate{selfSigned(t)}
	other := tlsServer(t, otherCfg)
	ctx := context.Background()
	req := protocol.EnrollRequest{Code: "ABCD-EFGH-JKMN"}
	for name, c := range map[string]*client.Client{
		"no pin, unknown authority": client.New(srv.URL, "", "", nil),
		"another certificate's pin": client.New(other.URL, "", "", client.NewHTTPClient(pinOf(srv))),
		"a pin that is no hex":      client.New(srv.URL, "", "", client.NewHTTPClient("not hex")),
	} {
		_, err := c.Enroll(ctx, req)
		if !errors.Is(err, client.ErrCertificate) || errors.Is(err, client.ErrOffline) {
			t.Errorf("%s: %v, want ErrCertificate", name, err)
		}
	}
	// httptest's certificate names 127.0.0.1 and example.com only: the
	// pin stands for the authority and the name.
	if _, err := client.New(srv.URL, "", "", client.NewHTTPClient(pinOf(srv))).Lease(ctx, protocol.LeaseRequest{}); err != nil {
		t.Errorf("the pinned certificate: %v", err)
	}
	// A server that is simply not there is offline, not a certificate.
	srvURL := other.URL
	other.Close()
	if _, err := client.New(srvURL, "", "", client.NewHTTPClient(pinOf(srv))).Lease(ctx, protocol.LeaseRequest{}); !errors.Is(err, client.ErrOffline) {
		t.Errorf("a closed registry: %v, want ErrOffline", err)
	}
}

func TestParseEnrolCode(t *testing.T) {
	der := []byte("certificate bytes")
	fp := protocol.Fingerprint(der)
	pin := hex.EncodeToString(fp[:])
	combined := protocol.FormatEnrolCode("ABCD-EFGH-JKMN", der)
	for _, tc := range []struct {
		in, code, pin string
		bad           bool
	}{
		{"ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN", "", false},
		{combined, "ABCD-EFGH-JKMN", pin, false},
		{" " + combined + "\n", "ABCD-EFGH-JKMN", pin, false},
		{"ABCD-EFGH-JKMN@" + pin, "ABCD-EFGH-JKMN", pin, false},
		{"ABCD-EFGH-JKMN@" + hexColons(fp[:]), "ABCD-EFGH-JKMN", pin, false},
		{"ABCD-EFGH-JKMN@ABCD", "", "", true},
		{"ABCD-EFGH-JKMN@" + pin[:62] + "zz", "", "", true},
	} {
		code, got, err := protocol.ParseEnrolCode(tc.in)
		if tc.bad {
			if !errors.Is(err, protocol.ErrFingerprint) {
				t.Errorf("ParseEnrolCode(%q) = %v, want ErrFingerprint", tc.in, err)
			}
			continue
		}
		if err != nil || code != tc.code || got != tc.pin {
			t.Errorf("ParseEnrolCode(%q) = %q %q %v, want %q %q", tc.in, code, got, err, tc.code, tc.pin)
		}
	}
}

// selfSigned is a certificate of its own for 127.0.0.1, as an office
// would make for its registry.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "rejestr"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func hexColons(b []byte) string {
	s := ""
	for i, x := range b {
		if i > 0 {
			s += ":"
		}
		s += hex.EncodeToString([]byte{x})
	}
	return s
}
