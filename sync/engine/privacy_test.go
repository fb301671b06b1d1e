package engine_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"okienko/sync/engine"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestLogsHoldNoPersonalData: a case with a PESEL, a phone and an address
// travels through device and registry with both logging at debug level,
// including refused ops and a revoked device; neither log holds any of it.
func TestLogsHoldNoPersonalData(t *testing.T) {
	var regLog, devLog lockedBuffer
	reg := synctest.NewRegistry(t, nil, registry.Options{Logger: slog.New(slog.NewJSONHandler(&regLog, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	register(t, a, "Żółkiewska") // Łucja, PESEL 02270803624, phone 600100200
	logged := slog.New(slog.NewJSONHandler(&devLog, &slog.HandlerOptions{Level: slog.LevelDebug}))
	eng, err := engine.New(t.Context(), a.Store, engine.Options{Logger: logged})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Round(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Revoke(t.Context(), a.Store.DeviceID()); err != nil {
		t.Fatal(err)
	}
	_ = eng.Round(t.Context())
	for name, log := range map[string]string{"registry": regLog.String(), "device": devLog.String()} {
		if !strings.Contains(log, "\"level\"") {
			t.Fatalf("%s log is empty: the check below proves nothing", name)
		}
		for _, secret := range []string{"02270803624", "600100200", "Żółkiewska", "Łucja"} {
			if strings.Contains(log, secret) {
				t.Errorf("%s log holds %q:\n%s", name, secret, log)
			}
		}
	}
}
