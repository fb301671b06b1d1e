package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"okienko/sync/protocol"
)

// ErrGeneration is the registry's 409 generation: it was restored from a
// backup since the generation this client names, and takes nothing more
// from the device until it has sent again what the registry lacks.
var ErrGeneration = errors.New("client: the registry was restored; send again what it lacks first")

// Generation is the registry's generation as its last answer named it, ""
// before any (or from a registry older than generations).
func (c *Client) Generation() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Expect names the generation the device last synced with on every
// request from now on: a registry of another generation refuses them
// (ErrGeneration) instead of taking ops that may refer to rows it lost.
func (c *Client) Expect(generation string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expect = generation
}

// ForgetSeen drops the office's sequence the last answers gave: a restored
// registry's sequence is behind it.
func (c *Client) ForgetSeen() { c.seq.Store(0) }

// noExpect is the header that lets a request through to a registry of
// another generation: the two requests a device makes to catch up with it.
var noExpect = map[string]string{protocol.HeaderGeneration: ""}

// GenerationInfo asks what the restored registry holds of the office.
func (c *Client) GenerationInfo(ctx context.Context) (protocol.GenerationInfo, error) {
	var out protocol.GenerationInfo
	if _, _, err := c.doHeader(ctx, http.MethodGet, c.officePath("/generation"), noExpect, nil, &out); err != nil {
		return out, err
	}
	return out, out.Validate()
}

// Resend sends rows again to a restored registry; the answer has a result
// per row, in order.
func (c *Client) Resend(ctx context.Context, req protocol.ResendRequest) (protocol.ResendResponse, error) {
	var out protocol.ResendResponse
	if _, _, err := c.doHeader(ctx, http.MethodPost, c.officePath("/resend"), noExpect, req, &out); err != nil {
		return out, err
	}
	if len(out.Results) != len(req.Rows) {
		return out, fmt.Errorf("%w: resend answer has %d results for %d rows", protocol.ErrInvalid, len(out.Results), len(req.Rows))
	}
	return out, out.Validate()
}
