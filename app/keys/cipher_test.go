package keys

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
	"testing/quick"
	"unicode/utf8"
)

func newCipher(t testing.TB) *Cipher {
	t.Helper()
	c, err := NewCipher(NewDataKey())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSealOpen(t *testing.T) {
	c := newCipher(t)
	for _, v := range []string{"", "a", "Łęcka-Wróblewska", "90010112345", "ul. Ogrodowa 5/12, 97-300 Piotrków Trybunalski", "0123456789abcdef", "0123456789abcde", string(bytes.Repeat([]byte("x"), 5000))} {
		s := c.SealString("client", "surname", "row-1", v)
		if got, err := c.OpenString("client", "surname", "row-1", s); err != nil || got != v {
			t.Errorf("Open(Seal(%.20q)) = %.20q, %v", v, got, err)
		}
		if len(v) >= 8 && bytes.Contains(s, []byte(v)) {
			t.Errorf("sealed %.20q holds the plaintext", v)
		}
		// Length is visible only to within the padding block.
		if want := 1 + 12 + (len(v)/pad+1)*pad + 16; len(s) != want {
			t.Errorf("sealed %d bytes as %d, want %d", len(v), len(s), want)
		}
	}
	a, b := c.SealString("client", "pesel", "r", "90010112345"), c.SealString("client", "pesel", "r", "90010112345")
	if bytes.Equal(a, b) {
		t.Fatal("two seals of one value are equal: nonce not random")
	}
}

// A sealed value opens only where it was sealed, and only unchanged.
func TestOpenRefusesTampering(t *testing.T) {
	c := newCipher(t)
	s := c.SealString("client", "pesel", "row-1", "90010112345")
	cases := map[string]struct {
		table, column, row string
		b                  []byte
		want               error
	}{
		"another row":     {"client", "pesel", "row-2", s, ErrAuth},
		"another column":  {"client", "nip", "row-1", s, ErrAuth},
		"another table":   {"case_file", "pesel", "row-1", s, ErrAuth},
		"shifted ad":      {"client", "pesel", "row-1", c.SealString("clien", "tpesel", "row-1", "x"), ErrAuth},
		"truncated":       {"client", "pesel", "row-1", s[:len(s)-1], ErrMalformed},
		"one block short": {"client", "pesel", "row-1", append(append([]byte{}, s[:len(s)-32]...), s[len(s)-16:]...), ErrMalformed},
		"empty":           {"client", "pesel", "row-1", nil, ErrMalformed},
		"version":         {"client", "pesel", "row-1", append([]byte{2}, s[1:]...), ErrMalformed},
		"another key":     {"client", "pesel", "row-1", newCipher(t).SealString("client", "pesel", "row-1", "90010112345"), ErrAuth},
	}
	for name, k := range cases {
		if _, err := c.Open(k.table, k.column, k.row, k.b); !errors.Is(err, k.want) {
			t.Errorf("%s: err = %v, want %v", name, err, k.want)
		}
	}
	// Every single changed bit, anywhere after the version byte, fails.
	for i := 1; i < len(s); i++ {
		for bit := range 8 {
			b := append([]byte{}, s...)
			b[i] ^= 1 << bit
			if _, err := c.Open("client", "pesel", "row-1", b); !errors.Is(err, ErrAuth) {
				t.Fatalf("byte %d bit %d changed: err = %v", i, bit, err)
			}
		}
	}
}

// Property: Open(Seal(x)) is x for any value and any place.
func TestSealOpenProperty(t *testing.T) {
	c := newCipher(t)
	f := func(table, column, row string, v []byte) bool {
		got, err := c.Open(table, column, row, c.Seal(table, column, row, v))
		return err == nil && bytes.Equal(got, v)
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
		t.Fatal(err)
	}
}

// The subkeys are derived from the data key: the same key gives the same
// tokens and opens the same values; another key neither.
func TestCipherDerivation(t *testing.T) {
	dk := NewDataKey()
	c1, _ := NewCipher(dk)
	c2, _ := NewCipher(dk)
	s := c1.SealString("client", "name", "r", "Anna")
	if v, err := c2.OpenString("client", "name", "r", s); err != nil || v != "Anna" {
		t.Fatalf("same data key: %q %v", v, err)
	}
	if c1.Exact(KindPESEL, "90010112345") != c2.Exact(KindPESEL, "90010112345") {
		t.Fatal("same data key, different tokens")
	}
	if c1.Exact(KindPESEL, "90010112345") == newCipher(t).Exact(KindPESEL, "90010112345") {
		t.Fatal("another data key, the same token")
	}
	if c1.index == c1.file {
		t.Fatal("index and file keys are one key")
	}
	dk.Destroy()
	if dk.Equal(&DataKey{}) == false {
		t.Fatal("Destroy left the key")
	}
}

func TestExact(t *testing.T) {
	c := newCipher(t)
	same := [][2]string{
		{"ABC123456", "abc 123456"},
		{"ABC123456", "ABC-123456"},
		{"90010112345", " 90010112345 "},
	}
	for _, p := range same {
		if c.Exact(KindDocument, p[0]) != c.Exact(KindDocument, p[1]) {
			t.Errorf("%q and %q give different tokens", p[0], p[1])
		}
	}
	if c.Exact(KindEmail, "Anna@Example.pl") != c.Exact(KindEmail, "anna@example.pl ") {
		t.Error("e-mail case matters")
	}
	if c.Exact(KindPESEL, "90010112345") == c.Exact(KindDocument, "90010112345") {
		t.Error("a PESEL and a document number of the same digits give one token")
	}
	if c.Exact(KindPESEL, "90010112345") == c.Exact(KindPESEL, "90010112346") {
		t.Error("two PESELs give one token")
	}
	if c.Exact(KindPESEL, " - ") != "" {
		t.Error("an empty value has a token")
	}
	if tok := c.Exact(KindPESEL, "90010112345"); len(tok) != 16 || bytes.Contains([]byte(tok), []byte("9001")) {
		t.Errorf("token %q", tok)
	}
}

func TestPrefixes(t *testing.T) {
	c := newCipher(t)
	toks := c.Prefixes("Łęcka-Wróblewska Żaneta")
	// lecka 3..5 (3), wroblewska 3..8 (6), zaneta 3..6 (4)
	if len(toks) != 13 {
		t.Fatalf("%d tokens, want 13", len(toks))
	}
	has := func(word string) bool {
		tok, _, ok := c.PrefixQuery(word)
		if !ok {
			return false
		}
		for _, x := range toks {
			if x == tok {
				return true
			}
		}
		return false
	}
	for _, w := range []string{"łęc", "LECK", "lecka", "wro", "Wróblews", "wroblewska", "zan", "żaneta"} {
		if !has(w) {
			t.Errorf("query %q finds nothing", w)
		}
	}
	for _, w := range []string{"lecki", "wrob1", "ane", "ecka", "kowalski"} {
		if has(w) {
			t.Errorf("query %q finds the name", w)
		}
	}
	if _, filter, _ := c.PrefixQuery("wroblewska"); !filter {
		t.Error("a word longer than MaxPrefix is not marked for the check after decryption")
	}
	if _, filter, _ := c.PrefixQuery("wrob"); filter {
		t.Error("a word within the indexed lengths is marked for checking")
	}
	if _, _, ok := c.PrefixQuery(" ,. "); ok {
		t.Error("punctuation alone is a query")
	}
	if _, _, ok := c.PrefixQuery("anna maria"); ok {
		t.Error("two words are one query")
	}
	short := c.Prefixes("Li Ng")
	if tok, _, _ := c.PrefixQuery("li"); len(short) != 2 || (tok != short[0] && tok != short[1]) {
		t.Errorf("short words: %v", short)
	}
	// Repeated words and prefixes give each token once, sorted.
	if a, b := c.Prefixes("Anna Anna"), c.Prefixes("Anna"); len(a) != len(b) {
		t.Errorf("repeated word: %d tokens against %d", len(a), len(b))
	}
}

// Property: every word of a name is found by each of its prefixes of at
// least MinPrefix runes, whatever its letters.
func TestPrefixesProperty(t *testing.T) {
	c := newCipher(t)
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄŁŻ")
	for range 300 {
		n := 1 + rng.IntN(14)
		w := make([]rune, n)
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		word := string(w)
		toks := map[string]bool{}
		for _, x := range c.Prefixes("Jan " + word) {
			toks[x] = true
		}
		for k := MinPrefix; k <= utf8.RuneCountInString(word); k++ {
			tok, _, ok := c.PrefixQuery(string(w[:k]))
			if !ok || !toks[tok] {
				t.Fatalf("%q: prefix %q not found", word, string(w[:k]))
			}
		}
	}
}
