package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/db"
)

// Printouts on the disk are encrypted (ARCHITECTURE.md, Encryption at
// rest): every PDF the app writes under the data directory is the keys
// file format, name.pdf.okef, under the store's cipher, with the label
// printout/<its path under the data directory>, so a file moved to
// another's place does not open. The app shows them from memory
// (PrintoutService.Open); only a copy the clerk saves on purpose
// (PrintoutService.SaveAs) is plaintext.
const sealedExt = ".okef"

// printoutDirs are the folders under the data directory printouts go to.
var printoutDirs = []string{"sprawy", "wydruki", "kolejka", "skargi"}

// printoutLabel is the label a printout at path is sealed under: its path
// under the data directory, with slashes, without ".okef". A path outside
// the printouts' folders, or not a sealed PDF, is refused.
func printoutLabel(dataDir, path string) (string, error) {
	rel, err := filepath.Rel(dataDir, path)
	if err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("app: printout %q is not in the data directory", filepath.Base(path))
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if !strings.HasSuffix(rel, ".pdf"+sealedExt) || !containsStr(printoutDirs, top) {
		return "", fmt.Errorf("app: %q is not a printout", filepath.Base(path))
	}
	return "printout/" + strings.TrimSuffix(rel, sealedExt), nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// printCipher is the store's cipher for a printout, or the user error
// saying the data is locked.
func printCipher(st *db.Store) (*keys.Cipher, error) {
	ci, err := st.Cipher()
	if err != nil {
		return nil, i18n.E("print.locked", fmt.Errorf("app: printout: %w", err))
	}
	return ci, nil
}

// writePrintout seals a PDF under DataDir/sub as file + ".okef",
// atomically (temporary file of ciphertext in the same folder, fsync,
// rename): no plaintext byte reaches the disk.
func writePrintout(c *Core, sub, file string, pdfBytes []byte) (Printout, error) {
	ci, err := printCipher(c.Store)
	if err != nil {
		return Printout{}, err
	}
	dir := filepath.Join(c.DataDir, sub)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Printout{}, c.internal("create output dir", err)
	}
	path := filepath.Join(dir, file+sealedExt)
	label, err := printoutLabel(c.DataDir, path)
	if err != nil {
		return Printout{}, c.internal("name printout", err)
	}
	sealed, err := ci.SealBytes(label, pdfBytes)
	if err != nil {
		return Printout{}, c.internal("seal printout", err)
	}
	if err := writeAtomic(path, sealed); err != nil {
		return Printout{}, c.internal("write printout", err)
	}
	return Printout{Path: path, Name: file, Bytes: len(pdfBytes)}, nil
}

// writeAtomic replaces path with data: a crash leaves the old file or the
// new one, never half of it.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// freePrintoutName is name.pdf, or name-2.pdf, -3… : the first whose
// sealed file (or plaintext left by an older version) is not there.
func freePrintoutName(dir, name string) string {
	file := name + ".pdf"
	for n := 2; ; n++ {
		// Only a file that is there is kept from: any other answer (no such
		// file, or a folder that is not one) leaves the write to say.
		_, e1 := os.Stat(filepath.Join(dir, file+sealedExt))
		_, e2 := os.Stat(filepath.Join(dir, file))
		if e1 != nil && e2 != nil {
			return file
		}
		file = name + "-" + strconv.Itoa(n) + ".pdf"
	}
}

// readPrintout opens a sealed printout into memory.
func readPrintout(st *db.Store, dataDir, path string) ([]byte, error) {
	label, err := printoutLabel(dataDir, path)
	if err != nil {
		return nil, i18n.E("print.notFound", err)
	}
	ci, err := printCipher(st)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, i18n.E("print.notFound", fmt.Errorf("app: printout: %w", err))
	}
	if err != nil {
		return nil, fmt.Errorf("app: read printout: %w", err)
	}
	pdfBytes, err := ci.OpenBytes(label, raw)
	if err != nil {
		return nil, i18n.E("print.damaged", fmt.Errorf("app: open printout: %w", err))
	}
	return pdfBytes, nil
}

// SealLegacyPrintouts rewrites the plaintext printouts an older version
// left under the data directory in the sealed format and removes them,
// with the leftovers of an older version's interrupted writes (.tmp-*,
// plaintext). Each file is sealed beside its plaintext (atomically) before
// the plaintext goes, so a kill at any moment loses nothing; a sealed file
// already there (a kill between the two) is checked to open and kept. It
// is the step the app runs after the store is unlocked (main.go,
// db.Store.AfterUnlock); it reports how many files it sealed.
func SealLegacyPrintouts(ctx context.Context, dataDir string, ci *keys.Cipher, log *slog.Logger) (int, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n := 0
	for _, top := range printoutDirs {
		root := filepath.Join(dataDir, top)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && path == root {
				return filepath.SkipDir
			}
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			name := d.Name()
			switch {
			case d.IsDir():
				return nil
			case strings.HasPrefix(name, ".tmp-"):
				// An older version's unfinished plaintext write, or a
				// sealed one's: neither is a printout.
				return os.Remove(path)
			case !strings.HasSuffix(strings.ToLower(name), ".pdf"):
				return nil
			}
			if err := sealOne(dataDir, path, ci); err != nil {
				return err
			}
			n++
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("app: seal old printouts: %w", err)
		}
	}
	if n > 0 {
		log.Info("old printouts sealed", "files", n)
	}
	return n, nil
}

// sealOne seals one plaintext printout beside itself and removes it.
func sealOne(dataDir, path string, ci *keys.Cipher) error {
	sealedPath := path + sealedExt
	if filepath.Ext(path) != ".pdf" {
		// "X.PDF": the sealed name says .pdf, as every printout's does.
		sealedPath = strings.TrimSuffix(path, filepath.Ext(path)) + ".pdf" + sealedExt
	}
	label, err := printoutLabel(dataDir, sealedPath)
	if err != nil {
		return err
	}
	plain, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if raw, err := os.ReadFile(sealedPath); err == nil {
		if _, err := ci.OpenBytes(label, raw); err == nil {
			return os.Remove(path)
		}
	}
	sealed, err := ci.SealBytes(label, plain)
	clear(plain)
	if err != nil {
		return err
	}
	if err := writeAtomic(sealedPath, sealed); err != nil {
		return err
	}
	return os.Remove(path)
}

// saveFailed is the user error of a printout not written: the locked
// store's own, or "could not save" with the printout's name.
func saveFailed(err error, args ...string) error {
	var ue *i18n.Error
	if errors.As(err, &ue) && ue.Key == "print.locked" {
		return err
	}
	return i18n.E("print.saveFailed", err, args...)
}
