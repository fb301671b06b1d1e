package pgstore

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"okienko/sync/registry/store"
)

// TestRefusesNewerStore: a schema a newer registry migrated is refused
// at start, saying both versions.
func TestRefusesNewerStore(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)`); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, dsn)
	if !errors.Is(err, store.ErrTooNew) || !strings.Contains(err.Error(), "99999") {
		t.Fatalf("opening a store at migration 99999: %v, want ErrTooNew naming it", err)
	}
}

// TestPoolConfig: the flags size the pool, the DSN's own settings win,
// and a connect timeout is always set.
func TestPoolConfig(t *testing.T) {
	const base = "postgres://u@127.0.0.1:1/db"
	for _, tc := range []struct {
		dsn     string
		opt     Options
		conns   int32
		idle    string
		connect string
	}{
		{base, Options{}, DefaultMaxConns, "1m0s", "5s"},
		{base, Options{MaxConns: 3, IdleTimeout: 20e9}, 3, "20s", "5s"},
		{base + "?pool_max_conns=2&connect_timeout=2", Options{MaxConns: 30}, 2, "1m0s", "2s"},
		{base + "?pool_max_conn_idle_time=5m", Options{IdleTimeout: 20e9}, DefaultMaxConns, "5m0s", "5s"},
	} {
		cfg, err := poolConfig(tc.dsn, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.MaxConns != tc.conns || cfg.MaxConnIdleTime.String() != tc.idle || cfg.ConnConfig.ConnectTimeout.String() != tc.connect {
			t.Errorf("%s %+v: conns %d idle %s connect %s, want %d %s %s", tc.dsn, tc.opt, cfg.MaxConns, cfg.MaxConnIdleTime, cfg.ConnConfig.ConnectTimeout, tc.conns, tc.idle, tc.connect)
		}
	}
}
