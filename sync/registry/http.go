package registry

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"okienko/app/office"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// MaxCompressedBody bounds what a request may send before decompression.
const MaxCompressedBody = 16 << 20

// Handler serves the registry's HTTP API.
func (r *Registry) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", r.health)
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, req *http.Request) {
		if code := r.metricsAllowed(req); code != http.StatusOK {
			if code == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="okienko-metrics"`)
			}
			http.Error(w, http.StatusText(code), code)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		r.metrics.Write(w)
		r.writeStoreMetrics(req.Context(), w)
	})
	mux.Handle("POST /v1/enroll", r.api("enroll", false, r.handleEnroll))
	mux.Handle("POST /v1/offices/{office}/push", r.api("push", true, r.handlePush))
	mux.Handle("GET /v1/offices/{office}/pull", r.api("pull", true, r.handlePull))
	mux.Handle("POST /v1/offices/{office}/lease", r.api("lease", true, r.handleLease))
	mux.Handle("GET /v1/offices/{office}/snapshot", r.api("snapshot", true, r.handleSnapshot))
	mux.Handle("GET /v1/offices/{office}/conflicts", r.api("conflicts", true, r.handleConflicts))
	mux.Handle("POST /v1/offices/{office}/conflicts/resolve", r.api("resolve", true, r.handleResolve))
	mux.Handle("GET /v1/offices/{office}/date-flags", r.api("date_flags", true, r.handleDateFlags))
	mux.Handle("POST /v1/offices/{office}/date-flags/check", r.api("date_flags_check", true, r.handleCheckDateFlags))
	mux.Handle("GET /v1/offices/{office}/credentials", r.api("credentials", true, r.handleCredentials))
	mux.Handle("POST /v1/offices/{office}/session", r.api("session", true, r.handleSession))
	mux.Handle("POST /v1/offices/{office}/session/password", r.api("session_password", true, r.handlePersonPassword))
	mux.Handle("DELETE /v1/offices/{office}/session", r.api("session_end", true, r.handleEndSession))
	mux.Handle("POST /v1/offices/{office}/audit", r.api("audit", true, r.handleAudit))
	mux.Handle("GET /v1/offices/{office}/device-key", r.api("device_key", true, r.handleDeviceKey))
	mux.Handle("GET /v1/offices/{office}/generation", r.api("generation", true, r.handleGeneration))
	mux.Handle("POST /v1/offices/{office}/resend", r.api("resend", true, r.handleResend))
	r.queueRoutes(mux)
	r.surveyRoutes(mux)
	return mux
}

func (r *Registry) health(w http.ResponseWriter, req *http.Request) {
	ctx, cancel := context.WithTimeout(req.Context(), 2*time.Second)
	defer cancel()
	if _, err := r.st.Offices(ctx); err != nil {
		// Logged once an outage (outage.go), not once a check.
		r.refuseUnavailable(err, false)
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterUnavailable))
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	r.storeAnswered(ctx, true)
	w.Header().Set("Content-Type", "text/plain")
	io.WriteString(w, "ok\n")
}

// call is one API request: the device (when authenticated), the decoded
// body and the encoding to answer in.
type call struct {
	w      http.ResponseWriter
	req    *http.Request
	dev    store.Device
	encode string
}

type apiFunc func(c *call) (any, error)

type statusWriter struct {
	http.ResponseWriter
	code int
}

// ReadFrom lets a served file go out by sendfile(2) as without the wrapper.
func (s *statusWriter) ReadFrom(src io.Reader) (int64, error) {
	if rf, ok := s.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(struct{ io.Writer }{s.ResponseWriter}, src)
}

func (s *statusWriter) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

// preWait bounds the store reads a request makes before its handler.
const preWait = 5 * time.Second

// api wraps a handler with versions, authentication, office scope, the
// registry's clock on every answer, compression, errors and metrics.
func (r *Registry) api(route string, auth bool, fn apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		c := &call{w: sw, req: req, encode: pickEncoding(req.Header.Get("Accept-Encoding"))}
		sw.Header().Set(protocol.HeaderHLC, r.clock.Now().String())
		sw.Header().Set(protocol.HeaderFeatures, protocol.FeaturePushLease)
		defer func() {
			r.metrics.Observe(route, sw.code, time.Since(start))
			r.log.Debug("request", "route", route, "status", sw.code, "device", c.dev.ID, "ms", time.Since(start).Milliseconds())
		}()
		if err := checkVersions(req); err != nil {
			r.fail(c, err)
			return
		}
		// The reads before the handler (the generation once, the device
		// when its token is not cached) are bounded: on a pooled
		// connection to a frozen database they would otherwise wait for
		// ever, and the push must answer 503 within its write deadline.
		pre, cancel := context.WithTimeout(req.Context(), preWait)
		defer cancel()
		if err := r.checkGeneration(pre, c); err != nil {
			r.fail(c, err)
			return
		}
		if auth {
			// Only "Bearer <token>": a bare header is a client bug, not a token.
			token, ok := strings.CutPrefix(req.Header.Get(protocol.HeaderAuth), "Bearer ")
			if !ok {
				token = ""
			}
			dev, err := r.Authenticate(pre, token)
			if err != nil {
				r.fail(c, err)
				return
			}
			if req.PathValue("office") != dev.OfficeID {
				r.log.Warn("device asked for another office", "device", dev.ID)
				r.fail(c, ErrForbidden)
				return
			}
			c.dev = dev
			r.noteSeen(req.Context(), token, dev)
			r.noteReport(req.Context(), dev, req.Header.Get(protocol.HeaderDevice))
		}
		out, err := fn(c)
		if err != nil {
			r.fail(c, err)
			return
		}
		r.storeAnswered(req.Context(), false)
		if _, ok := out.(served); ok {
			return
		}
		r.reply(c, http.StatusOK, out)
	})
}

// errUpgrade is a version the registry does not speak.
type errUpgrade struct{ hint string }

func (e errUpgrade) Error() string { return "registry: upgrade required: " + e.hint }

func checkVersions(req *http.Request) error {
	if p := req.Header.Get(protocol.HeaderProtocol); p != strconv.Itoa(protocol.ProtocolVersion) {
		// A device of an older protocol (or none) is told to update; one
		// of a newer, that the registry is behind.
		if v, err := strconv.Atoi(p); err == nil && v > protocol.ProtocolVersion {
			return errUpgrade{"protocol " + p + ": the registry is older than this device"}
		}
		return errUpgrade{"protocol " + p + ": update Okienko on this device"}
	}
	s, err := strconv.Atoi(req.Header.Get(protocol.HeaderSchema))
	if err != nil || s < protocol.MinSchema {
		return errUpgrade{"update Okienko on this device"}
	}
	if s > protocol.SchemaVersion {
		return errUpgrade{"the registry is older than this device"}
	}
	return nil
}

func pickEncoding(accept string) string {
	switch {
	case strings.Contains(accept, protocol.EncodingZstd):
		return protocol.EncodingZstd
	case strings.Contains(accept, protocol.EncodingGzip):
		return protocol.EncodingGzip
	}
	return ""
}

func (r *Registry) reply(c *call, code int, v any) {
	body, ok := v.(encodedBody)
	var err error
	if !ok {
		body, err = protocol.Encode(v, c.encode)
	}
	if err != nil {
		r.log.Error("encode answer", "err", err)
		c.w.WriteHeader(http.StatusInternalServerError)
		return
	}
	c.w.Header().Set("Content-Type", "application/json")
	if c.encode != "" {
		c.w.Header().Set("Content-Encoding", c.encode)
	}
	c.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(code)
	c.w.Write(body)
}

func (r *Registry) fail(c *call, err error) {
	code, body := http.StatusInternalServerError, protocol.ErrorBody{Error: "internal"}
	var up errUpgrade
	var mbe *http.MaxBytesError
	var many errTooMany
	var qe queueError
	pcode, pbody, person := personError(err)
	switch {
	case r.unavailable(c.req.Context(), err):
		r.refuseUnavailable(err, true)
		c.w.Header().Set("Retry-After", strconv.Itoa(RetryAfterUnavailable))
		code, body = http.StatusServiceUnavailable, protocol.ErrorBody{Error: "unavailable", Hint: "retry after " + strconv.Itoa(RetryAfterUnavailable) + " s"}
	case errors.As(err, &qe):
		code, body = qe.status, protocol.ErrorBody{Error: qe.code, Hint: qe.hint}
	case errors.As(err, &many):
		c.w.Header().Set("Retry-After", strconv.Itoa(many.retryAfter()))
		code, body = http.StatusTooManyRequests, protocol.ErrorBody{Error: "too_many", Hint: "retry after " + strconv.Itoa(many.retryAfter()) + " s"}
	case person:
		code, body = pcode, pbody
	case errors.As(err, &up):
		code, body = http.StatusUpgradeRequired, protocol.ErrorBody{Error: "upgrade", Hint: up.hint}
	case errors.Is(err, ErrUnauthorized):
		code, body = http.StatusUnauthorized, protocol.ErrorBody{Error: "unauthorized"}
	case errors.Is(err, ErrForbidden):
		code, body = http.StatusForbidden, protocol.ErrorBody{Error: "forbidden"}
	case errors.Is(err, ErrGeneration):
		code, body = http.StatusConflict, protocol.ErrorBody{Error: protocol.ErrorGeneration, Hint: "send again what the restored registry lacks"}
	case errors.Is(err, ErrMustRefetch):
		code, body = http.StatusGone, protocol.ErrorBody{Error: "must_refetch"}
	case errors.Is(err, protocol.ErrTooLarge), errors.As(err, &mbe):
		code, body = http.StatusRequestEntityTooLarge, protocol.ErrorBody{Error: "too_large"}
	case errors.Is(err, protocol.ErrInvalid):
		code, body = http.StatusBadRequest, protocol.ErrorBody{Error: "bad_request", Hint: err.Error()}
	case errors.Is(err, store.ErrExpired):
		code, body = http.StatusUnauthorized, protocol.ErrorBody{Error: "code_invalid"}
	case errors.Is(err, store.ErrNotFound):
		code, body = http.StatusNotFound, protocol.ErrorBody{Error: "not_found"}
	case errors.Is(err, store.ErrExists):
		code, body = http.StatusConflict, protocol.ErrorBody{Error: "exists"}
	default:
		r.log.Error("request failed", "err", err)
	}
	r.reply(c, code, body)
}

// decodeBody reads and validates a request body.
func decodeBody(c *call, v interface{ Validate() error }) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.w, c.req.Body, MaxCompressedBody))
	if err != nil {
		return err
	}
	if err := protocol.Decode(body, c.req.Header.Get("Content-Encoding"), v); err != nil {
		return err
	}
	return v.Validate()
}

// handleEnroll exchanges a code for a credential, a limited number of
// times per address: every attempt that does not enrol a device counts.
func (r *Registry) handleEnroll(c *call) (any, error) {
	addr := r.clientAddr(c.req)
	if err := r.enrolTries.begin(addr, r.now()); err != nil {
		return nil, err
	}
	var req protocol.EnrollRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	resp, err := r.Enroll(c.req.Context(), req)
	if err == nil {
		r.enrolTries.done(addr)
	}
	return resp, err
}

func (r *Registry) handlePush(c *call) (any, error) {
	var req protocol.PushRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.Push(c.req.Context(), c.dev, req)
}

func (r *Registry) handlePull(c *call) (any, error) {
	q := c.req.URL.Query()
	after, err := strconv.ParseInt(q.Get("after"), 10, 64)
	if err != nil || after < 0 {
		return nil, protocol.ErrInvalid
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if s := q.Get(protocol.QuerySeen); s != "" {
		seen, err := strconv.ParseInt(s, 10, 64)
		if err != nil || seen < 0 {
			return nil, protocol.ErrInvalid
		}
		if err := r.catchUp(c.req.Context(), c.dev.OfficeID, seen); err != nil {
			return nil, err
		}
	}
	stamps := q.Get(protocol.QueryRowStamps) == "row"
	page, err := r.Pull(c.req.Context(), c.dev, after, limit, stamps)
	if err != nil {
		return nil, err
	}
	return r.encodePage(c, after, page, stamps)
}

func (r *Registry) handleGeneration(c *call) (any, error) {
	return r.GenerationInfo(c.req.Context(), c.dev)
}

func (r *Registry) handleResend(c *call) (any, error) {
	var req protocol.ResendRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.Resend(c.req.Context(), c.dev, req)
}

func (r *Registry) handleLease(c *call) (any, error) {
	var req protocol.LeaseRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	return r.Lease(c.req.Context(), c.dev, req)
}

func (r *Registry) handleConflicts(c *call) (any, error) {
	return r.conflictsFor(c.req.Context(), c.dev)
}

// handleResolve settles a conflict for a head or the admin, whose
// person session comes with the request; the decision is recorded as
// theirs.
func (r *Registry) handleResolve(c *call) (any, error) {
	var req protocol.ResolveRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	p, err := r.requirePerson(c, office.RoleHead, office.RoleAdmin)
	if err != nil {
		return nil, err
	}
	if err := r.resolveFor(c.req.Context(), c.dev.OfficeID, p, req); err != nil {
		return nil, err
	}
	r.log.Info("conflict resolved", "office", c.dev.OfficeID, "device", c.dev.ID, "staff", p.StaffID, "conflict", req.ID)
	return r.conflictsFor(c.req.Context(), c.dev)
}

func (r *Registry) handleDateFlags(c *call) (any, error) {
	return r.dateFlagsFor(c.req.Context(), c.dev)
}

// handleCheckDateFlags marks date flags checked for a head or the admin,
// whose person session comes with the request, as resolving a conflict
// does; the check is recorded as theirs.
func (r *Registry) handleCheckDateFlags(c *call) (any, error) {
	var req protocol.DateFlagCheckRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	p, err := r.requirePerson(c, office.RoleHead, office.RoleAdmin)
	if err != nil {
		return nil, err
	}
	if p.Role == office.RoleHead {
		// A head checks their own unit's cases, as they resolve its
		// conflicts only (resolveFor).
		if err := r.flagsOfUnit(c.req.Context(), c.dev.OfficeID, p.StaffID, req.IDs); err != nil {
			return nil, err
		}
	}
	if err := r.CheckDateFlags(c.req.Context(), c.dev.OfficeID, p.StaffID, req.IDs); err != nil {
		return nil, err
	}
	r.log.Info("date flags checked", "office", c.dev.OfficeID, "device", c.dev.ID, "staff", p.StaffID, "flags", len(req.IDs))
	return r.dateFlagsFor(c.req.Context(), c.dev)
}
