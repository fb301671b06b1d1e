package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"okienko/sync/protocol"
)

// ErrNoSnapshot means the registry has no snapshot of the office (yet):
// the device takes the pages from the start instead.
var ErrNoSnapshot = errors.New("client: registry has no snapshot")

// Snapshot describes the file a download brought.
type Snapshot struct {
	Cursor int64  // the pull cursor it was taken at
	Schema int64  // the device schema it is written in
	ETag   string // its identity: the SHA-256 of the file, quoted
	Size   int64  // bytes of the whole file when complete
	From   int64  // where this answer's bytes start in the file (0 unless resumed)
	Total  int64  // the file's size, if the answer says (0 if not)
}

// DownloadSnapshot fetches the office's newest snapshot. When the caller
// already holds the first have bytes of the file named etag, only the
// rest is asked for (HTTP Range with If-Range): a download cut by the
// network or by the app closing goes on where it stopped. If the registry
// has a newer file meanwhile, it sends that one whole (Snapshot.From 0),
// and what the caller held is of no use. started sees the file's
// description before its bytes are read: it notes the ETag for a later
// resume, or refuses the file (a schema this device does not have) by
// returning an error, which is returned; the writer it returns receives
// the answer's bytes (the caller keeps them sealed, checks and unpacks
// them on the way). The client writes no file itself.
func (c *Client) DownloadSnapshot(ctx context.Context, have int64, etag string, started func(Snapshot) (io.Writer, error)) (Snapshot, error) {
	if have < 0 {
		return Snapshot{}, fmt.Errorf("client: snapshot from %d", have)
	}
	req, err := c.newRequest(ctx, http.MethodGet, c.officePath("/snapshot"), nil)
	if err != nil {
		return Snapshot{}, err
	}
	req.Header.Set("Accept-Encoding", "identity") // the file is compressed already
	if have > 0 && etag != "" {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
		req.Header.Set("If-Range", etag)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return Snapshot{}, transportError(err)
	}
	defer resp.Body.Close()
	c.noteAnswer(resp)
	switch resp.StatusCode {
	case http.StatusNotFound:
		return Snapshot{}, ErrNoSnapshot
	case http.StatusOK:
		// The whole file: what the caller held was of another one, or
		// nothing.
		have = 0
	case http.StatusPartialContent:
		var start int64
		if _, err := fmt.Sscanf(resp.Header.Get("Content-Range"), "bytes %d-", &start); err != nil || start != have {
			return Snapshot{}, fmt.Errorf("%w: snapshot range %q, asked from %d", ErrOffline, resp.Header.Get("Content-Range"), have)
		}
	case http.StatusRequestedRangeNotSatisfiable:
		// Nothing after what the caller holds: the download was complete when
		// the app stopped, before the copy. "bytes */size" says so.
		var size int64
		if _, err := fmt.Sscanf(resp.Header.Get("Content-Range"), "bytes */%d", &size); err != nil || size != have || etag == "" {
			return Snapshot{}, fmt.Errorf("%w: snapshot range %q refused, asked from %d", ErrOffline, resp.Header.Get("Content-Range"), have)
		}
	default:
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		var eb protocol.ErrorBody
		_ = protocol.DecodeLenient(raw, resp.Header.Get("Content-Encoding"), &eb)
		return Snapshot{}, statusError(resp, eb)
	}
	info := Snapshot{ETag: resp.Header.Get("ETag"), From: have}
	switch {
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		// The answer to a range of the file named etag (If-Range): the
		// same file, though an error answer does not repeat its ETag.
		info.ETag, info.Total = etag, have
	case resp.ContentLength >= 0:
		info.Total = have + resp.ContentLength
	}
	info.Cursor, err = strconv.ParseInt(resp.Header.Get(protocol.HeaderSnapshotCursor), 10, 64)
	if err != nil || info.Cursor < 0 {
		return Snapshot{}, fmt.Errorf("%w: snapshot cursor %q", ErrOffline, resp.Header.Get(protocol.HeaderSnapshotCursor))
	}
	info.Schema, err = strconv.ParseInt(resp.Header.Get(protocol.HeaderSnapshotSchema), 10, 64)
	if err != nil || info.ETag == "" {
		return Snapshot{}, fmt.Errorf("%w: snapshot schema %q, etag %q", ErrOffline, resp.Header.Get(protocol.HeaderSnapshotSchema), info.ETag)
	}
	w, err := started(info)
	if err != nil {
		return info, err
	}
	if w == nil {
		w = io.Discard
	}
	var n int64
	if resp.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		n, err = io.Copy(w, resp.Body)
	}
	c.received.Add(n)
	if err != nil {
		// Kept: the next attempt asks for the rest.
		return info, fmt.Errorf("%w: snapshot cut after %d bytes: %v", ErrOffline, have+n, err)
	}
	info.Size = have + n
	return info, nil
}
