// Package client is the device's HTTP client for the registry: versioned,
// compressed requests, the device credential, typed errors, and the
// registry's clock read from every answer.
package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"okienko/sync/hlc"
	"okienko/sync/protocol"
)

// Errors a caller acts on.
var (
	ErrUnauthorized = errors.New("client: credential refused (revoked?)")
	ErrCodeInvalid  = errors.New("client: enrolment code invalid or expired")
	ErrForbidden    = errors.New("client: forbidden")
	ErrMustRefetch  = errors.New("client: registry asks to refetch from the start")
	ErrUpgrade      = errors.New("client: registry asks for an upgrade")
	ErrTooLarge     = errors.New("client: request too large")
	// ErrRefused is the registry's 400: it read the request and found it
	// malformed. A garbled answer is not this: that one is never the
	// request's fault, so it must not quarantine anything.
	ErrRefused = errors.New("client: registry refused the request")
	ErrServer  = errors.New("client: registry error")
	ErrOffline = errors.New("client: registry unreachable")
	// ErrRateLimited is the registry's 429: too many attempts from this
	// address (enrolment codes); a *RetryError says how long to wait.
	ErrRateLimited = errors.New("client: too many attempts")
)

// RetryError is a 429 with the wait the registry asked for.
type RetryError struct{ After time.Duration }

func (e *RetryError) Error() string {
	return fmt.Sprintf("client: too many attempts, retry after %s", e.After)
}

// Unwrap makes a RetryError an ErrRateLimited.
func (e *RetryError) Unwrap() error { return ErrRateLimited }

// Client talks to one registry for one office.
type Client struct {
	base   string
	bad    error // the address failed CheckURL: every request fails with it
	office string
	token  string
	hc     *http.Client
	schema int
	now    func() time.Time

	mu        sync.Mutex
	serverHLC hlc.Timestamp
	seenAt    time.Time
	features  string // HeaderFeatures of the last answer
	gen       string // HeaderGeneration of the last answer that carried one
	expect    string // the generation the device synced with, named on requests (generation.go)
	report    string // protocol.HeaderDevice's value, "" none

	seq atomic.Int64 // the office's sequence in the last push or lease answer (protocol.QuerySeen)

	sent     atomic.Int64 // request body bytes, compressed
	received atomic.Int64
}

// New returns a client. token and office may be empty for enrolment. hc
// nil is NewHTTPClient without a pin. An address CheckURL refuses (plain
// http to another computer) makes every request fail with its error
// before anything is sent, whoever built the client.
func New(base, token, office string, hc *http.Client) *Client {
	if hc == nil {
		hc = NewHTTPClient("")
	}
	c := &Client{base: strings.TrimRight(base, "/"), token: token, office: office, hc: hc, schema: protocol.SchemaVersion, now: time.Now}
	if _, err := CheckURL(base); err != nil {
		c.bad = err
	}
	return c
}

// WithClock makes the client read the device's clock from now when it
// notes the registry's clock: the engine compares the two to correct the
// device's HLC, so both readings must come from the same clock.
func (c *Client) WithClock(now func() time.Time) *Client { c.now = now; return c }

// WithSchema makes the client announce another schema version (tests of
// an older device).
func (c *Client) WithSchema(v int) *Client { c.schema = v; return c }

// BytesSent is the compressed size of every request body so far.
func (c *Client) BytesSent() int64 { return c.sent.Load() }

// BytesReceived is the compressed size of every answer body so far.
func (c *Client) BytesReceived() int64 { return c.received.Load() }

// ServerClock returns the registry's latest clock reading and when it was
// read, or false before any answer.
func (c *Client) ServerClock() (hlc.Timestamp, time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.serverHLC, c.seenAt, !c.seenAt.IsZero()
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	_, _, err := c.doHeader(ctx, method, path, nil, in, out)
	return err
}

// doHeader is do with extra request headers; it returns the answer's
// status and headers. A 304 is no error, and decodes nothing.
func (c *Client) doHeader(ctx context.Context, method, path string, hdr map[string]string, in, out any) (int, http.Header, error) {
	var body io.Reader
	if in != nil {
		raw, err := encodeBody(in)
		if err != nil {
			return 0, nil, err
		}
		c.sent.Add(int64(len(raw)))
		body = bytes.NewReader(raw)
	}
	req, err := c.newRequest(ctx, method, path, body)
	if err != nil {
		return 0, nil, err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	req.Header.Set("Accept-Encoding", protocol.EncodingZstd+", "+protocol.EncodingGzip)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", protocol.EncodingZstd)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, transportError(err)
	}
	defer resp.Body.Close()
	c.noteAnswer(resp)
	// Read into a buffer of the pool: the answer is decoded into values
	// that never alias it, and a device reads a page on every pull.
	buf := answerBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 8<<20 { // a rare huge answer is not kept
			answerBuffers.Put(buf)
		}
	}()
	if n := resp.ContentLength; n > 0 && n <= protocol.MaxBodyBytes {
		buf.Grow(int(n) + bytes.MinRead) // and room to see the end
	}
	_, err = buf.ReadFrom(io.LimitReader(resp.Body, protocol.MaxBodyBytes+1))
	raw := buf.Bytes()
	if err != nil {
		// The registry may have committed before the answer was cut; the
		// caller retries the same batch, which the registry recognises.
		return 0, nil, fmt.Errorf("%w: answer cut: %v", ErrOffline, err)
	}
	c.received.Add(int64(len(raw)))
	if resp.StatusCode == http.StatusNotModified || resp.StatusCode == http.StatusNoContent {
		return resp.StatusCode, resp.Header, nil
	}
	if resp.StatusCode != http.StatusOK {
		var eb protocol.ErrorBody
		_ = protocol.DecodeLenient(raw, resp.Header.Get("Content-Encoding"), &eb)
		return resp.StatusCode, resp.Header, statusError(resp, eb)
	}
	if out == nil {
		return resp.StatusCode, resp.Header, nil
	}
	if err := protocol.DecodeLenient(raw, resp.Header.Get("Content-Encoding"), out); err != nil {
		return resp.StatusCode, resp.Header, fmt.Errorf("%w: %v", ErrOffline, err) // a garbled answer is a network fault
	}
	return resp.StatusCode, resp.Header, nil
}

// answerBuffers hold answers' bodies while they are decoded.
var answerBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// newRequest is a request to the registry with the versions and, once
// enrolled, the device's credential.
func (c *Client) newRequest(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	if c.bad != nil {
		return nil, c.bad
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
	req.Header.Set(protocol.HeaderSchema, strconv.Itoa(c.schema))
	if c.token != "" {
		req.Header.Set(protocol.HeaderAuth, "Bearer "+c.token)
	}
	c.mu.Lock()
	if c.expect != "" {
		req.Header.Set(protocol.HeaderGeneration, c.expect)
	}
	if c.report != "" {
		req.Header.Set(protocol.HeaderDevice, c.report)
	}
	c.mu.Unlock()
	return req, nil
}

// noteAnswer keeps the registry's clock and features an answer carries.
// The features are the last answer's, whatever it was: a registry put
// back to an older version stops naming what it no longer takes.
func (c *Client) noteAnswer(resp *http.Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.features = resp.Header.Get(protocol.HeaderFeatures)
	if g := resp.Header.Get(protocol.HeaderGeneration); protocol.ValidGeneration(g) {
		c.gen = g
	}
	if h := resp.Header.Get(protocol.HeaderHLC); h != "" {
		if ts, err := hlc.Parse(h); err == nil {
			c.serverHLC, c.seenAt = ts, c.now()
		}
	}
}

// Supports reports whether the registry's last answer named feature
// (protocol.Feature*); before any answer, nothing is supported.
func (c *Client) Supports(feature string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for f := range strings.SplitSeq(c.features, ",") {
		if strings.TrimSpace(f) == feature {
			return true
		}
	}
	return false
}

func statusError(resp *http.Response, eb protocol.ErrorBody) error {
	code := resp.StatusCode
	if strings.HasPrefix(eb.Error, "queue_") && (code == http.StatusConflict || code == http.StatusBadRequest) {
		return &QueueError{Code: eb.Error, Hint: eb.Hint}
	}
	if code == http.StatusNotFound && eb.Error == "not_found" {
		return notFoundError{}
	}
	switch code {
	case http.StatusServiceUnavailable:
		return unavailableError(resp)
	case http.StatusTooManyRequests:
		secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
		if err != nil || secs < 1 {
			secs = 1
		}
		return &RetryError{After: time.Duration(secs) * time.Second}
	case http.StatusUnauthorized:
		if eb.Error == "code_invalid" {
			return ErrCodeInvalid
		}
		return ErrUnauthorized
	case http.StatusForbidden:
		return forbidden(eb)
	case http.StatusGone:
		return ErrMustRefetch
	case http.StatusConflict:
		if eb.Error == protocol.ErrorGeneration {
			return ErrGeneration
		}
	case http.StatusUpgradeRequired:
		return fmt.Errorf("%w: %s", ErrUpgrade, eb.Hint)
	case http.StatusRequestEntityTooLarge:
		return ErrTooLarge
	case http.StatusBadRequest:
		if eb.Error == protocol.ErrorWeakPassword {
			return ErrWeakPassword
		}
		return fmt.Errorf("%w: bad request: %s", ErrRefused, eb.Hint)
	}
	if code >= 500 {
		return fmt.Errorf("%w: %d %s", ErrServer, code, eb.Error)
	}
	return fmt.Errorf("%w: status %d %s", ErrServer, code, eb.Error)
}

func (c *Client) officePath(p string) string { return "/v1/offices/" + url.PathEscape(c.office) + p }

// Enroll exchanges a one-time code for a credential.
func (c *Client) Enroll(ctx context.Context, req protocol.EnrollRequest) (protocol.EnrollResponse, error) {
	var out protocol.EnrollResponse
	if err := c.do(ctx, http.MethodPost, "/v1/enroll", req, &out); err != nil {
		return out, err
	}
	if out.Token == "" || !protocol.ValidID(out.OfficeID) {
		return out, fmt.Errorf("%w: enrolment answer", protocol.ErrInvalid)
	}
	return out, nil
}

// Push sends a batch and checks that the answer accounts for every op.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) (protocol.PushResponse, error) {
	return c.PushEncoded(ctx, EncodedPush{Req: req})
}

// EncodedPush is a push request with its body encoded ahead (EncodePush):
// the engine encodes the next batch while the registry applies the one
// before, so the encoding is off the path a push waits on.
type EncodedPush struct {
	Req  protocol.PushRequest
	body []byte // Req as sent, zstd-compressed; nil: encoded when sent
}

// EncodePush encodes req as Push would send it.
func EncodePush(req protocol.PushRequest) (EncodedPush, error) {
	body, err := protocol.Encode(req, protocol.EncodingZstd)
	return EncodedPush{Req: req, body: body}, err
}

// encodedBody is a request body encoded ahead.
type encodedBody []byte

// encodeBody is in as a request body: encoded now, or ahead.
func encodeBody(in any) ([]byte, error) {
	if b, ok := in.(encodedBody); ok {
		return b, nil
	}
	return protocol.Encode(in, protocol.EncodingZstd)
}

// PushEncoded is Push of a request encoded ahead.
func (c *Client) PushEncoded(ctx context.Context, p EncodedPush) (protocol.PushResponse, error) {
	var out protocol.PushResponse
	req := p.Req
	var in any = req
	if p.body != nil {
		in = encodedBody(p.body)
	}
	if err := c.do(ctx, http.MethodPost, c.officePath("/push"), in, &out); err != nil {
		return out, err
	}
	if out.BatchID != req.BatchID || len(out.Results) != len(req.Ops) {
		return out, fmt.Errorf("%w: push answer for batch %s has %d results for %d ops", protocol.ErrInvalid, out.BatchID, len(out.Results), len(req.Ops))
	}
	for i, r := range out.Results {
		if r.ID != req.Ops[i].ID {
			return out, fmt.Errorf("%w: push answer out of order", protocol.ErrInvalid)
		}
	}
	if err := (protocol.LeaseResponse{Leases: out.Leases, Refused: out.LeaseRefused}).Validate(); err != nil {
		return out, err
	}
	c.sawSeq(out.Seq)
	return out, nil
}

// sawSeq notes the office's sequence an answer gave; the next pull names
// it, so whichever registry behind a proxy serves that pull reaches at
// least this far (protocol.QuerySeen).
func (c *Client) sawSeq(seq int64) {
	for {
		old := c.seq.Load()
		if seq <= old || c.seq.CompareAndSwap(old, seq) {
			return
		}
	}
}

// Pull fetches a page of changes after a cursor and validates it.
func (c *Client) Pull(ctx context.Context, after int64, limit int) (protocol.PullResponse, error) {
	var out protocol.PullResponse
	q := url.Values{"after": {strconv.FormatInt(after, 10)}, "limit": {strconv.Itoa(limit)}, protocol.QueryRowStamps: {"row"}}
	if seen := c.seq.Load(); seen > after {
		q.Set(protocol.QuerySeen, strconv.FormatInt(seen, 10))
	}
	if err := c.do(ctx, http.MethodGet, c.officePath("/pull?"+q.Encode()), nil, &out); err != nil {
		return out, err
	}
	if err := out.Validate(); err != nil {
		return out, err
	}
	if len(out.Changes) > 0 && out.Changes[0].Seq <= after {
		return out, fmt.Errorf("%w: page starts before the cursor", protocol.ErrInvalid)
	}
	return out, nil
}

// Lease asks for numbers of the given registers.
func (c *Client) Lease(ctx context.Context, req protocol.LeaseRequest) (protocol.LeaseResponse, error) {
	var out protocol.LeaseResponse
	if err := c.do(ctx, http.MethodPost, c.officePath("/lease"), req, &out); err != nil {
		return out, err
	}
	if err := out.Validate(); err != nil {
		return out, err
	}
	c.sawSeq(out.Seq)
	return out, nil
}

// Conflicts lists the office's open conflicts.
func (c *Client) Conflicts(ctx context.Context) ([]protocol.ConflictView, error) {
	var out []protocol.ConflictView
	return out, c.do(ctx, http.MethodGet, c.officePath("/conflicts"), nil, &out)
}

// SetReport makes every later request carry the device's report of
// itself (its app version and changes waiting and refused), which the
// office's console shows.
func (c *Client) SetReport(r protocol.DeviceReport) {
	c.mu.Lock()
	c.report = r.String()
	c.mu.Unlock()
}
