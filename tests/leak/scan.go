// Package leak is issue 13's "done means": a used device's data directory
// is scanned, every byte of every file, for the personal data put into it,
// in the encodings a reader of the disk would try. The scanner is here;
// the tests build the used directory through the real app services and a
// real registry.
package leak

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/klauspost/compress/zstd"

	"okienko/app/fold"
)

// Marker is one value to look for: what it is ("PESEL of client 2") and
// the text.
type Marker struct {
	What  string
	Value string
}

// Hit is one finding: where, what and in which encoding.
type Hit struct {
	File     string
	Offset   int
	What     string
	Encoding string
}

func (h Hit) String() string {
	return fmt.Sprintf("%s @%d: %s as %s", h.File, h.Offset, h.What, h.Encoding)
}

type needle struct {
	what, enc string
	b         []byte
}

// minNeedle is the shortest encoded form looked for: shorter ones would
// match ciphertext by chance.
const minNeedle = 6

// Variants are the forms of a value looked for: as written, diacritics
// folded (fold.String: lower case, no diacritics, ł → l), upper and lower
// case of both.
func Variants(v string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range []string{v, fold.String(v), strings.ToUpper(v), strings.ToLower(v), strings.ToUpper(fold.String(v))} {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Encodings are the byte forms of one text: UTF-8, UTF-16LE/BE, hex in
// lower and upper case, base64 (standard and URL) at each of the three
// alignments (the characters fully determined by the text alone).
func Encodings(s string) map[string][]byte {
	raw := []byte(s)
	out := map[string][]byte{"utf-8": raw}
	u := utf16.Encode([]rune(s))
	le, be := make([]byte, 2*len(u)), make([]byte, 2*len(u))
	for i, r := range u {
		le[2*i], le[2*i+1] = byte(r), byte(r>>8)
		be[2*i], be[2*i+1] = byte(r>>8), byte(r)
	}
	out["utf-16le"], out["utf-16be"] = le, be
	h := hex.EncodeToString(raw)
	out["hex"], out["HEX"] = []byte(h), []byte(strings.ToUpper(h))
	for name, enc := range map[string]*base64.Encoding{"base64": base64.StdEncoding, "base64url": base64.URLEncoding} {
		for k := range 3 {
			in := append(make([]byte, k), raw...)
			e := enc.EncodeToString(in)
			from, to := (8*k+5)/6, 8*(k+len(raw))/6
			out[fmt.Sprintf("%s+%d", name, k)] = []byte(e[from:to])
		}
	}
	return out
}

func needles(markers []Marker) []needle {
	var out []needle
	seen := map[string]bool{}
	for _, m := range markers {
		for _, v := range Variants(m.Value) {
			for enc, b := range Encodings(v) {
				if len(b) < minNeedle || seen[string(b)] {
					continue
				}
				seen[string(b)] = true
				what := m.What + " " + fmt.Sprintf("%q", m.Value)
				if v != m.Value {
					what += fmt.Sprintf(" (as %q)", v)
				}
				out = append(out, needle{what: what, enc: enc, b: b})
			}
		}
	}
	return out
}

// Scan reads every file under root (symbolic links not followed) and
// reports every place any marker occurs in any encoding, sorted by file
// and offset. Files are named relative to root.
func Scan(root string, markers []Marker) ([]Hit, error) {
	ns := needles(markers)
	var hits []Hit
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		hits = append(hits, ScanBytes(rel, data, ns)...)
		if bytes.HasPrefix(data, zstdMagic) {
			// A compressed download (even cut off) is decompressed as far
			// as it goes, as anyone holding it would.
			hits = append(hits, ScanBytes(rel+" (decompressed)", unzstd(data), ns)...)
		}
		if bytes.HasPrefix(data, []byte("%PDF")) {
			// A PDF's text is in compressed streams and font encodings:
			// what pdftotext reads from it is what a reader would.
			text, err := pdfText(data)
			if err != nil {
				return fmt.Errorf("leak: read %s as a PDF: %w", rel, err)
			}
			hits = append(hits, ScanBytes(rel+" (its text)", text, ns)...)
		}
		return nil
	})
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].File != hits[j].File {
			return hits[i].File < hits[j].File
		}
		return hits[i].Offset < hits[j].Offset
	})
	return hits, err
}

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// unzstd is as much of a zstd stream as decodes.
func unzstd(data []byte) []byte {
	d, err := zstd.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	defer d.Close()
	var out bytes.Buffer
	_, _ = io.Copy(&out, d) // a cut stream ends in an error after what it held
	return out.Bytes()
}

// pdfText is what pdftotext reads from a PDF.
func pdfText(data []byte) ([]byte, error) {
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	return cmd.Output()
}

// ScanBytes is Scan of one file's bytes.
func ScanBytes(name string, data []byte, ns []needle) []Hit {
	var hits []Hit
	for _, n := range ns {
		for off := 0; ; {
			i := bytes.Index(data[off:], n.b)
			if i < 0 {
				break
			}
			hits = append(hits, Hit{File: name, Offset: off + i, What: n.what, Encoding: n.enc})
			off += i + 1
		}
	}
	return hits
}

// Needles prepares markers for ScanBytes.
func Needles(markers []Marker) []needle { return needles(markers) }

// CopyDir copies every regular file under src to dst as it is on the
// disk now (the database with its -wal, -shm and journal files included),
// as a thief would.
func CopyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	})
}
