package engine_test

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
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/db"
	"okienko/sync/client"
	"okienko/sync/engine"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// officeCert is a self-signed certificate for 127.0.0.1, as an office
// makes for its registry: no authority a device knows signed it.
func officeCert(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "rejestr"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// tlsRegistry is a real registry served over HTTPS with the registry's
// TLS policy; the certificate it presents can be changed between
// connections (a renewed certificate, or someone in the registry's place).
type tlsRegistry struct {
	*synctest.Registry
	cert atomic.Pointer[tls.Certificate]

	mu    sync.Mutex
	conns map[net.Conn]bool
}

// present makes the registry present cert from now on, closing the
// connections open with the old one (devices keep them alive).
func (r *tlsRegistry) present(cert tls.Certificate) {
	r.cert.Store(&cert)
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.conns {
		c.Close()
	}
}

func newTLSRegistry(t *testing.T, cert tls.Certificate) *tlsRegistry {
	t.Helper()
	r := &tlsRegistry{Registry: synctest.NewRegistry(t, nil, registry.Options{}), conns: map[net.Conn]bool{}}
	r.cert.Store(&cert)
	cfg := protocol.TLSConfig()
	cfg.GetCertificate = func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return r.cert.Load(), nil }
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: r.Handler(), ErrorLog: log.New(io.Discard, "", 0), ConnState: func(c net.Conn, s http.ConnState) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if s == http.StateClosed || s == http.StateHijacked {
			delete(r.conns, c)
		} else {
			r.conns[c] = true
		}
	}}
	go srv.Serve(tls.NewListener(ln, cfg))
	t.Cleanup(func() { srv.Close() })
	r.URL = "https://" + ln.Addr().String()
	return r
}

func (r *tlsRegistry) code(t *testing.T) string {
	t.Helper()
	code, _, err := r.NewEnrollment(context.Background(), r.OfficeID, "laptop", synctest.DemoLogins(t))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// restart closes the device's store and opens it again with a fresh
// engine using the production HTTP client, as the app does at start.
func restart(t *testing.T, d *synctest.Device) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	if err := d.Store.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Open(ctx, d.Dir, db.Options{Cipher: keys.TestCipher("sync-tests")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d.Store = st
	eng, err := engine.New(ctx, st, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Engine = eng
	return eng
}

func pinOf(c tls.Certificate) string {
	fp := protocol.Fingerprint(c.Certificate[0])
	return hex.EncodeToString(fp[:])
}

// TestPinnedRegistry: an office's self-signed registry. Without a pin the
// device refuses it as untrusted (not offline); with another
// certificate's fingerprint too. With the fingerprint the admin printed,
// it enrols and syncs; the pin is kept, so a registry presenting another
// certificate, even after a restart, is refused with the status
// "certificate", and the right one works again.
func TestPinnedRegistry(t *testing.T) {
	ctx := context.Background()
	certA, certB := officeCert(t), officeCert(t)
	r := newTLSRegistry(t, certA)
	d := synctest.NewDevice(t, synctest.DeviceOptions{})

	code := r.code(t)
	if _, err := d.Engine.Enroll(ctx, r.URL, code, "laptop"); !errors.Is(err, client.ErrCertificate) || errors.Is(err, client.ErrOffline) {
		t.Fatalf("enrolment without a pin: %v, want ErrCertificate", err)
	}
	if _, err := d.Engine.Enroll(ctx, r.URL, protocol.FormatEnrolCode(code, certB.Certificate[0]), "laptop"); !errors.Is(err, client.ErrCertificate) {
		t.Fatalf("enrolment with another certificate's fingerprint: %v, want ErrCertificate", err)
	}
	if _, err := d.Engine.Enroll(ctx, r.URL, protocol.FormatEnrolCode(code, certA.Certificate[0]), "laptop"); err != nil {
		t.Fatalf("enrolment with the registry's fingerprint: %v", err)
	}
	if ss, _ := d.Store.SyncState(ctx); ss.Pin != pinOf(certA) {
		t.Fatalf("stored pin %q, want %q", ss.Pin, pinOf(certA))
	}
	if err := d.Engine.Round(ctx); err != nil {
		t.Fatalf("a later round: %v", err)
	}

	// Someone answers in the registry's place with another certificate.
	r.present(certB)
	err := d.Engine.Round(ctx)
	st := d.Engine.Status(ctx)
	if !errors.Is(err, client.ErrCertificate) || st.LastError != "certificate" || st.Online {
		t.Fatalf("round against another certificate: %v, status %q online %v; want certificate, not online", err, st.LastError, st.Online)
	}

	// The pin survives a restart.
	eng := restart(t, d)
	if err := eng.Round(ctx); !errors.Is(err, client.ErrCertificate) || eng.Status(ctx).LastError != "certificate" {
		t.Fatalf("after a restart, another certificate: %v, status %q", err, eng.Status(ctx).LastError)
	}
	r.present(certA)
	if err := eng.Round(ctx); err != nil {
		t.Fatalf("after a restart, the pinned certificate: %v", err)
	}
	if st := eng.Status(ctx); st.LastError != "" || !st.Online {
		t.Fatalf("status after a good round: %+v", st)
	}
}

// TestUntrustedCertificateIsItsOwnStatus: a device enrolled to a registry
// (here through a client that trusted its certificate) whose certificate
// the production client does not trust gets the status "certificate",
// not "offline", and the Synchronizacja screen says so apart.
func TestUntrustedCertificateIsItsOwnStatus(t *testing.T) {
	ctx := context.Background()
	cert := officeCert(t)
	r := newTLSRegistry(t, cert)
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	d := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: trusting})
	if _, err := d.Engine.Enroll(ctx, r.URL, r.code(t), "laptop"); err != nil {
		t.Fatal(err)
	}
	eng := restart(t, d)
	err := eng.Round(ctx)
	st := eng.Status(ctx)
	if !errors.Is(err, client.ErrCertificate) || st.LastError != "certificate" || st.Online {
		t.Fatalf("round against an untrusted certificate: %v, status %q online %v", err, st.LastError, st.Online)
	}
	core := app.NewCore(app.Deps{Store: d.Store, I18n: mustBundle(t), Sync: eng, Opener: &app.NoOpener{}, DataDir: d.Dir, Version: "test"})
	if err := core.Bootstrap(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewAuthService(core).SignIn("jnowak", demo.Password); err != nil {
		t.Fatal(err)
	}
	view, err := app.NewSyncService(core).Status()
	if err != nil {
		t.Fatal(err)
	}
	if !view.Untrusted || view.Error != "certyfikat rejestru nie jest zaufany" {
		t.Fatalf("the screen's status: untrusted %v, error %q", view.Untrusted, view.Error)
	}
}

func mustBundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// errKey is the i18n key of a user-facing error ("" if it has none).
func errKey(err error) (string, map[string]string) {
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return ie.Key, ie.Args
	}
	return "", nil
}

// TestEnrolmentErrorsForPeople: what the enrolment screen tells the
// clerk: plain http to another computer is refused before anything is
// sent; an untrusted certificate, an unreadable fingerprint and too many
// attempts each have their own message; the pinned code enrols.
func TestEnrolmentErrorsForPeople(t *testing.T) {
	cert := officeCert(t)
	r := newTLSRegistry(t, cert)
	d := synctest.NewDevice(t, synctest.DeviceOptions{})
	svc := app.NewSyncService(d.Core)
	code := r.code(t)

	for _, tc := range []struct{ url, code, key string }{
		{"http://10.0.0.1:8470", code, "sync.insecureURL"},
		{"http://rejestr.przykladowo.gov.pl", code, "sync.insecureURL"},
		{"ftp://rejestr.przykladowo.gov.pl", code, "sync.badURL"},
		{r.URL, code, "sync.certificate"},
		{r.URL, code + "@ABCD-EFGH", "sync.badFingerprint"},
	} {
		_, err := svc.Enroll(tc.url, tc.code)
		if key, _ := errKey(err); key != tc.key {
			t.Errorf("Enroll(%q, %q) = %v (key %q), want %q", tc.url, tc.code, err, key, tc.key)
		}
	}
	// Wrong codes: the sixth past the free ones waits, and says how long.
	var key string
	var args map[string]string
	for i := 0; i < 8 && key != "sync.tooManyAttempts"; i++ {
		_, err := svc.Enroll(r.URL, protocol.FormatEnrolCode("ABCD-EFGH-JKMN", cert.Certificate[0]))
		key, args = errKey(err)
		if key != "sync.codeInvalid" && key != "sync.tooManyAttempts" {
			t.Fatalf("wrong code %d: %v (key %q)", i+1, err, key)
		}
	}
	if key != "sync.tooManyAttempts" || args["seconds"] != "1" {
		t.Fatalf("too many wrong codes: key %q args %v", key, args)
	}
	time.Sleep(1100 * time.Millisecond)
	st, err := svc.Enroll(" "+r.URL+" ", protocol.FormatEnrolCode(code, cert.Certificate[0]))
	if err != nil || !st.Enrolled || st.Untrusted {
		t.Fatalf("pinned enrolment through the app: %v %+v", err, st)
	}
}
