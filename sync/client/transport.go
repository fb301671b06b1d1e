package client

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"okienko/sync/protocol"
)

// Transport errors a caller shows apart from "offline".
var (
	// ErrBadURL is a registry address that is not one.
	ErrBadURL = errors.New("client: registry address invalid")
	// ErrInsecure is a registry address over plain http on another
	// computer: tokens, PESELs and passwords' verifiers would cross the
	// office's network readable. Plain http is only for this computer.
	ErrInsecure = errors.New("client: registry address must be https")
	// ErrCertificate is a registry that answered with a certificate the
	// device does not trust (unknown authority, expired, another name, or
	// not the one pinned at enrolment): it was reached, and must not be
	// talked to.
	ErrCertificate = errors.New("client: registry certificate not trusted")
)

// CheckURL reads a registry address: https anywhere, plain http only on
// loopback (127.0.0.0/8, ::1, localhost), with a host, without
// credentials, query or fragment.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Opaque != "" || u.Host == "" || u.Hostname() == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !loopback(u.Hostname()) {
			return nil, fmt.Errorf("%w: %s", ErrInsecure, u.Host)
		}
	default:
		return nil, fmt.Errorf("%w: scheme %q", ErrBadURL, u.Scheme)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u, nil
}

// loopback reports whether host names this computer by address, or as
// "localhost", which resolves to loopback only.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewHTTPClient is the device's HTTP client for the registry: the
// protocol's TLS (protocol.TLSConfig), redirects only to addresses
// CheckURL takes, a minute per request. With pin (the hex SHA-256 of the
// registry certificate's DER, from the enrolment code) the certificate
// must be exactly that one, and is then trusted without an authority, a
// matching name or its dates: an office's self-signed certificate is
// pinned, not installed, and its key, not a calendar, makes it the
// registry's (a renewed certificate means enrolling again with a new
// code). A pin that does not read as hex matches no certificate.
// Without a pin the system's authorities verify it.
func NewHTTPClient(pin string) *http.Client {
	cfg := protocol.TLSConfig()
	if pin != "" {
		want, _ := hex.DecodeString(pin)
		// The pin replaces the chain and the name: VerifyConnection sees
		// the certificates the registry sent, and accepts only the pinned one.
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errPinMismatch
			}
			got := protocol.Fingerprint(cs.PeerCertificates[0].Raw)
			if len(want) != len(got) || !bytes.Equal(got[:], want) {
				return errPinMismatch
			}
			return nil
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg
	return &http.Client{Timeout: 60 * time.Second, Transport: tr, CheckRedirect: checkRedirect}
}

// errPinMismatch is a certificate other than the one pinned.
var errPinMismatch = errors.New("client: registry certificate is not the one pinned at enrolment")

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("client: too many redirects")
	}
	_, err := CheckURL(req.URL.String())
	return err
}

// transportError classifies a failed request: an untrusted certificate
// or an insecure redirect is not the network being down.
func transportError(err error) error {
	var (
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		hostname x509.HostnameError
		verify   *tls.CertificateVerificationError
	)
	switch {
	case errors.Is(err, errPinMismatch), errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &hostname), errors.As(err, &verify):
		return fmt.Errorf("%w: %v", ErrCertificate, err)
	case errors.Is(err, ErrInsecure), errors.Is(err, ErrBadURL):
		return fmt.Errorf("client: redirect: %w", err)
	}
	return fmt.Errorf("%w: %v", ErrOffline, err)
}
