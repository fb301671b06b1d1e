package keys

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"sync"
)

// The encrypted file format (printouts, exports, a downloaded snapshot):
//
//	header  32 bytes: magic "OKEF", version 1, chunk size as a power of
//	        two (10..20), two zero bytes, a random 24-byte seed
//	chunks  AES-256-GCM of each chunk of the plaintext (the last one may
//	        be shorter, and is empty only for an empty file), each with
//	        its 16-byte tag
//
// Each file has its own key, HKDF of the file key with the seed as salt
// and the caller's label (what the file is: "printout/<case id>/receipt")
// in the info, so a file renamed to another's place does not open, and
// nonces never repeat across files. Chunk i's nonce is i (8 bytes) and a
// last-chunk flag (4 bytes); the header is every chunk's associated
// data. A file cut anywhere (even at a chunk's end) or with chunks
// reordered fails to open. Chunks let a large file be read anywhere
// without decrypting what comes before it (FileReader.ReadAt).
const (
	fileMagic       = "OKEF"
	fileVersion     = 1
	fileHeaderLen   = 32
	fileSeedLen     = 24
	fileChunkShift  = 16 // 64 KiB
	fileTagLen      = 16
	minChunkShift   = 10
	maxChunkShift   = 20
	fileInfoPrefix  = "okienko file v1\x00"
	lastChunkFlag   = 1
	middleChunkFlag = 0
)

func (c *Cipher) fileAEAD(seed []byte, label string) (cipher.AEAD, error) {
	k, err := hkdfKey(c.file[:], seed, fileInfoPrefix+label)
	if err != nil {
		return nil, err
	}
	defer clear(k)
	return newGCM(k)
}

func chunkNonce(i uint64, last bool) []byte {
	n := make([]byte, 12)
	binary.BigEndian.PutUint64(n, i)
	if last {
		n[11] = lastChunkFlag
	}
	return n
}

// FileWriter seals what is written to it into the encrypted file format.
// Close writes the last chunk: a file whose writer was not closed does
// not open.
type FileWriter struct {
	w      io.Writer
	aead   cipher.AEAD
	header []byte
	buf    []byte
	size   int
	i      uint64
	err    error
}

// NewFileWriter starts an encrypted file on w under label, writing its
// header at once.
func (c *Cipher) NewFileWriter(w io.Writer, label string) (*FileWriter, error) {
	h := make([]byte, fileHeaderLen)
	copy(h, fileMagic)
	h[4] = fileVersion
	h[5] = fileChunkShift
	rand.Read(h[8:])
	aead, err := c.fileAEAD(h[8:], label)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(h); err != nil {
		return nil, fmt.Errorf("keys: write file header: %w", err)
	}
	size := 1 << fileChunkShift
	return &FileWriter{w: w, aead: aead, header: h, size: size, buf: make([]byte, 0, size)}, nil
}

// Write buffers p and seals every chunk that fills; the last full chunk
// is held back until more comes or Close, since only then is it known
// whether it is the last.
func (fw *FileWriter) Write(p []byte) (int, error) {
	if fw.err != nil {
		return 0, fw.err
	}
	n := 0
	for len(p) > 0 {
		if len(fw.buf) == fw.size {
			if err := fw.flush(false); err != nil {
				return n, err
			}
		}
		k := copy(fw.buf[len(fw.buf):fw.size], p)
		fw.buf = fw.buf[:len(fw.buf)+k]
		p = p[k:]
		n += k
	}
	return n, nil
}

func (fw *FileWriter) flush(last bool) error {
	out := fw.aead.Seal(nil, chunkNonce(fw.i, last), fw.buf, fw.header)
	clear(fw.buf)
	fw.buf = fw.buf[:0]
	fw.i++
	if _, err := fw.w.Write(out); err != nil {
		fw.err = fmt.Errorf("keys: write file chunk: %w", err)
		return fw.err
	}
	return nil
}

// Close seals the last chunk. It does not close the underlying writer.
func (fw *FileWriter) Close() error {
	if fw.err != nil {
		return fw.err
	}
	err := fw.flush(true)
	if err == nil {
		fw.err = fmt.Errorf("keys: file already closed")
	}
	return err
}

// FileReader reads an encrypted file anywhere (io.ReaderAt), checking
// each chunk it touches. It is safe for concurrent use.
type FileReader struct {
	r       io.ReaderAt
	aead    cipher.AEAD
	header  []byte
	chunk   int64 // plaintext bytes per chunk
	n       int64 // chunks
	size    int64 // plaintext bytes
	partial bool  // an unfinished file: no chunk is the last

	mu     sync.Mutex
	cached int64 // index of the chunk in buf, -1 for none
	buf    []byte
	// ahead, for a reader that reads ahead (the files of FS): the chunk
	// after one read in order, decrypted meanwhile on another goroutine.
	ahead bool
	next  *chunkAhead
	spare []byte // a chunk's buffer no longer read, for the next one
}

// chunkAhead is a chunk being decrypted ahead of its read.
type chunkAhead struct {
	i    int64
	pt   []byte
	err  error
	done chan struct{}
}

// OpenFile opens an encrypted file of size bytes under label. It reads the
// header and checks the last chunk, so a truncated file or the wrong
// label fails here rather than at the end of a read.
func (c *Cipher) OpenFile(r io.ReaderAt, size int64, label string) (*FileReader, error) {
	if size < fileHeaderLen+fileTagLen {
		return nil, fmt.Errorf("keys: file of %d bytes: %w", size, ErrMalformed)
	}
	h, aead, chunk, err := c.readHeader(r, label)
	if err != nil {
		return nil, err
	}
	body := size - fileHeaderLen
	stride := chunk + fileTagLen
	n := (body + stride - 1) / stride
	if rest := body - (n-1)*stride; rest < fileTagLen {
		return nil, fmt.Errorf("keys: file cut inside a tag: %w", ErrAuth)
	}
	fr := &FileReader{r: r, aead: aead, header: h, chunk: chunk, n: n, size: body - n*fileTagLen, cached: -1}
	if _, err := fr.load(n - 1); err != nil {
		return nil, err
	}
	return fr, nil
}

// readHeader reads and checks a file's header and derives its key.
func (c *Cipher) readHeader(r io.ReaderAt, label string) ([]byte, cipher.AEAD, int64, error) {
	h := make([]byte, fileHeaderLen)
	if _, err := r.ReadAt(h, 0); err != nil {
		return nil, nil, 0, fmt.Errorf("keys: read file header: %v: %w", err, ErrMalformed)
	}
	if string(h[:4]) != fileMagic || h[4] != fileVersion || h[5] < minChunkShift || h[5] > maxChunkShift || h[6] != 0 || h[7] != 0 {
		return nil, nil, 0, fmt.Errorf("keys: file header: %w", ErrMalformed)
	}
	aead, err := c.fileAEAD(h[8:], label)
	if err != nil {
		return nil, nil, 0, err
	}
	return h, aead, int64(1) << h[5], nil
}

// OpenPartial reads an unfinished file (a download cut off, before
// ResumeFileWriter continues it): only its whole chunks, none of them the
// last, and nothing after them. Size is what they hold.
func (c *Cipher) OpenPartial(r io.ReaderAt, size int64, label string) (*FileReader, error) {
	if size < fileHeaderLen {
		return nil, fmt.Errorf("keys: file of %d bytes: %w", size, ErrMalformed)
	}
	h, aead, chunk, err := c.readHeader(r, label)
	if err != nil {
		return nil, err
	}
	n := (size - fileHeaderLen) / (chunk + fileTagLen)
	fr := &FileReader{r: r, aead: aead, header: h, chunk: chunk, n: n, size: n * chunk, partial: true, cached: -1}
	if n > 0 {
		if _, err := fr.load(n - 1); err != nil {
			return nil, err
		}
	}
	return fr, nil
}

// ResumableFile is what an unfinished file is continued in (an *os.File).
type ResumableFile interface {
	io.ReaderAt
	io.WriteSeeker
	Truncate(size int64) error
}

// ResumeFileWriter continues an unfinished file of size bytes (a download
// cut off, the process killed): it keeps the whole chunks (the last of
// them checked), cuts what follows, and returns a writer that goes on
// after them and the number of plaintext bytes kept, from which the
// caller resumes. A finished file is not resumed (OpenFile reads it; its
// last chunk fails the check here).
func (c *Cipher) ResumeFileWriter(f ResumableFile, size int64, label string) (*FileWriter, int64, error) {
	fr, err := c.OpenPartial(f, size, label)
	if err != nil {
		return nil, 0, err
	}
	end := fileHeaderLen + fr.n*(fr.chunk+fileTagLen)
	if err := f.Truncate(end); err != nil {
		return nil, 0, fmt.Errorf("keys: cut the unfinished chunk: %w", err)
	}
	if _, err := f.Seek(end, io.SeekStart); err != nil {
		return nil, 0, fmt.Errorf("keys: seek: %w", err)
	}
	fw := &FileWriter{w: f, aead: fr.aead, header: fr.header, size: int(fr.chunk), buf: make([]byte, 0, fr.chunk), i: uint64(fr.n)}
	return fw, fr.size, nil
}

// clone is another reader of the same file, with a cache of its own;
// one that reads ahead when ahead.
func (fr *FileReader) clone(ahead bool) *FileReader {
	return &FileReader{r: fr.r, aead: fr.aead, header: fr.header, chunk: fr.chunk, n: fr.n, size: fr.size, partial: fr.partial, cached: -1, ahead: ahead}
}

// Size is the plaintext's length.
func (fr *FileReader) Size() int64 { return fr.size }

// load decrypts chunk i into the cache; the caller holds mu or is alone.
// A reader that reads ahead, having read chunk i right after chunk i-1,
// decrypts chunk i+1 on another goroutine meanwhile: a reader going
// through the file in order (SQLite scanning a snapshot's table, on the
// import's one connection) then finds each chunk decrypted.
func (fr *FileReader) load(i int64) ([]byte, error) {
	if fr.cached == i {
		return fr.buf, nil
	}
	// The chunk in buf is read no more (a caller copies out of it under
	// mu): its buffer takes the next chunk, so a file read through
	// allocates a few buffers, not one a chunk.
	prev, free := fr.cached, fr.buf
	fr.cached, fr.buf = -1, nil
	var pt []byte
	var err error
	found := false
	if a := fr.next; a != nil {
		<-a.done
		fr.next = nil
		if a.i == i {
			pt, err, found = a.pt, a.err, true
		} else if a.pt != nil {
			fr.spare = a.pt
		}
	}
	if !found {
		pt, err = fr.decrypt(i, free)
		free = nil
	}
	if err != nil {
		return nil, err
	}
	fr.buf, fr.cached = pt, i
	if fr.ahead && i == prev+1 && i+1 < fr.n {
		buf := free
		if buf == nil {
			buf, fr.spare = fr.spare, nil
		}
		a := &chunkAhead{i: i + 1, done: make(chan struct{})}
		fr.next = a
		go func() {
			defer close(a.done)
			a.pt, a.err = fr.decrypt(a.i, buf)
		}()
	}
	return pt, nil
}

// decrypt reads and opens chunk i, in place, in buf when it is large
// enough. It reads only what does not change (safe beside load).
func (fr *FileReader) decrypt(i int64, buf []byte) ([]byte, error) {
	stride := fr.chunk + fileTagLen
	off := fileHeaderLen + i*stride
	l := min(stride, fileHeaderLen+fr.size+fr.n*fileTagLen-off)
	ct := buf[:0]
	if int64(cap(ct)) < l {
		ct = make([]byte, stride)
	}
	ct = ct[:l]
	if _, err := fr.r.ReadAt(ct, off); err != nil && !(err == io.EOF && len(ct) == int(l)) {
		return nil, fmt.Errorf("keys: read file chunk %d: %w", i, err)
	}
	pt, err := fr.aead.Open(ct[:0], chunkNonce(uint64(i), !fr.partial && i == fr.n-1), ct, fr.header)
	if err != nil {
		return nil, fmt.Errorf("keys: file chunk %d: %w", i, ErrAuth)
	}
	return pt, nil
}

// ReadAt reads the plaintext at off, as io.ReaderAt says.
func (fr *FileReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("keys: negative offset")
	}
	fr.mu.Lock()
	defer fr.mu.Unlock()
	n := 0
	for len(p) > 0 && off < fr.size {
		pt, err := fr.load(off / fr.chunk)
		if err != nil {
			return n, err
		}
		k := copy(p, pt[off%fr.chunk:])
		p, off, n = p[k:], off+int64(k), n+k
	}
	if len(p) > 0 {
		return n, io.EOF
	}
	return n, nil
}

// SealBytes is the encrypted file of plaintext under label, whole (a
// printout made in memory).
func (c *Cipher) SealBytes(label string, plaintext []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(plaintext) + fileHeaderLen + fileTagLen*(len(plaintext)>>fileChunkShift+1))
	fw, err := c.NewFileWriter(&out, label)
	if err != nil {
		return nil, err
	}
	if _, err := fw.Write(plaintext); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// OpenBytes is the plaintext of a whole encrypted file under label (a
// printout opened into memory for the viewer).
func (c *Cipher) OpenBytes(label string, data []byte) ([]byte, error) {
	fr, err := c.OpenFile(bytes.NewReader(data), int64(len(data)), label)
	if err != nil {
		return nil, err
	}
	out := make([]byte, fr.size)
	if _, err := fr.ReadAt(out, 0); err != nil && err != io.EOF {
		return nil, err
	}
	return out, nil
}
