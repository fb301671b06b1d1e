package pgstore

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// IsUnavailable reports an error of the server rather than the request:
// SQLSTATE class 08 (connection exception), 57P01-57P03 (admin or crash
// shutdown, cannot connect now), 53300 (too many connections), a
// connection that could not be made or broke, a deadline met while the
// server did not answer, or the pool closed under the request.
func (s *Store) IsUnavailable(err error) bool { return unavailable(err) }

func unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch c := pgErr.Code; {
		case strings.HasPrefix(c, "08"), c == "57P01", c == "57P02", c == "57P03", c == "53300":
			return true
		}
		return false
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connErr), errors.As(err, &netErr), pgconn.Timeout(err),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, context.DeadlineExceeded):
		return true
	}
	// pgx reports a connection lost mid-query as "conn closed", and
	// puddle an acquire from a pool being closed as "closed pool": errors
	// without an exported type, so matched by their text.
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "closed pool") || strings.Contains(msg, "failed to connect")
}
