package protocol

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/klauspost/compress/zstd"

	"okienko/sync/hlc"
)

// Fixed ids keep the table readable and the fuzz seeds stable.
const (
	opID1    = "01890a5d-ac96-774b-bcce-b302099a8057"
	opID2    = "01890a5d-ac96-774b-bcce-b302099a8058"
	batchID  = "01890a5d-ac96-774b-bcce-b302099a8059"
	entityID = "01890a5d-ac96-774b-bcce-b302099a8060"
	uuidV4   = "6ba7b810-9dad-41d1-80b4-00c04fd430c8"
)

func stamp(wall int64, counter uint16) string {
	return hlc.Timestamp{Wall: wall, Counter: counter, Node: "dev"}.String()
}

var (
	stampA = stamp(1_700_000_000_000, 0)
	stampB = stamp(1_700_000_000_001, 3)
)

func validOp() Op {
	return Op{ID: opID1, Entity: "client", EntityID: entityID, Kind: Upsert, HLC: stampA,
		Fields: map[string]json.RawMessage{"firstName": json.RawMessage(`"Anna"`), "age": json.RawMessage(`42`)}}
}

func withOp(f func(o *Op)) Op {
	o := validOp()
	f(&o)
	return o
}

// checkInvalid asserts err is a validation failure (wraps ErrInvalid).
func checkInvalid(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("accepted, want an error")
	}
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v does not wrap ErrInvalid", err)
	}
}

func TestValidUUIDv7(t *testing.T) {
	for s, want := range map[string]bool{
		opID1:                                  true,
		uuid.Must(uuid.NewV7()).String():       true,
		uuidV4:                                 false, // a v4 is a valid id but not a v7
		strings.ToUpper(opID1):                 false, // not canonical
		"{" + opID1 + "}":                      false,
		"urn:uuid:" + opID1:                    false,
		strings.ReplaceAll(opID1, "-", ""):     false,
		"":                                     false,
		"01890a5d-ac96-774b-bcce-b302099a805z": false,
	} {
		if got := ValidUUIDv7(s); got != want {
			t.Errorf("ValidUUIDv7(%q) = %v, want %v", s, got, want)
		}
	}
	if !ValidID(uuidV4) || ValidID(strings.ToUpper(uuidV4)) {
		t.Error("ValidID: any canonical UUID is a row id, upper case is not canonical")
	}
}

func TestOpValidate(t *testing.T) {
	tooMany := map[string]json.RawMessage{}
	for i := range MaxFields + 1 {
		tooMany[fmt.Sprintf("f%d", i)] = json.RawMessage(`1`)
	}
	exactlyMax := map[string]json.RawMessage{}
	for i := range MaxFields {
		exactlyMax[fmt.Sprintf("f%d", i)] = json.RawMessage(`1`)
	}
	huge := json.RawMessage(`"` + strings.Repeat("x", MaxFieldBytes) + `"`) // two bytes over with the quotes
	tests := []struct {
		name string
		op   Op
		ok   bool
	}{
		{"valid upsert", validOp(), true},
		{"valid append", withOp(func(o *Op) { o.Entity, o.Kind = "case_event", Append }), true},
		{"delete needs no fields", withOp(func(o *Op) { o.Kind, o.Fields = Delete, nil }), true},
		{"v4 entity id is a valid row id", withOp(func(o *Op) { o.EntityID = uuidV4 }), true},
		{"exactly MaxFields", withOp(func(o *Op) { o.Fields = exactlyMax }), true},
		{"base for a changed field", withOp(func(o *Op) { o.Base = map[string]string{"firstName": stampB} }), true},
		{"empty base means no value seen", withOp(func(o *Op) { o.Base = map[string]string{"firstName": ""} }), true},
		{"null value is JSON", withOp(func(o *Op) { o.Fields["age"] = json.RawMessage(`null`) }), true},

		{"empty op id", withOp(func(o *Op) { o.ID = "" }), false},
		{"v4 op id", withOp(func(o *Op) { o.ID = uuidV4 }), false},
		{"upper-case op id", withOp(func(o *Op) { o.ID = strings.ToUpper(opID1) }), false},
		{"entity with capital", withOp(func(o *Op) { o.Entity = "Client" }), false},
		{"entity too short", withOp(func(o *Op) { o.Entity = "c" }), false},
		{"entity with digit", withOp(func(o *Op) { o.Entity = "client2" }), false},
		{"entity too long", withOp(func(o *Op) { o.Entity = strings.Repeat("a", 33) }), false},
		{"entity id not a uuid", withOp(func(o *Op) { o.EntityID = "42" }), false},
		{"entity id not canonical", withOp(func(o *Op) { o.EntityID = strings.ToUpper(entityID) }), false},
		{"unknown kind", withOp(func(o *Op) { o.Kind = "merge" }), false},
		{"empty kind", withOp(func(o *Op) { o.Kind = "" }), false},
		{"bad stamp", withOp(func(o *Op) { o.HLC = "yesterday" }), false},
		{"stamp without node separator", withOp(func(o *Op) { o.HLC = strings.Replace(stampA, "-", "+", 1) }), false},
		{"stamp with bad hex", withOp(func(o *Op) { o.HLC = "zz" + stampA[2:] }), false},
		{"upsert without fields", withOp(func(o *Op) { o.Fields = nil }), false},
		{"append with empty fields", withOp(func(o *Op) { o.Kind, o.Fields = Append, map[string]json.RawMessage{} }), false},
		{"too many fields", withOp(func(o *Op) { o.Fields = tooMany }), false},
		{"field name with dash", withOp(func(o *Op) { o.Fields["first-name"] = json.RawMessage(`1`) }), false},
		{"field name starting with digit", withOp(func(o *Op) { o.Fields["1st"] = json.RawMessage(`1`) }), false},
		{"empty field name", withOp(func(o *Op) { o.Fields[""] = json.RawMessage(`1`) }), false},
		{"invalid JSON value", withOp(func(o *Op) { o.Fields["age"] = json.RawMessage(`{"a":`) }), false},
		{"empty value", withOp(func(o *Op) { o.Fields["age"] = json.RawMessage(``) }), false},
		{"value over MaxFieldBytes", withOp(func(o *Op) { o.Fields["note"] = huge }), false},
		{"base for a field not in the op", withOp(func(o *Op) { o.Base = map[string]string{"status": stampA} }), false},
		{"bad base stamp", withOp(func(o *Op) { o.Base = map[string]string{"firstName": "nope"} }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.op.Validate()
			if tt.ok {
				if err != nil {
					t.Fatalf("rejected a valid op: %v", err)
				}
				return
			}
			checkInvalid(t, err)
		})
	}
}

func TestPushRequestValidate(t *testing.T) {
	second := withOp(func(o *Op) { o.ID = opID2 })
	many := make([]Op, MaxOpsPerBatch+1)
	for i := range many {
		many[i] = withOp(func(o *Op) { o.ID = uuid.Must(uuid.NewV7()).String() })
	}
	tests := []struct {
		name string
		req  PushRequest
		ok   bool
	}{
		{"one op", PushRequest{BatchID: batchID, Ops: []Op{validOp()}}, true},
		{"two ops", PushRequest{BatchID: batchID, Ops: []Op{validOp(), second}}, true},
		{"exactly MaxOpsPerBatch", PushRequest{BatchID: batchID, Ops: many[:MaxOpsPerBatch]}, true},
		{"v4 batch id", PushRequest{BatchID: uuidV4, Ops: []Op{validOp()}}, false},
		{"missing batch id", PushRequest{Ops: []Op{validOp()}}, false},
		{"empty batch", PushRequest{BatchID: batchID}, false},
		{"too many ops", PushRequest{BatchID: batchID, Ops: many}, false},
		{"duplicate op id", PushRequest{BatchID: batchID, Ops: []Op{validOp(), validOp()}}, false},
		{"one bad op", PushRequest{BatchID: batchID, Ops: []Op{validOp(), withOp(func(o *Op) { o.ID = opID2; o.Kind = "x" })}}, false},
		{"with a lease", PushRequest{BatchID: batchID, Ops: []Op{validOp()}, Lease: []RegisterRef{{Unit: "SO", JRWA: "5352", Year: 2026}}}, true},
		{"a lease of no register", PushRequest{BatchID: batchID, Ops: []Op{validOp()}, Lease: []RegisterRef{{Unit: "SO", JRWA: "5352"}}}, false},
		{"a lease of too many registers", PushRequest{BatchID: batchID, Ops: []Op{validOp()}, Lease: slices.Repeat([]RegisterRef{{Unit: "SO", JRWA: "5352", Year: 2026}}, 101)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			if tt.ok {
				if err != nil {
					t.Fatalf("rejected a valid batch: %v", err)
				}
				return
			}
			checkInvalid(t, err)
		})
	}
}

func validChange(seq int64) Change {
	return Change{Seq: seq, Entity: "client", EntityID: entityID,
		Fields: map[string]Field{"firstName": {V: json.RawMessage(`"Anna"`), H: stampA}}}
}

func TestPullResponseValidate(t *testing.T) {
	with := func(f func(c *Change)) Change {
		c := validChange(1)
		f(&c)
		return c
	}
	tests := []struct {
		name string
		resp PullResponse
		ok   bool
	}{
		{"empty page", PullResponse{Cursor: 7}, true},
		{"empty page at zero", PullResponse{}, true},
		{"two changes", PullResponse{Changes: []Change{validChange(3), validChange(5)}, Cursor: 5, More: true}, true},
		{"cursor beyond the last change", PullResponse{Changes: []Change{validChange(3)}, Cursor: 9}, true},
		{"a tombstone", PullResponse{Changes: []Change{with(func(c *Change) { c.Deleted, c.Fields = true, nil })}, Cursor: 1}, true},

		{"out of order", PullResponse{Changes: []Change{validChange(5), validChange(3)}, Cursor: 5}, false},
		{"repeated seq", PullResponse{Changes: []Change{validChange(3), validChange(3)}, Cursor: 3}, false},
		{"zero seq", PullResponse{Changes: []Change{validChange(0)}, Cursor: 0}, false},
		{"negative seq", PullResponse{Changes: []Change{validChange(-2)}, Cursor: 0}, false},
		{"cursor behind the changes", PullResponse{Changes: []Change{validChange(3), validChange(5)}, Cursor: 4}, false},
		{"bad entity", PullResponse{Changes: []Change{with(func(c *Change) { c.Entity = "Client!" })}, Cursor: 1}, false},
		{"bad entity id", PullResponse{Changes: []Change{with(func(c *Change) { c.EntityID = "x" })}, Cursor: 1}, false},
		{"bad field name", PullResponse{Changes: []Change{with(func(c *Change) {
			c.Fields["bad name"] = Field{V: json.RawMessage(`1`), H: stampA}
		})}, Cursor: 1}, false},
		{"missing value", PullResponse{Changes: []Change{with(func(c *Change) { c.Fields["age"] = Field{H: stampA} })}, Cursor: 1}, false},
		{"bad field stamp", PullResponse{Changes: []Change{with(func(c *Change) {
			c.Fields["age"] = Field{V: json.RawMessage(`1`), H: "later"}
		})}, Cursor: 1}, false},
		{"too many fields", PullResponse{Changes: []Change{with(func(c *Change) {
			for i := range MaxFields + 1 {
				c.Fields[fmt.Sprintf("f%d", i)] = Field{V: json.RawMessage(`1`), H: stampA}
			}
		})}, Cursor: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.resp.Validate()
			if tt.ok {
				if err != nil {
					t.Fatalf("rejected a valid page: %v", err)
				}
				return
			}
			checkInvalid(t, err)
		})
	}
}

// TestPullPageWithInvalidValue: a value that is not JSON never reaches
// Validate: decoding the page refuses it.
func TestPullPageWithInvalidValue(t *testing.T) {
	raw := []byte(`{"changes":[{"s":1,"e":"client","i":"` + opID1 + `","f":{"age":{"v":[1,,"h":"` + stampA + `"}}}],"cursor":1}`)
	var page PullResponse
	checkInvalid(t, DecodeLenient(raw, "", &page))
}

func TestEnrollRequestValidate(t *testing.T) {
	ok := EnrollRequest{Code: "ABCD-EFGH-JKMN", DeviceName: "Okienko 1", DeviceID: opID1}
	with := func(f func(e *EnrollRequest)) EnrollRequest {
		e := ok
		f(&e)
		return e
	}
	tests := []struct {
		name string
		req  EnrollRequest
		ok   bool
	}{
		{"valid", ok, true},
		{"no name", with(func(e *EnrollRequest) { e.DeviceName = "" }), true},
		{"8-char code", with(func(e *EnrollRequest) { e.Code = "ABCDEFGH" }), true},
		{"64-char code", with(func(e *EnrollRequest) { e.Code = strings.Repeat("A", 64) }), true},
		{"100-byte name", with(func(e *EnrollRequest) { e.DeviceName = strings.Repeat("n", 100) }), true},

		{"short code", with(func(e *EnrollRequest) { e.Code = "ABCDEFG" }), false},
		{"long code", with(func(e *EnrollRequest) { e.Code = strings.Repeat("A", 65) }), false},
		{"code with spaces around", with(func(e *EnrollRequest) { e.Code = " ABCD-EFGH-JKMN" }), false},
		{"code with trailing newline", with(func(e *EnrollRequest) { e.Code = "ABCD-EFGH-JKMN\n" }), false},
		{"v4 device id", with(func(e *EnrollRequest) { e.DeviceID = uuidV4 }), false},
		{"no device id", with(func(e *EnrollRequest) { e.DeviceID = "" }), false},
		{"long name", with(func(e *EnrollRequest) { e.DeviceName = strings.Repeat("n", 101) }), false},
		{"an escape sequence in the name", with(func(e *EnrollRequest) { e.DeviceName = "Laptop\x1b[2J" }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			if tt.ok {
				if err != nil {
					t.Fatalf("rejected a valid request: %v", err)
				}
				return
			}
			checkInvalid(t, err)
		})
	}
}

func TestLeaseRequestValidate(t *testing.T) {
	reg := RegisterRef{Unit: "SO", JRWA: "5352", Year: 2026}
	with := func(f func(r *RegisterRef)) LeaseRequest {
		r := reg
		f(&r)
		return LeaseRequest{Registers: []RegisterRef{r}}
	}
	hundredOne := make([]RegisterRef, 101)
	for i := range hundredOne {
		hundredOne[i] = reg
	}
	tests := []struct {
		name string
		req  LeaseRequest
		ok   bool
	}{
		{"one register", LeaseRequest{Registers: []RegisterRef{reg}}, true},
		{"100 registers", LeaseRequest{Registers: hundredOne[:100]}, true},
		{"year 2000", with(func(r *RegisterRef) { r.Year = 2000 }), true},
		{"year 2100", with(func(r *RegisterRef) { r.Year = 2100 }), true},
		{"20-char unit", with(func(r *RegisterRef) { r.Unit = strings.Repeat("U", 20) }), true},

		{"no registers", LeaseRequest{}, false},
		{"101 registers", LeaseRequest{Registers: hundredOne}, false},
		{"no unit", with(func(r *RegisterRef) { r.Unit = "" }), false},
		{"long unit", with(func(r *RegisterRef) { r.Unit = strings.Repeat("U", 21) }), false},
		{"no JRWA", with(func(r *RegisterRef) { r.JRWA = "" }), false},
		{"long JRWA", with(func(r *RegisterRef) { r.JRWA = "53521" }), false},
		{"year 1999", with(func(r *RegisterRef) { r.Year = 1999 }), false},
		{"year 2101", with(func(r *RegisterRef) { r.Year = 2101 }), false},
		{"no year", with(func(r *RegisterRef) { r.Year = 0 }), false},
		{"a NUL in the unit", with(func(r *RegisterRef) { r.Unit = "S\x00O" }), false},
		{"a line break in the JRWA", with(func(r *RegisterRef) { r.JRWA = "53\n2" }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			if tt.ok {
				if err != nil {
					t.Fatalf("rejected a valid request: %v", err)
				}
				return
			}
			checkInvalid(t, err)
		})
	}
}

func TestResolveRequestValidate(t *testing.T) {
	tests := []struct {
		name string
		req  ResolveRequest
		ok   bool
	}{
		{"kept", ResolveRequest{ID: opID1, Choice: "kept"}, true},
		{"rejected", ResolveRequest{ID: opID1, Choice: "rejected"}, true},
		{"unknown choice", ResolveRequest{ID: opID1, Choice: "both"}, false},
		{"capitalised choice", ResolveRequest{ID: opID1, Choice: "Kept"}, false},
		{"no choice", ResolveRequest{ID: opID1}, false},
		{"v4 id", ResolveRequest{ID: uuidV4, Choice: "kept"}, false},
		{"no id", ResolveRequest{Choice: "kept"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			if tt.ok {
				if err != nil {
					t.Fatalf("rejected a valid request: %v", err)
				}
				return
			}
			checkInvalid(t, err)
		})
	}
}

// ---- codec ----

var encodings = []string{"", EncodingGzip, EncodingZstd}

func TestCodecRoundTrip(t *testing.T) {
	in := PushRequest{BatchID: batchID, Ops: []Op{
		withOp(func(o *Op) { o.Base = map[string]string{"firstName": stampA} }),
		withOp(func(o *Op) { o.ID, o.Kind, o.Fields = opID2, Delete, nil }),
	}}
	for _, enc := range encodings {
		t.Run("enc="+enc, func(t *testing.T) {
			body, err := Encode(in, enc)
			if err != nil {
				t.Fatal(err)
			}
			var out PushRequest
			if err := Decode(body, enc, &out); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(in, out) {
				t.Fatalf("round trip:\n in  %+v\n out %+v", in, out)
			}
			if err := out.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
	// An uncompressed body is JSON as is; a compressed one is not.
	plain, _ := Encode(in, "")
	if !json.Valid(plain) {
		t.Fatal("identity encoding is not plain JSON")
	}
	for _, enc := range []string{EncodingGzip, EncodingZstd} {
		if b, _ := Encode(in, enc); bytes.Equal(b, plain) {
			t.Fatalf("%s body equals the plain JSON", enc)
		}
	}
}

func TestDecodeIdentityAlias(t *testing.T) {
	var e EnrollRequest
	if err := Decode([]byte(`{"code":"ABCDEFGH"}`), "identity", &e); err != nil || e.Code != "ABCDEFGH" {
		t.Fatalf("identity: %+v %v", e, err)
	}
}

func TestDecodeStrictAndLenient(t *testing.T) {
	// A newer registry adds a field an older device does not know.
	raw := []byte(`{"changes":[],"cursor":4,"more":false,"hint":"new"}`)
	for _, enc := range encodings {
		t.Run("enc="+enc, func(t *testing.T) {
			body := compress(t, raw, enc)
			var strict PullResponse
			checkInvalid(t, Decode(body, enc, &strict))
			var lenient PullResponse
			if err := DecodeLenient(body, enc, &lenient); err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if lenient.Cursor != 4 {
				t.Fatalf("lenient decoded %+v", lenient)
			}
		})
	}
}

func TestDecodeRejectsTrailingData(t *testing.T) {
	for _, raw := range []string{`{"code":"ABCDEFGH"} {}`, `{"code":"ABCDEFGH"}x`, `{"code":"ABCDEFGH"}{"code":"x"}`} {
		for _, enc := range encodings {
			var e EnrollRequest
			err := Decode(compress(t, []byte(raw), enc), enc, &e)
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Errorf("%q (%s): err = %v, want ErrInvalid", raw, enc, err)
			}
			err = DecodeLenient(compress(t, []byte(raw), enc), enc, &e)
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Errorf("lenient %q (%s): err = %v, want ErrInvalid", raw, enc, err)
			}
		}
	}
	// Trailing white space is not data.
	var e EnrollRequest
	if err := Decode([]byte("{\"code\":\"ABCDEFGH\"}\n\t "), "", &e); err != nil {
		t.Fatalf("trailing white space: %v", err)
	}
}

func TestDecodeGarbage(t *testing.T) {
	garbage := []byte("\x00\x01\x02 this is neither gzip nor zstd nor JSON \xff\xfe")
	for _, enc := range encodings {
		var v PushRequest
		err := Decode(garbage, enc, &v)
		if err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: err = %v, want ErrInvalid", enc, err)
		}
	}
	// Valid JSON compressed with one codec, labelled as the other.
	body := compress(t, []byte(`{}`), EncodingGzip)
	var v PushRequest
	if err := Decode(body, EncodingZstd, &v); !errors.Is(err, ErrInvalid) {
		t.Errorf("gzip labelled zstd: %v", err)
	}
	body = compress(t, []byte(`{}`), EncodingZstd)
	if err := Decode(body, EncodingGzip, &v); !errors.Is(err, ErrInvalid) {
		t.Errorf("zstd labelled gzip: %v", err)
	}
	// A truncated stream.
	body = compress(t, []byte(`{"batch":"`+batchID+`","ops":[]}`), EncodingGzip)
	if err := Decode(body[:len(body)-6], EncodingGzip, &v); !errors.Is(err, ErrInvalid) {
		t.Errorf("truncated gzip: %v", err)
	}
	body = compress(t, []byte(`{"batch":"`+batchID+`","ops":[]}`), EncodingZstd)
	if err := Decode(body[:len(body)-3], EncodingZstd, &v); !errors.Is(err, ErrInvalid) {
		t.Errorf("truncated zstd: %v", err)
	}
	// An empty body is no message.
	for _, enc := range []string{"", EncodingGzip} {
		if err := Decode(nil, enc, &v); !errors.Is(err, ErrInvalid) {
			t.Errorf("empty %q: %v", enc, err)
		}
	}
}

func TestUnknownEncoding(t *testing.T) {
	if _, err := Encode(validOp(), "br"); err == nil {
		t.Error("Encode accepted br")
	}
	var v Op
	if err := Decode([]byte(`{}`), "br", &v); err == nil {
		t.Error("Decode accepted br")
	}
	if err := Decode([]byte(`{}`), "ZSTD", &v); err == nil {
		t.Error("Decode accepted ZSTD (encodings are lower case tokens)")
	}
}

func TestEncodeUnmarshalable(t *testing.T) {
	if _, err := Encode(make(chan int), ""); err == nil {
		t.Fatal("Encode of a channel did not fail")
	}
}

// bomb is 64 MiB of zeros, which compress to a few kilobytes.
const bombSize = 64 << 20

func TestDecodeBombGzip(t *testing.T) {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for range bombSize / len(zeros) {
		w.Write(zeros)
	}
	w.Close()
	if buf.Len() > 1<<20 {
		t.Fatalf("bomb is %d bytes compressed", buf.Len())
	}
	var v PushRequest
	if err := Decode(buf.Bytes(), EncodingGzip, &v); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("gzip bomb: err = %v, want ErrTooLarge", err)
	}
}

func TestDecodeBombZstd(t *testing.T) {
	// Encoded as a stream (no declared content size) and with EncodeAll
	// (the frame header declares 64 MiB): both must be refused as too large.
	zeros := make([]byte, bombSize)
	var stream bytes.Buffer
	w, _ := zstd.NewWriter(&stream, zstd.WithEncoderLevel(zstd.SpeedFastest))
	w.Write(zeros)
	w.Close()
	enc, _ := zstd.NewWriter(nil)
	whole := enc.EncodeAll(zeros, nil)
	enc.Close()
	for name, body := range map[string][]byte{"stream": stream.Bytes(), "single frame": whole} {
		t.Run(name, func(t *testing.T) {
			if len(body) > 1<<20 {
				t.Fatalf("bomb is %d bytes compressed", len(body))
			}
			var v PushRequest
			err := Decode(body, EncodingZstd, &v)
			if name == "single frame" && errors.Is(err, ErrInvalid) && strings.Contains(err.Error(), "exceeds configured limit") {
				// The decoder refuses the frame from its header, before
				// decoding anything, so len(out) is 0 and decode takes the
				// ErrInvalid branch: the registry answers 400 instead of 413.
				t.Fatal("regression: protocol.decode maps zstd.ErrDecoderSizeExceeded to ErrInvalid when the frame declares its size (as Encode's EncodeAll does); it should return ErrTooLarge")
			}
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("zstd bomb: err = %v, want ErrTooLarge", err)
			}
		})
	}
}

func TestDecodeJustOverLimitIdentity(t *testing.T) {
	body := make([]byte, MaxBodyBytes+1)
	var v PushRequest
	if err := Decode(body, "", &v); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

// compress encodes raw bytes (not necessarily JSON) in enc.
func compress(t testing.TB, raw []byte, enc string) []byte {
	t.Helper()
	switch enc {
	case "", "identity":
		return raw
	case EncodingGzip:
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(raw)
		w.Close()
		return buf.Bytes()
	case EncodingZstd:
		codecs()
		return zEnc.EncodeAll(raw, nil)
	}
	t.Fatalf("encoding %q", enc)
	return nil
}

// ---- fuzzing ----

// canonical rewrites a JSON value so that two semantically equal values
// compare equal: RawMessage keeps bytes as sent (white space, escapes,
// duplicate keys), while a re-encoded value is compacted and escaped.
func canonical(t *testing.T, raw json.RawMessage) json.RawMessage {
	t.Helper()
	if raw == nil {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("accepted value %q does not decode: %v", raw, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("re-marshal %q: %v", raw, err)
	}
	return out
}

func canonicalPush(t *testing.T, p PushRequest) PushRequest {
	out := PushRequest{BatchID: p.BatchID}
	if len(p.Lease) > 0 {
		out.Lease = p.Lease // omitempty: an empty lease travels as none
	}
	for _, o := range p.Ops {
		if o.Fields != nil {
			f := make(map[string]json.RawMessage, len(o.Fields))
			for k, v := range o.Fields {
				f[k] = canonical(t, v)
			}
			o.Fields = f
		}
		if len(o.Base) == 0 {
			o.Base = nil // omitempty: an empty base travels as none
		}
		out.Ops = append(out.Ops, o)
	}
	return out
}

func canonicalPull(t *testing.T, p PullResponse) PullResponse {
	out := PullResponse{Cursor: p.Cursor, More: p.More}
	if p.Changes != nil {
		out.Changes = []Change{}
	}
	for _, c := range p.Changes {
		if c.Fields != nil {
			f := make(map[string]Field, len(c.Fields))
			for k, v := range c.Fields {
				f[k] = Field{V: canonical(t, v.V), H: v.H}
			}
			c.Fields = f
		}
		out.Changes = append(out.Changes, c)
	}
	return out
}

// roundTrip checks that an accepted message survives Encode+Decode in
// every encoding and still validates.
func roundTrip[T interface{ Validate() error }](t *testing.T, v T, norm func(*testing.T, T) T) {
	t.Helper()
	want := norm(t, v)
	for _, enc := range encodings {
		body, err := Encode(v, enc)
		if err != nil {
			t.Fatalf("re-encode (%q): %v", enc, err)
		}
		var back T
		if err := Decode(body, enc, &back); err != nil {
			t.Fatalf("decode of re-encoded (%q): %v\n%s", enc, err, body)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("re-encoded value fails validation (%q): %v", enc, err)
		}
		if got := norm(t, back); !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip (%q) changed the value:\n was %+v\n now %+v", enc, want, got)
		}
	}
}

// fuzzDecode feeds data as identity JSON, as JSON compressed with zstd,
// and as a raw zstd stream (which mostly fails, exercising the decoder).
func fuzzDecode[T interface{ Validate() error }](t *testing.T, data []byte, norm func(*testing.T, T) T) {
	for _, in := range []struct {
		enc  string
		body []byte
	}{{"", data}, {EncodingZstd, compress(t, data, EncodingZstd)}, {EncodingZstd, data}, {EncodingGzip, data}} {
		var v T
		if err := Decode(in.body, in.enc, &v); err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("decode error %v wraps neither ErrInvalid nor ErrTooLarge", err)
			}
			continue
		}
		if err := v.Validate(); err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("validation error %v does not wrap ErrInvalid", err)
			}
			continue
		}
		roundTrip(t, v, norm)
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func FuzzDecodePush(f *testing.F) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).UnixMilli()
	f.Add(mustJSON(PushRequest{BatchID: batchID, Ops: []Op{validOp()}}))
	f.Add(mustJSON(PushRequest{BatchID: batchID, Ops: []Op{
		withOp(func(o *Op) {
			o.Entity, o.HLC = "case_file", stamp(now, 1)
			o.Fields = map[string]json.RawMessage{"status": json.RawMessage(`"settled"`), "pauses": json.RawMessage(`[{"from":"2026-01-01"}]`)}
			o.Base = map[string]string{"status": stamp(now, 0), "pauses": ""}
		}),
		withOp(func(o *Op) { o.ID, o.Kind, o.Fields = opID2, Delete, nil }),
	}}))
	f.Add([]byte(`{"batch":"` + batchID + `","ops":[{"id":"` + opID1 + `","e":"case_event","i":"` + entityID +
		`","k":"append","h":"` + stampA + `","f":{ "note" : "<b>\u0041\u2028</b>" , "n": 1.50e3, "x": {"a":1,"a":2} },"b":{}}]}`))
	f.Add([]byte(`{"batch":"x","ops":[]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, canonicalPush)
	})
}

func FuzzDecodePull(f *testing.F) {
	f.Add(mustJSON(PullResponse{Changes: []Change{validChange(1), validChange(2)}, Cursor: 2, More: true}))
	f.Add(mustJSON(PullResponse{Changes: []Change{{Seq: 9, Entity: "case_file", EntityID: uuidV4, Deleted: true}}, Cursor: 12}))
	f.Add(mustJSON(PullResponse{Changes: []Change{}, Cursor: 0}))
	f.Add([]byte(`{"changes":[{"s":1,"e":"client","i":"` + entityID + `","f":{"a":{"v": [1, "\u00e9"] ,"h":"` + stampB + `"}}}],"cursor":1}`))
	f.Add([]byte(`{"changes":null,"cursor":-5}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, canonicalPull)
	})
}

func FuzzDecodeEnroll(f *testing.F) {
	f.Add(mustJSON(EnrollRequest{Code: "ABCD-EFGH-JKMN", DeviceName: "Okienko 1", DeviceID: opID1}))
	f.Add(mustJSON(EnrollRequest{Code: "ABCDEFGH", DeviceID: opID2}))
	f.Add([]byte(`{"code":"ABCD-EFGH-JKMN","deviceName":"Łódź \ud83d\ude00 <&>","deviceId":"` + opID1 + `"}`))
	f.Add([]byte(`{"code":" ABCDEFGH"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, func(_ *testing.T, e EnrollRequest) EnrollRequest { return e })
	})
}

// TestInheritStampKeepsRowsOfEightSmall: giving the fields of a row of 8
// (a case event, an audit entry) their row's stamp allocates nothing,
// where setting a field of a full small map made it a large one.
func TestInheritStampKeepsRowsOfEightSmall(t *testing.T) {
	names := []string{"id", "caseId", "kind", "from", "to", "staffId", "detail", "at"}
	build := func() *Change {
		c := &Change{H: stampA, Fields: make(map[string]Field, len(names))}
		for _, name := range names {
			f := Field{V: json.RawMessage(`"x"`)}
			if name == "at" {
				f.H = stampB
			}
			c.Fields[name] = f
		}
		return c
	}
	var c *Change
	built := testing.AllocsPerRun(100, func() { c = build() })
	stamped := testing.AllocsPerRun(100, func() { c = build(); c.inheritStamp() })
	if stamped > built {
		t.Fatalf("stamping a row of %d fields took %v allocations beyond its building", len(names), stamped-built)
	}
	for name, f := range c.Fields {
		if want := map[bool]string{true: stampB, false: stampA}[name == "at"]; f.H != want || len(c.Fields) != len(names) {
			t.Fatalf("%s: %+v, want stamp %s among %d", name, f, want, len(names))
		}
	}
}
