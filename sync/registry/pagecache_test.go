package registry

import (
	"bytes"
	"strconv"
	"testing"
	"time"
)

// TestPageCache: a page is found by everything that fixes its content
// (office, both cursors, more, form, encoding) and nothing less; old pages
// expire; the cache stays within its bounds.
func TestPageCache(t *testing.T) {
	p := newPageCache()
	t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	k := pageKey{office: "o1", after: 10, cursor: 20, more: true, encode: "zstd"}
	p.put(k, []byte("page"), t0)
	if b, ok := p.get(k, t0.Add(time.Second)); !ok || !bytes.Equal(b, []byte("page")) {
		t.Fatal("a page just encoded is not found")
	}
	for _, other := range []pageKey{
		{office: "o2", after: 10, cursor: 20, more: true, encode: "zstd"},
		{office: "o1", after: 11, cursor: 20, more: true, encode: "zstd"},
		{office: "o1", after: 10, cursor: 21, more: true, encode: "zstd"},
		{office: "o1", after: 10, cursor: 20, more: false, encode: "zstd"},
		{office: "o1", after: 10, cursor: 20, more: true, stamps: true, encode: "zstd"},
		{office: "o1", after: 10, cursor: 20, more: true, encode: "gzip"},
	} {
		if _, ok := p.get(other, t0); ok {
			t.Fatalf("%+v answered with another page", other)
		}
	}
	if _, ok := p.get(k, t0.Add(pageCacheTTL+time.Second)); ok {
		t.Fatal("an old page is still answered")
	}
	for i := range pageCacheEntries + 50 {
		p.put(pageKey{office: "o1", after: int64(i), cursor: int64(i) + 1}, []byte(strconv.Itoa(i)), t0)
	}
	if len(p.entries) > pageCacheEntries || len(p.order) != len(p.entries) {
		t.Fatalf("%d pages kept (order %d), at most %d", len(p.entries), len(p.order), pageCacheEntries)
	}
	if _, ok := p.get(pageKey{office: "o1", after: 0, cursor: 1}, t0); ok {
		t.Fatal("the oldest page was not the one dropped")
	}
	big := make([]byte, pageCacheBytes/4)
	p.put(pageKey{office: "big"}, big, t0)
	if _, ok := p.get(pageKey{office: "big"}, t0); ok {
		t.Fatal("a page larger than an eighth of the cache is kept")
	}
}
