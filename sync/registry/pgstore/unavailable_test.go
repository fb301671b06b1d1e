package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestUnavailable: the server's states are outages, the request's own
// errors are not.
func TestUnavailable(t *testing.T) {
	pgErr := func(code string) error { return fmt.Errorf("pgstore: push: %w", &pgconn.PgError{Code: code}) }
	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"admin shutdown 57P01":      {pgErr("57P01"), true},
		"crash shutdown 57P02":      {pgErr("57P02"), true},
		"cannot connect now 57P03":  {pgErr("57P03"), true},
		"too many connections":      {pgErr("53300"), true},
		"connection failure 08006":  {pgErr("08006"), true},
		"connection refused 08001":  {pgErr("08001"), true},
		"unique violation":          {pgErr("23505"), false},
		"serialization failure":     {pgErr("40001"), false},
		"query canceled 57014":      {pgErr("57014"), false},
		"broken connection":         {fmt.Errorf("pgstore: begin: %w", io.ErrUnexpectedEOF), true},
		"transaction deadline":      {fmt.Errorf("pgstore: begin: %w", context.DeadlineExceeded), true},
		"pool closed":               {errors.New("pgstore: begin: closed pool"), true},
		"a bug":                     {errors.New("pgstore: decode row: invalid character"), false},
		"nil":                       {nil, false},
		"client gave up (canceled)": {fmt.Errorf("pgstore: begin: %w", context.Canceled), false},
	} {
		if got := unavailable(tc.err); got != tc.want {
			t.Errorf("%s: unavailable %v, want %v", name, got, tc.want)
		}
	}
}
