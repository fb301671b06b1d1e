package registry

import (
	"context"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"net/http"
	"time"

	"okienko/sync/protocol"
)

// The hall's board: a page for the screen in the hall, served by the
// registry on the office network; the queue system "properly and legibly
// marked" (Gostynin standard 26, seeds/003). It has no device token: it shows the
// calls to whoever holds the office's board key (registry admin queue
// board-url), which the page reads from its address's fragment and
// sends in a header, so the key reaches no server log. The page itself
// holds no data; the calls hold ticket labels and counter names only.

//go:embed board.html
var boardPage []byte

// boardCSP lets the page run only its own inline script and style and
// talk only to the registry that served it.
const boardCSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (r *Registry) handleBoardPage(w http.ResponseWriter, req *http.Request) {
	if _, err := r.st.Office(req.Context(), req.PathValue("office")); err != nil {
		http.NotFound(w, req)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", boardCSP)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	w.Write(boardPage)
}

// handleBoardCalls answers the board's poll with the latest calls, to
// the holder of the office's board key.
func (r *Registry) handleBoardCalls(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	code := http.StatusOK
	defer func() { r.metrics.Observe("board", code, time.Since(start)) }()
	officeID := req.PathValue("office")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	key := req.Header.Get(protocol.HeaderBoardKey)
	want, err := r.st.BoardKey(req.Context(), officeID)
	if err != nil && !isNotFound(err) {
		r.log.Error("board key", "office", officeID, "err", err)
		code = http.StatusInternalServerError
		http.Error(w, "internal", code)
		return
	}
	if key == "" || err != nil || subtle.ConstantTimeCompare([]byte(HashSecret(key)), []byte(want)) != 1 {
		code = http.StatusUnauthorized
		http.Error(w, "unauthorized", code)
		return
	}
	b, err := r.QueueBoard(req.Context(), officeID)
	if err != nil {
		r.log.Error("board calls", "office", officeID, "err", err)
		code = http.StatusInternalServerError
		http.Error(w, "internal", code)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(b)
}

// QueueBoard is what the hall's board shows: today's latest calls.
func (r *Registry) QueueBoard(ctx context.Context, officeID string) (protocol.QueueBoard, error) {
	loc, err := r.OfficeZone(ctx, officeID)
	if err != nil {
		return protocol.QueueBoard{}, err
	}
	day := officeDay(r.now(), loc)
	ks, err := r.st.Tickets(ctx, officeID, day)
	if err != nil {
		return protocol.QueueBoard{}, err
	}
	return boardOf(day, ks, loc), nil
}
