package registry_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// FuzzHandler sends arbitrary bodies, raw and in each encoding, to every
// route as an enrolled device. Whatever arrives, the registry answers 4xx
// or 200, never 5xx and never a panic: every decoder and validator runs
// before the store is touched.
func FuzzHandler(f *testing.F) {
	r := synctest.NewRegistry(f, nil, registry.Options{})
	d := enrol(f, r, r.OfficeID)
	op := d.clientOp(newID(), "Anna")
	seeds := []any{
		protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{op}},
		protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: 2026}}},
		protocol.ResolveRequest{ID: newID(), Choice: "kept"},
		protocol.EnrollRequest{Code: "ABCD-EFGH-JKMN", DeviceName: "x", DeviceID: newID()},
	}
	for i, s := range seeds {
		raw, _ := protocol.Encode(s, "")
		f.Add(uint8(i), uint8(0), raw)
		f.Add(uint8(i), uint8(2), raw)
	}
	f.Add(uint8(0), uint8(1), []byte(`{"batchId":"","ops":null}`))
	f.Add(uint8(1), uint8(0), []byte(`{"registers":[{"unit":"","jrwa":"","year":-1}]}`))
	f.Add(uint8(5), uint8(0), []byte(nil))
	routes := []struct{ method, path string }{
		{"POST", d.path("/push")}, {"POST", d.path("/lease")}, {"POST", d.path("/conflicts/resolve")}, {"POST", "/v1/enroll"},
		{"GET", d.path("/pull?after=0&limit=3")}, {"GET", d.path("/conflicts")},
	}
	encodings := []string{"", protocol.EncodingGzip, protocol.EncodingZstd, "raw-zstd-label"}
	hc := r.Server.Client()
	hc.Timeout = 10 * time.Second // a hang is a finding too
	f.Fuzz(func(t *testing.T, route, enc uint8, body []byte) {
		rt := routes[int(route)%len(routes)]
		e := encodings[int(enc)%len(encodings)]
		payload := body
		switch e {
		case protocol.EncodingGzip, protocol.EncodingZstd:
			// A valid frame around the fuzzed bytes, so the JSON decoder is reached.
			payload = frame(body, e)
		case "raw-zstd-label":
			e = protocol.EncodingZstd // the label lies: the bytes are not zstd
		}
		req, _ := http.NewRequest(rt.method, r.URL+rt.path, bytes.NewReader(payload))
		req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
		req.Header.Set(protocol.HeaderSchema, "3")
		req.Header.Set(protocol.HeaderAuth, "Bearer "+d.token)
		if e != "" {
			req.Header.Set("Content-Encoding", e)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", rt.method, rt.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("%s %s with %q body %q: status %d", rt.method, rt.path, e, body, resp.StatusCode)
		}
	})
}

// frame wraps raw bytes in a gzip or zstd frame.
func frame(raw []byte, enc string) []byte {
	var buf bytes.Buffer
	if enc == protocol.EncodingGzip {
		w := gzip.NewWriter(&buf)
		w.Write(raw)
		w.Close()
		return buf.Bytes()
	}
	w, _ := zstd.NewWriter(&buf)
	w.Write(raw)
	w.Close()
	return buf.Bytes()
}
