package protocol

import (
	"bytes"
	"crypto/tls"
	"encoding/hex"
	"strings"
	"testing"
)

// TestTLSConfigSuites: TLS 1.2 at least, and every 1.2 suite has forward
// secrecy and an AEAD cipher: nothing CBC, RC4, 3DES, SHA-1 or RSA key
// exchange.
func TestTLSConfigSuites(t *testing.T) {
	cfg := TLSConfig()
	if cfg.MinVersion != tls.VersionTLS12 || cfg.MaxVersion != 0 {
		t.Fatalf("versions %x..%x, want TLS 1.2 up to the newest", cfg.MinVersion, cfg.MaxVersion)
	}
	if len(cfg.CipherSuites) == 0 {
		t.Fatal("no suites: Go's defaults would apply")
	}
	for _, id := range cfg.CipherSuites {
		name := tls.CipherSuiteName(id)
		if !strings.HasPrefix(name, "TLS_ECDHE_") || !(strings.Contains(name, "_GCM_") || strings.Contains(name, "CHACHA20_POLY1305")) ||
			strings.Contains(name, "CBC") {
			t.Errorf("suite %s is not ECDHE with AEAD", name)
		}
	}
	// Each call is a fresh copy: a caller adding a pin changes no other.
	TLSConfig().CipherSuites[0] = 0
	if TLSConfig().CipherSuites[0] == 0 {
		t.Fatal("TLSConfig shares its suites between callers")
	}
}

func FuzzParseEnrolCode(f *testing.F) {
	f.Add("ABCD-EFGH-JKMN", []byte("cert"))
	f.Add("ABCD-EFGH-JKMN@", []byte{})
	f.Add("@@@", []byte("x"))
	f.Fuzz(func(t *testing.T, s string, der []byte) {
		code, pin, err := ParseEnrolCode(s)
		if err == nil && pin != "" {
			if raw, herr := hex.DecodeString(pin); herr != nil || len(raw) != 32 {
				t.Fatalf("ParseEnrolCode(%q) pin %q is not 32 bytes of hex", s, pin)
			}
		}
		_ = code
		// What FormatEnrolCode writes reads back as the code and the pin.
		if strings.Contains(s, "@") || strings.TrimSpace(s) != s {
			return
		}
		c, p, err := ParseEnrolCode(FormatEnrolCode(s, der))
		fp := Fingerprint(der)
		if err != nil || c != s || !bytes.Equal(mustHex(t, p), fp[:]) {
			t.Fatalf("round trip of %q: %q %q %v", s, c, p, err)
		}
	})
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
