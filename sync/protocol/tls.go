package protocol

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// TLSConfig is the TLS both ends speak: TLS 1.3, or TLS 1.2 with forward
// secrecy (ECDHE) and an AEAD cipher (AES-GCM, ChaCha20-Poly1305) only:
// no CBC, no SHA-1 MACs, no RSA key exchange. Go prefers 1.3 on its own
// and does not let 1.3's suites be narrowed (all three are AEAD). The
// registry serves with it and the device dials with it; each call
// returns a fresh copy to add certificates or checks to.
func TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
			tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
		},
	}
}

// Fingerprint is what a device pins of the registry's certificate: the
// SHA-256 of the leaf certificate's DER bytes, the same figure
// `openssl x509 -noout -fingerprint -sha256` prints (there in hex).
func Fingerprint(certDER []byte) [32]byte { return sha256.Sum256(certDER) }

// fpText is the fingerprint as a person copies it: base32 without
// padding (52 letters A-Z and digits 2-7), in groups of four.
var fpText = base32.StdEncoding.WithPadding(base32.NoPadding)

// FormatEnrolCode joins a one-time code and the registry certificate's
// fingerprint into what the clerk types or pastes at enrolment:
// "ABCD-EFGH-JKMN@XXXX-XXXX-…" (13 groups of the fingerprint in base32).
// Without a certificate the code stands alone.
func FormatEnrolCode(code string, certDER []byte) string {
	if certDER == nil {
		return code
	}
	fp := Fingerprint(certDER)
	return code + "@" + groups(fpText.EncodeToString(fp[:]))
}

func groups(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			sb.WriteByte('-')
		}
		sb.WriteString(s[i:min(i+4, len(s))])
	}
	return sb.String()
}

// ErrFingerprint is a fingerprint that does not read as 32 bytes.
var ErrFingerprint = errors.New("protocol: certificate fingerprint unreadable")

// ParseEnrolCode splits what the clerk entered into the one-time code and
// the pinned fingerprint as lowercase hex ("" when none was given). The
// fingerprint may be base32 (as FormatEnrolCode writes it) or hex (as
// openssl prints it), in any case, with spaces, dashes or colons between
// its characters.
func ParseEnrolCode(s string) (code, pin string, err error) {
	code, fp, found := strings.Cut(strings.TrimSpace(s), "@")
	code = strings.TrimSpace(code)
	if !found {
		return code, "", nil
	}
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', ':', '\t', '\n', '\r':
			return -1
		}
		return r
	}, strings.ToUpper(fp))
	var raw []byte
	switch len(clean) {
	case 52:
		raw, err = fpText.DecodeString(clean)
	case 64:
		raw, err = hex.DecodeString(clean)
	default:
		err = fmt.Errorf("%d characters", len(clean))
	}
	if err != nil || len(raw) != sha256.Size {
		return code, "", fmt.Errorf("%w: %v", ErrFingerprint, err)
	}
	return code, hex.EncodeToString(raw), nil
}
