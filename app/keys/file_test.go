package keys

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"testing"
)

func TestFileRoundTrip(t *testing.T) {
	c := newCipher(t)
	chunk := 1 << fileChunkShift
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 100, chunk - 1, chunk, chunk + 1, 3*chunk + 17, 4 * chunk} {
		pt := make([]byte, n)
		for i := range pt {
			pt[i] = byte(rng.Uint32())
		}
		sealed, err := c.SealBytes("printout/c1/receipt", pt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.OpenBytes("printout/c1/receipt", sealed)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("%d bytes: round trip failed: %v", n, err)
		}
		if n >= 16 && bytes.Contains(sealed, pt[:16]) {
			t.Fatalf("%d bytes: plaintext visible", n)
		}
		// Reads anywhere give the same bytes as the plaintext.
		fr, err := c.OpenFile(bytes.NewReader(sealed), int64(len(sealed)), "printout/c1/receipt")
		if err != nil || fr.Size() != int64(n) {
			t.Fatalf("%d bytes: OpenFile size %d, %v", n, fr.Size(), err)
		}
		for range 20 {
			if n == 0 {
				break
			}
			off := rng.IntN(n)
			l := rng.IntN(2*chunk + 1)
			buf := make([]byte, l)
			k, err := fr.ReadAt(buf, int64(off))
			want := min(l, n-off)
			if k != want || !bytes.Equal(buf[:k], pt[off:off+want]) || (k < l && err != io.EOF) || (k == l && err != nil) {
				t.Fatalf("%d bytes: ReadAt(%d, %d) = %d, %v", n, off, l, k, err)
			}
		}
	}
}

// Writing in small pieces gives a file that opens to the same bytes.
func TestFileWriterPieces(t *testing.T) {
	c := newCipher(t)
	pt := bytes.Repeat([]byte("Potwierdzenie przyjęcia sprawy. "), 5000)
	var out bytes.Buffer
	fw, err := c.NewFileWriter(&out, "export/x")
	if err != nil {
		t.Fatal(err)
	}
	for p := pt; len(p) > 0; {
		k := min(len(p), 777)
		if _, err := fw.Write(p[:k]); err != nil {
			t.Fatal(err)
		}
		p = p[k:]
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	if got, err := c.OpenBytes("export/x", out.Bytes()); err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("pieces: %v", err)
	}
	if _, err := fw.Write([]byte("x")); err == nil {
		t.Fatal("write after Close accepted")
	}
}

func TestFileRefusesTampering(t *testing.T) {
	c := newCipher(t)
	chunk := 1 << fileChunkShift
	pt := bytes.Repeat([]byte{7}, 2*chunk+100)
	good, _ := c.SealBytes("printout/c1/receipt", pt)
	stride := chunk + fileTagLen
	unclosed := func() []byte {
		var out bytes.Buffer
		fw, _ := c.NewFileWriter(&out, "printout/c1/receipt")
		fw.Write(pt)
		return out.Bytes()
	}()
	swapped := append([]byte{}, good...)
	copy(swapped[fileHeaderLen:], good[fileHeaderLen+stride:fileHeaderLen+2*stride])
	copy(swapped[fileHeaderLen+stride:], good[fileHeaderLen:fileHeaderLen+stride])
	flip := func(i int) []byte {
		b := append([]byte{}, good...)
		b[i] ^= 1
		return b
	}
	cases := map[string]struct {
		b     []byte
		label string
		want  error
	}{
		"another label":        {good, "printout/c2/receipt", ErrAuth},
		"another key":          {func() []byte { b, _ := newCipher(t).SealBytes("printout/c1/receipt", pt); return b }(), "printout/c1/receipt", ErrAuth},
		"cut at a chunk's end": {good[:fileHeaderLen+2*stride], "printout/c1/receipt", ErrAuth},
		"cut inside a chunk":   {good[:len(good)-5], "printout/c1/receipt", ErrAuth},
		"cut inside a tag":     {good[:fileHeaderLen+2*stride+3], "printout/c1/receipt", ErrAuth},
		"header only":          {good[:fileHeaderLen], "printout/c1/receipt", ErrMalformed},
		"never closed":         {unclosed, "printout/c1/receipt", ErrAuth},
		"chunks swapped":       {swapped, "printout/c1/receipt", ErrAuth},
		"magic":                {flip(0), "printout/c1/receipt", ErrMalformed},
		"chunk size":           {flip(5), "printout/c1/receipt", ErrAuth},
		"seed":                 {flip(20), "printout/c1/receipt", ErrAuth},
		"first chunk":          {flip(fileHeaderLen + 10), "printout/c1/receipt", ErrAuth},
		"last tag":             {flip(len(good) - 1), "printout/c1/receipt", ErrAuth},
		"extra chunk":          {append(append([]byte{}, good...), good[fileHeaderLen:fileHeaderLen+stride]...), "printout/c1/receipt", ErrAuth},
	}
	for name, k := range cases {
		if _, err := c.OpenBytes(k.label, k.b); !errors.Is(err, k.want) {
			t.Errorf("%s: err = %v, want %v", name, err, k.want)
		}
	}
	if _, err := c.OpenBytes("printout/c1/receipt", good); err != nil {
		t.Fatalf("the control: %v", err)
	}
}

func BenchmarkFileSeal1MiB(b *testing.B) {
	c := newCipher(b)
	pt := make([]byte, 1<<20)
	b.SetBytes(int64(len(pt)))
	for b.Loop() {
		c.SealBytes("printout/x", pt)
	}
}

// A download cut off (its writer never closed, the tail of a chunk
// written) is resumed after its whole chunks, and the finished file opens
// to exactly what was written, old part and new.
func TestResumeFileWriter(t *testing.T) {
	c := newCipher(t)
	chunk := 1 << fileChunkShift
	pt := make([]byte, 5*chunk+1234)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range pt {
		pt[i] = byte(rng.Uint32())
	}
	for _, cut := range []int{0, 100, chunk, 2*chunk + 5, 3*chunk + fileTagLen, 5*chunk + 1234} {
		f, err := os.CreateTemp(t.TempDir(), "snap")
		if err != nil {
			t.Fatal(err)
		}
		fw, err := c.NewFileWriter(f, "snapshot/office-1")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(pt) // never closed: the process was killed
		st, _ := f.Stat()
		// Keep only cut bytes of the chunks written, as a kill might.
		size := min(st.Size(), int64(fileHeaderLen+cut))
		f.Truncate(size)

		part, err := c.OpenPartial(f, size, "snapshot/office-1")
		if err != nil {
			t.Fatalf("cut %d: OpenPartial: %v", cut, err)
		}
		kept := make([]byte, part.Size())
		if _, err := part.ReadAt(kept, 0); err != nil && err != io.EOF || !bytes.Equal(kept, pt[:len(kept)]) {
			t.Fatalf("cut %d: the kept part differs (%v)", cut, err)
		}
		if _, err := c.OpenPartial(f, size, "snapshot/office-2"); size >= int64(fileHeaderLen+chunk+fileTagLen) && !errors.Is(err, ErrAuth) {
			t.Fatalf("cut %d: another label: %v", cut, err)
		}
		rw, from, err := c.ResumeFileWriter(f, size, "snapshot/office-1")
		if err != nil {
			t.Fatalf("cut %d: resume: %v", cut, err)
		}
		if from != part.Size() || from%int64(chunk) != 0 {
			t.Fatalf("cut %d: resumes from %d, kept %d", cut, from, part.Size())
		}
		if _, err := rw.Write(pt[from:]); err != nil {
			t.Fatal(err)
		}
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		whole, _ := os.ReadFile(f.Name())
		f.Close()
		if got, err := c.OpenBytes("snapshot/office-1", whole); err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("cut %d: the resumed file: %v", cut, err)
		}
	}
	// A finished file whose last chunk is whole is not resumed: that chunk
	// is marked the last. (One with a shorter last chunk loses it and goes
	// on from the chunk before, which is the same as resuming a download.)
	done, _ := c.SealBytes("x", pt[:2*chunk])
	f, _ := os.CreateTemp(t.TempDir(), "done")
	f.Write(done)
	if _, _, err := c.ResumeFileWriter(f, int64(len(done)), "x"); !errors.Is(err, ErrAuth) {
		t.Fatalf("a finished file was resumed: %v", err)
	}
	f.Close()
}

// The file's plaintext as an fs.FS: read, seek and stat as SQLite's
// read-only VFS does; other names do not exist; a changed chunk fails the
// read.
func TestFileFS(t *testing.T) {
	c := newCipher(t)
	chunk := 1 << fileChunkShift
	pt := bytes.Repeat([]byte("SQLite format 3\x00"), 3*chunk/16+5)
	sealed, _ := c.SealBytes("snapshot", pt)
	fr, err := c.OpenFile(bytes.NewReader(sealed), int64(len(sealed)), "snapshot")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fr.FS("snap.db")
	got, err := fs.ReadFile(fsys, "snap.db")
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("ReadFile: %v", err)
	}
	f, _ := fsys.Open("snap.db")
	st, _ := f.Stat()
	if st.Size() != int64(len(pt)) || st.IsDir() || st.Name() != "snap.db" {
		t.Fatalf("Stat: %d %v %q", st.Size(), st.IsDir(), st.Name())
	}
	s := f.(io.ReadSeeker)
	s.Seek(int64(2*chunk+3), io.SeekStart)
	buf := make([]byte, 16)
	if _, err := io.ReadFull(s, buf); err != nil || !bytes.Equal(buf, pt[2*chunk+3:2*chunk+19]) {
		t.Fatalf("Seek and Read: %v", err)
	}
	for _, name := range []string{"other.db", "../snap.db", "/snap.db"} {
		if _, err := fsys.Open(name); err == nil {
			t.Errorf("Open(%q) succeeded", name)
		}
	}
	bad := append([]byte{}, sealed...)
	bad[fileHeaderLen+chunk+fileTagLen+7] ^= 1 // the second chunk
	fr2, err := c.OpenFile(bytes.NewReader(bad), int64(len(bad)), "snapshot")
	if err != nil {
		t.Fatal(err) // only the last chunk is checked at open
	}
	if _, err := fs.ReadFile(fr2.FS("snap.db"), "snap.db"); !errors.Is(err, ErrAuth) {
		t.Fatalf("a changed chunk read: %v", err)
	}
}

// TestFileFSReadsAhead: a file of the FS read in order, backwards and by
// leaps reads the same bytes, whichever chunks were decrypted ahead; a
// changed chunk decrypted ahead fails only the read that reaches it.
func TestFileFSReadsAhead(t *testing.T) {
	c := newCipher(t)
	chunk := 1 << fileChunkShift
	pt := make([]byte, 6*chunk+100)
	for i := range pt {
		pt[i] = byte(i * 7 / 3)
	}
	sealed, _ := c.SealBytes("snapshot", pt)
	fr, err := c.OpenFile(bytes.NewReader(sealed), int64(len(sealed)), "snapshot")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := fr.FS("snap.db").Open("snap.db")
	r := f.(io.ReaderAt)
	buf := make([]byte, chunk/4)
	var offs []int
	for off := 0; off < len(pt); off += chunk / 4 {
		offs = append(offs, off) // in order: each chunk read ahead
	}
	for off := len(pt) - chunk/3; off > 0; off -= chunk / 3 {
		offs = append(offs, off) // backwards
	}
	offs = append(offs, 0, 3*chunk, chunk, 2*chunk, 5*chunk+9, 4*chunk) // leaps
	for _, off := range offs {
		n, err := r.ReadAt(buf, int64(off))
		if (err != nil && err != io.EOF) || !bytes.Equal(buf[:n], pt[off:off+n]) {
			t.Fatalf("ReadAt %d: %d bytes, %v", off, n, err)
		}
	}
	bad := append([]byte{}, sealed...)
	bad[fileHeaderLen+2*(chunk+fileTagLen)+7] ^= 1 // the third chunk
	fr2, err := c.OpenFile(bytes.NewReader(bad), int64(len(bad)), "snapshot")
	if err != nil {
		t.Fatal(err)
	}
	f2, _ := fr2.FS("snap.db").Open("snap.db")
	r2 := f2.(io.ReaderAt)
	for _, off := range []int{0, chunk} { // the third decrypted ahead
		if _, err := r2.ReadAt(buf, int64(off)); err != nil {
			t.Fatalf("ReadAt %d before the changed chunk: %v", off, err)
		}
	}
	if _, err := r2.ReadAt(buf, int64(2*chunk)); !errors.Is(err, ErrAuth) {
		t.Fatalf("the changed chunk read: %v", err)
	}
	if _, err := r2.ReadAt(buf, int64(4*chunk)); err != nil {
		t.Fatalf("a chunk after the changed one: %v", err)
	}
}
