package engine_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"okienko/app/demo"
	"okienko/sync/registry/console"
)

// consoleAdmin is the demo office's admin, who signs in to the console.
const consoleAdmin = "twisniewski"

// consolePages are what the central office looks at while devices sync:
// the Pulpit, the overdue list, the devices and the conflicts.
var consolePages = []string{"/console/api/dashboard", "/console/api/cases?list=overdue", "/console/api/devices", "/console/api/conflicts"}

// consoleLoad is the central office's browsers on the registry's console
// while the devices sync: each signed in to its own office and asking
// for the pages in turn, a second apart, as people reading them do (a
// head of unit refreshing the Pulpit, the secretary the lists).
type consoleLoad struct {
	stop  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	times []time.Duration
	err   error
}

// startConsoleLoad serves the console beside reg's device protocol, on
// the same registry and store in the same process, and starts one
// browser for each office.
func startConsoleLoad(b *testing.B, reg *benchRegistry, offices []string) *consoleLoad {
	b.Helper()
	srv := httptest.NewTLSServer(console.New(reg.Registry, console.Options{}).Mount(reg.Registry.Handler()))
	b.Cleanup(srv.Close)
	l := &consoleLoad{stop: make(chan struct{})}
	for _, office := range offices {
		// A browser of its own: srv.Client() is one client, shared.
		c := *srv.Client()
		cl := &c
		cl.Jar, _ = cookiejar.New(nil)
		body, _ := json.Marshal(map[string]string{"office": office, "login": consoleAdmin, "password": demo.Password})
		req, _ := http.NewRequest("POST", srv.URL+"/console/api/session", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", srv.URL)
		res, err := cl.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("console sign-in: %d", res.StatusCode)
		}
		// The first page of an office reads its open cases whole; a
		// browser open since the morning has long done that.
		for _, p := range consolePages {
			if _, err := l.page(cl, srv.URL+p); err != nil {
				b.Fatal(err)
			}
		}
		l.wg.Add(1)
		go l.browse(cl, srv.URL)
	}
	return l
}

// browse asks for the pages in turn until stopped, a second apart.
func (l *consoleLoad) browse(cl *http.Client, base string) {
	defer l.wg.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-l.stop:
			return
		case <-tick.C:
		}
		d, err := l.page(cl, base+consolePages[i%len(consolePages)])
		l.mu.Lock()
		if err != nil && l.err == nil {
			l.err = err
		}
		l.times = append(l.times, d)
		l.mu.Unlock()
	}
}

// page asks for one page and says how long it took.
func (l *consoleLoad) page(cl *http.Client, url string) (time.Duration, error) {
	t := time.Now()
	res, err := cl.Get(url)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return 0, &http.ProtocolError{ErrorString: url + ": " + res.Status}
	}
	return time.Since(t), nil
}

// finish stops the browsers and reports the pages served and their p95.
func (l *consoleLoad) finish(b *testing.B) {
	close(l.stop)
	l.wg.Wait()
	if l.err != nil {
		b.Fatal(l.err)
	}
	slices.Sort(l.times)
	b.ReportMetric(float64(len(l.times)), "console-pages")
	if len(l.times) > 0 {
		b.ReportMetric(float64(l.times[len(l.times)*95/100].Microseconds())/1000, "console-p95-ms")
	}
}
