package client

import (
	"context"
	"net/http"

	"okienko/sync/protocol"
)

// AuditAs asks the registry for audit entries with a person session's
// authority (a head's or the admin's); ErrUnsupported from a registry
// older than the route, ErrRole for a clerk.
func (c *Client) AuditAs(ctx context.Context, person string, q protocol.AuditQuery) (protocol.AuditResponse, error) {
	var out protocol.AuditResponse
	code, _, err := c.doHeader(ctx, http.MethodPost, c.officePath("/audit"), map[string]string{protocol.HeaderPerson: person}, q, &out)
	if code == http.StatusNotFound || code == http.StatusMethodNotAllowed {
		return out, ErrUnsupported
	}
	if err != nil {
		return out, err
	}
	return out, out.Validate()
}
