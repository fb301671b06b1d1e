package protocol

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"sync"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/klauspost/compress/zstd"
)

// Content encodings the protocol speaks; zstd is preferred, gzip is there
// for proxies and tools that only know gzip.
const (
	EncodingZstd = "zstd"
	EncodingGzip = "gzip"
)

// ErrTooLarge is returned for a body over MaxBodyBytes once decompressed.
var ErrTooLarge = errors.New("protocol: body too large")

var (
	encOnce sync.Once
	zEnc    *zstd.Encoder
	zDec    *zstd.Decoder
)

func codecs() {
	encOnce.Do(func() {
		// The fastest level: on our repetitive JSON (the same field names
		// and stamps on every row) it compresses as well as the stronger
		// ones (pull pages 12.7x against 12.5x, pushes 37 B per phone
		// edit either way) for a third of the CPU, which a registry
		// answering many devices at once pays on every page.
		// No frame checksum: TCP and TLS check the bytes already, and the
		// hash cost both sides a pass over every body.
		zEnc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderCRC(false))
		zDec, _ = zstd.NewReader(nil, zstd.WithDecoderMaxMemory(MaxBodyBytes), zstd.WithDecoderConcurrency(0))
	})
}

// Options of the wire codec (encoding/json v2, WIRE.md): object names
// match exactly (no case folding), a repeated name is refused, strings
// must be valid UTF-8, and maps are written in name order so that a
// batch of alike rows compresses well and encodes the same every time.
// A nil map or list is written null, as protocol 1 wrote it: a delete's
// fields are none, not an empty set.
var (
	encodeOpts = jsonv2.JoinOptions(jsonv2.Deterministic(true), jsonv2.FormatNilSliceAsNull(true), jsonv2.FormatNilMapAsNull(true))
	strictOpts = jsonv2.RejectUnknownMembers(true)
)

// rawBuffers hold the JSON of messages being compressed: a pull page is
// tens of kilobytes, written, compressed and dropped on every request.
var rawBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// plainBuffers hold decompressed bodies while they are decoded: a pull
// page is tens of kilobytes, decompressed, decoded and dropped by every
// device on every pull, and each request by the registry.
var plainBuffers = sync.Pool{New: func() any { return new([]byte) }}

// Encode marshals v as JSON and compresses it.
func Encode(v any, encoding string) ([]byte, error) {
	buf := rawBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 8<<20 { // a rare huge answer is not kept
			buf.Reset()
			rawBuffers.Put(buf)
		}
	}()
	buf.Reset()
	if err := jsonv2.MarshalWrite(buf, v, encodeOpts); err != nil {
		return nil, fmt.Errorf("protocol: encode: %w", err)
	}
	raw := buf.Bytes()
	switch encoding {
	case EncodingZstd:
		codecs()
		// Pages compress about twelve times; room for a quarter was
		// mostly zeroed for nothing.
		return zEnc.EncodeAll(raw, make([]byte, 0, len(raw)/8+64)), nil
	case EncodingGzip:
		var out bytes.Buffer
		w, _ := gzip.NewWriterLevel(&out, gzip.BestSpeed)
		w.Write(raw)
		w.Close()
		return out.Bytes(), nil
	case "":
		return bytes.Clone(raw), nil
	}
	return nil, fmt.Errorf("protocol: unknown encoding %q", encoding)
}

// Decode decompresses body and unmarshals it into v, refusing bodies that
// grow beyond MaxBodyBytes (a decompression bomb) and unknown fields. The
// registry decodes requests with it.
func Decode(body []byte, encoding string, v any) error {
	return decode(body, encoding, v, true)
}

// DecodeLenient is Decode that ignores unknown fields: devices decode
// answers with it, so a newer registry may add fields an older device
// does not know yet.
func DecodeLenient(body []byte, encoding string, v any) error {
	return decode(body, encoding, v, false)
}

func decode(body []byte, encoding string, v any, strict bool) error {
	var raw []byte
	switch encoding {
	case EncodingZstd:
		codecs()
		// Into a buffer of the pool: what is decoded from raw never
		// aliases it (the codec copies strings and field values out), so
		// it is free again once decoded.
		buf := plainBuffers.Get().(*[]byte)
		out, err := zDec.DecodeAll(body, (*buf)[:0])
		defer func() {
			if cap(out) <= 8<<20 { // a rare huge body is not kept
				*buf = out[:0]
				plainBuffers.Put(buf)
			}
		}()
		if err != nil {
			// A frame that declares its size is refused before decoding, so
			// out stays empty: the error itself says "too large".
			if errors.Is(err, zstd.ErrDecoderSizeExceeded) || len(out) >= MaxBodyBytes {
				return ErrTooLarge
			}
			return fmt.Errorf("%w: zstd: %v", ErrInvalid, err)
		}
		raw = out
	case EncodingGzip:
		r, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("%w: gzip: %v", ErrInvalid, err)
		}
		raw, err = io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
		if err != nil {
			return fmt.Errorf("%w: gzip: %v", ErrInvalid, err)
		}
	case "", "identity":
		raw = body
	default:
		return fmt.Errorf("%w: encoding %q", ErrInvalid, encoding)
	}
	if len(raw) > MaxBodyBytes {
		return ErrTooLarge
	}
	// One value and nothing after it; names exactly as WIRE.md spells
	// them, each once. Field values are copied out of raw.
	var err error
	if strict {
		err = jsonv2.Unmarshal(raw, v, strictOpts)
	} else {
		err = jsonv2.Unmarshal(raw, v)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if p, ok := v.(*PullResponse); ok {
		p.inheritStamps()
	}
	return nil
}
