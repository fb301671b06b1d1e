// Package console is Konsola urzędu: the web console the registry serves
// to the central office (the admin, unit heads, the secretary) at
// /console/, and its typed JSON API at /console/api/, apart from the
// devices' protocol. People sign in with their staff accounts, verified by
// the registry; every call is checked against the person's role and
// office, and audited.
package console

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"okienko/sync/registry"
	"okienko/sync/registry/store"
)

// dist is the built console (npm run build:console writes it); a fresh
// clone holds only its placeholder, and the page then says so.
//
//go:embed all:dist
var dist embed.FS

// Timeouts of a console session.
const (
	// IdleTimeout ends a session nobody used for this long.
	IdleTimeout = 15 * time.Minute
	// MaxAge ends every session this long after sign-in.
	MaxAge = 8 * time.Hour
)

// Options configure the console.
type Options struct {
	Logger *slog.Logger
	// Now is the clock (tests move it past the idle timeout).
	Now func() time.Time
	// CertDER is the certificate serve presents: enrolment codes made in
	// the console carry its fingerprint, as `device enroll --tls-cert`.
	CertDER []byte
	// PublicURL is the registry's address devices use; empty: the
	// address the console was opened at.
	PublicURL string
	// Idle and Max override IdleTimeout and MaxAge (tests).
	Idle, Max time.Duration
}

// Console serves Konsola.
type Console struct {
	reg  *registry.Registry
	st   store.Store
	log  *slog.Logger
	now  func() time.Time
	opt  Options
	page fs.FS
	open openIndex // each office's open cases (openindex.go)
}

// New builds the console over a registry.
func New(reg *registry.Registry, opt Options) *Console {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Idle <= 0 {
		opt.Idle = IdleTimeout
	}
	if opt.Max <= 0 {
		opt.Max = MaxAge
	}
	sub, _ := fs.Sub(dist, "dist")
	return &Console{reg: reg, st: reg.Store(), log: opt.Logger, now: opt.Now, opt: opt, page: sub}
}

// csp lets the console's page load only its own scripts and styles,
// images of its own and the QR code drawn as a data: URL, frame only the
// preview PDFs it fetched itself (blob: URLs of its own origin), and talk
// only to the registry that served it.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src blob:; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// headers sets the headers every console answer carries.
func headers(w http.ResponseWriter, req *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	if req.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
}

// Handler serves the console's page and API under /console/.
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	c.routes(mux)
	mux.HandleFunc("GET /console/", c.serveStatic)
	mux.HandleFunc("GET /console", func(w http.ResponseWriter, req *http.Request) {
		http.Redirect(w, req, "/console/", http.StatusMovedPermanently)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		headers(w, req)
		mux.ServeHTTP(w, req)
	})
}

// Mount serves the console beside the registry's own handler.
func (c *Console) Mount(registryHandler http.Handler) http.Handler {
	ch := c.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/console" || strings.HasPrefix(req.URL.Path, "/console/") {
			ch.ServeHTTP(w, req)
			return
		}
		registryHandler.ServeHTTP(w, req)
	})
}

// serveStatic serves the built page; any path that is not a file is the
// page itself (the console routes in the browser).
func (c *Console) serveStatic(w http.ResponseWriter, req *http.Request) {
	name := strings.TrimPrefix(req.URL.Path, "/console/")
	if name == "" || strings.HasPrefix(name, "api/") {
		name = "index.html"
	}
	if f, err := fs.Stat(c.page, name); err != nil || f.IsDir() {
		name = "index.html"
	}
	raw, err := fs.ReadFile(c.page, name)
	if err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("Konsola nie została zbudowana (npm run build:console).\n"))
		return
	}
	if name == "index.html" {
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeContent(w, req, name, time.Time{}, strings.NewReader(string(raw)))
}
