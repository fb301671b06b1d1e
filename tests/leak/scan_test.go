package leak

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestScanFindsEveryEncoding: the scanner finds a surname planted in
// each encoding at odd offsets, and nothing in bytes without it.
func TestScanFindsEveryEncoding(t *testing.T) {
	name := "Żółkiewska"
	m := []Marker{{What: "surname", Value: name}}
	u16 := func(s string, be bool) string {
		var b []byte
		for _, r := range utf16.Encode([]rune(s)) {
			if be {
				b = append(b, byte(r>>8), byte(r))
			} else {
				b = append(b, byte(r), byte(r>>8))
			}
		}
		return string(b)
	}
	plants := map[string]string{
		"utf-8":      name,
		"folded":     "zolkiewska",
		"upper":      "ŻÓŁKIEWSKA",
		"utf-16le":   u16(name, false),
		"utf-16be":   u16(name, true),
		"hex":        hex.EncodeToString([]byte(name)),
		"HEX":        strings.ToUpper(hex.EncodeToString([]byte(name))),
		"base64+0":   base64.StdEncoding.EncodeToString([]byte(name)),
		"base64+1":   base64.StdEncoding.EncodeToString([]byte("x" + name)),
		"base64+2":   base64.StdEncoding.EncodeToString([]byte("xy" + name)),
		"url+1":      base64.URLEncoding.EncodeToString([]byte("?" + name + "?")),
		"folded b64": base64.StdEncoding.EncodeToString([]byte("ab zolkiewska")),
	}
	for what, p := range plants {
		data := []byte("\x00\x01garbage" + p + "tail")
		if hits := ScanBytes("f", data, Needles(m)); len(hits) == 0 {
			t.Errorf("%s not found", what)
		}
	}
	if hits := ScanBytes("f", []byte("Kowalska Nowak 0123456789abcdef"), Needles(m)); len(hits) != 0 {
		t.Errorf("false hits %v", hits)
	}
}
