package keys

import (
	"io"
	"io/fs"
	"time"
)

// FS shows the plaintext of an encrypted file as the one file of a
// read-only fs.FS, named name: what modernc.org/sqlite/vfs opens, so a
// downloaded snapshot is attached and read by SQLite without a plaintext
// copy on disk. Files opened from it read and seek (io.ReadSeeker, which
// that VFS needs) and read at offsets. Each file opened keeps its own
// decrypted chunk, so two connections reading different parts of it do
// not decrypt each other's chunks over and over, and each decrypts the
// next chunk ahead while one is read in order (FileReader.load).
func (fr *FileReader) FS(name string) fs.FS {
	return fileFS{fr: fr, name: name}
}

type fileFS struct {
	fr   *FileReader
	name string
}

func (f fileFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name != f.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	fr := f.fr.clone(true)
	return &plainFile{SectionReader: io.NewSectionReader(fr, 0, fr.Size()), name: name}, nil
}

// plainFile is the decrypted view of the file: reads check each chunk.
type plainFile struct {
	*io.SectionReader
	name string
}

func (p *plainFile) Stat() (fs.FileInfo, error) { return plainInfo{p.name, p.Size()}, nil }
func (p *plainFile) Close() error               { return nil }

type plainInfo struct {
	name string
	size int64
}

func (i plainInfo) Name() string       { return i.name }
func (i plainInfo) Size() int64        { return i.size }
func (i plainInfo) Mode() fs.FileMode  { return 0o400 }
func (i plainInfo) ModTime() time.Time { return time.Time{} }
func (i plainInfo) IsDir() bool        { return false }
func (i plainInfo) Sys() any           { return nil }
