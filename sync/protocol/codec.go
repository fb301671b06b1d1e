package protocol

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

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

// appender is a message that writes its own JSON (a pull page of stored
// rows): encoding/json would scan every embedded RawMessage again.
type appender interface {
	AppendJSON([]byte) ([]byte, error)
}

// rawBuffers hold the JSON of messages being compressed: a pull page is
// tens of kilobytes, written, compressed and dropped on every request.
var rawBuffers = sync.Pool{New: func() any { return new([]byte) }}

// Encode marshals v as JSON and compresses it.
func Encode(v any, encoding string) ([]byte, error) {
	var raw []byte
	var err error
	a, appends := v.(appender)
	switch {
	case appends && (encoding == EncodingZstd || encoding == EncodingGzip):
		buf := rawBuffers.Get().(*[]byte)
		defer func() {
			*buf = raw[:0]
			rawBuffers.Put(buf)
		}()
		raw, err = a.AppendJSON((*buf)[:0])
	case appends:
		raw, err = a.AppendJSON(nil)
	default:
		raw, err = json.Marshal(v)
	}
	if err != nil {
		return nil, fmt.Errorf("protocol: encode: %w", err)
	}
	switch encoding {
	case EncodingZstd:
		codecs()
		// Pages compress about twelve times; room for a quarter was
		// mostly zeroed for nothing.
		return zEnc.EncodeAll(raw, make([]byte, 0, len(raw)/8+64)), nil
	case EncodingGzip:
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		w.Write(raw)
		w.Close()
		return buf.Bytes(), nil
	case "":
		return raw, nil
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

// handDecoder is a message decoded by hand rather than by encoding/json
// (pulldecode.go says why); it ignores unknown keys, so only lenient
// decoding uses it.
type handDecoder interface{ decodeJSON(raw []byte) error }

// strictDecoder is a message decoded by hand that refuses unknown keys
// (pushdecode.go says why); only strict decoding uses it.
type strictDecoder interface{ decodeStrict(raw []byte) error }

func decode(body []byte, encoding string, v any, strict bool) error {
	var raw []byte
	switch encoding {
	case EncodingZstd:
		codecs()
		out, err := zDec.DecodeAll(body, nil)
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
	if h, ok := v.(handDecoder); ok && !strict {
		if err := h.decodeJSON(raw); err != nil {
			return fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		return nil
	}
	if h, ok := v.(strictDecoder); ok && strict {
		if err := h.decodeStrict(raw); err != nil {
			return fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	if strict {
		d.DisallowUnknownFields()
	}
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if d.More() {
		return fmt.Errorf("%w: trailing data", ErrInvalid)
	}
	if p, ok := v.(*PullResponse); ok {
		p.inheritStamps() // the hand decoder does it as it reads
	}
	return nil
}
