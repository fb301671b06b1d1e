package registry

import (
	"sync"
	"time"

	"okienko/sync/protocol"
)

// pageCache keeps the encoded (JSON, then zstd or gzip) bodies of recent
// pull pages. The devices of an office pull the same page at about the
// same time: after a round of pushes or a top-up of numbers, each of them
// asks for the changes after the same cursor. A page is fixed by its
// office, the cursor it starts after, the one it ends at, whether more
// follow and its form: the changes between two sequence numbers never
// change. So each page is encoded and compressed once, not once per device.
type pageCache struct {
	mu      sync.Mutex
	entries map[pageKey]pageBody
	order   []pageKey // oldest first
	bytes   int
}

// pageKey is what fixes a page's body. Every device of the whole office
// is sent the same rows; a page cut for a device limited to some units
// (scope.go) is shared only by devices of the same scope (the same units,
// people and period: its fingerprint, "" for the whole office).
type pageKey struct {
	office        string
	scope         string
	after, cursor int64
	more, stamps  bool
	encode        string
}

type pageBody struct {
	body []byte
	at   time.Time
}

// Bounds of the cache: a page is wanted again within seconds or not at all.
const (
	pageCacheEntries = 256
	pageCacheBytes   = 32 << 20
	pageCacheTTL     = 10 * time.Second
)

func newPageCache() *pageCache { return &pageCache{entries: map[pageKey]pageBody{}} }

// get returns a page's encoded body, if it was encoded lately.
func (p *pageCache) get(k pageKey, now time.Time) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.entries[k]
	if !ok || now.Sub(e.at) > pageCacheTTL {
		return nil, false
	}
	return e.body, true
}

// put keeps a page's encoded body, dropping the oldest pages beyond the bounds.
func (p *pageCache) put(k pageKey, body []byte, now time.Time) {
	if len(body) > pageCacheBytes/8 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.entries[k]; ok {
		return
	}
	p.entries[k] = pageBody{body: body, at: now}
	p.order = append(p.order, k)
	p.bytes += len(body)
	for len(p.order) > pageCacheEntries || p.bytes > pageCacheBytes {
		old := p.order[0]
		p.order = p.order[1:]
		p.bytes -= len(p.entries[old].body)
		delete(p.entries, old)
	}
}

// encodedBody is an answer already encoded in the call's encoding.
type encodedBody []byte

// encodePage encodes a pull page for the call, or takes it from the cache.
func (r *Registry) encodePage(c *call, after int64, page protocol.EncodedPullResponse, stamps bool) (encodedBody, error) {
	k := pageKey{office: c.dev.OfficeID, scope: page.Scope, after: after, cursor: page.Cursor, more: page.More, stamps: stamps, encode: c.encode}
	now := time.Now()
	if body, ok := r.pages.get(k, now); ok {
		r.metrics.PagesEncodedOnce.Add(1)
		return body, nil
	}
	body, err := protocol.Encode(page, c.encode)
	if err != nil {
		return nil, err
	}
	r.pages.put(k, body, now)
	return body, nil
}
