package app

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"okienko/app/audit"
	"okienko/app/i18n"
)

// PrintoutService shows the sealed printouts from memory and saves a
// plaintext copy where the clerk chooses. The frontend's viewer
// (PrintoutViewer.svelte) asks it for a printout's bytes when a printout
// was made (EventPrintoutShow) or the clerk asks to see one.
type PrintoutService struct {
	c       *Core
	dialogs SaveDialog
}

// SaveDialog asks the clerk where to save a file: the path chosen, or ""
// when they cancelled (Runtime.SaveFile in the app, a fake in tests).
type SaveDialog interface {
	SaveFile(defaultName string) (string, error)
}

// NewPrintoutService binds the service to the core and the save dialog.
func NewPrintoutService(c *Core, d SaveDialog) *PrintoutService {
	return &PrintoutService{c: c, dialogs: d}
}

// PrintoutView is one printout opened for the viewer: its PDF as base64.
type PrintoutView struct {
	Path string `json:"path"`
	Name string `json:"name"`
	Data string `json:"data"`
	// Saveable is false for the recovery code's sheet: its own text says
	// the code is never kept as a file, so "Zapisz jako..." is not offered.
	Saveable bool `json:"saveable"`
}

// SavedPrintout says where a plaintext copy went; Saved is false when the
// clerk cancelled the dialog.
type SavedPrintout struct {
	Saved bool   `json:"saved"`
	Path  string `json:"path"`
}

// Open decrypts a printout into memory for the viewer; no plaintext file
// is made.
func (s *PrintoutService) Open(path string) (PrintoutView, error) {
	ctx := context.Background()
	if path == RecoverySheetPath {
		// Shown right after enrolment, before anyone signs in.
		b, err := recoverySheetPDF(s.c)
		if err != nil {
			return PrintoutView{}, s.userErr("open the recovery sheet", err)
		}
		defer clear(b)
		return PrintoutView{Path: path, Name: "kod-odzyskiwania.pdf", Data: base64.StdEncoding.EncodeToString(b)}, nil
	}
	if _, err := s.c.require(ctx); err != nil {
		return PrintoutView{}, err
	}
	b, err := readPrintout(s.c.Store, s.c.DataDir, path)
	if err != nil {
		return PrintoutView{}, s.userErr("open printout", err)
	}
	return PrintoutView{Path: path, Name: printoutName(path), Data: base64.StdEncoding.EncodeToString(b), Saveable: true}, nil
}

// SaveAs writes a plaintext copy of a printout where the clerk chooses
// (the one plaintext file the app makes on purpose) and records it in the
// audit log.
func (s *PrintoutService) SaveAs(path string) (SavedPrintout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return SavedPrintout{}, err
	}
	b, err := readPrintout(s.c.Store, s.c.DataDir, path)
	if err != nil {
		return SavedPrintout{}, s.userErr("open printout", err)
	}
	defer clear(b)
	if s.dialogs == nil {
		return SavedPrintout{}, s.c.internal("save printout", fmt.Errorf("no save dialog"))
	}
	to, err := s.dialogs.SaveFile(printoutName(path))
	if err != nil {
		return SavedPrintout{}, s.c.internal("save dialog", err)
	}
	if to == "" {
		return SavedPrintout{}, nil
	}
	if err := writeAtomic(to, b); err != nil {
		return SavedPrintout{}, i18n.E("print.saveAsFailed", fmt.Errorf("app: save printout: %w", withoutPath(err)))
	}
	label, _ := printoutLabel(s.c.DataDir, path)
	// The label names the printout by its case's sign and kind; the
	// place the clerk chose is theirs and may name the client, so it is
	// not recorded.
	s.c.auditDetail(ctx, st.ID, audit.PrintoutSave, "printout", "", strings.TrimPrefix(label, "printout/"))
	return SavedPrintout{Saved: true, Path: to}, nil
}

// userErr keeps a user error, logs any other as internal.
func (s *PrintoutService) userErr(what string, err error) error {
	if _, ok := err.(*i18n.Error); ok {
		return err
	}
	return s.c.internal(what, err)
}

// printoutName is the PDF's own name: "potwierdzenie.pdf".
func printoutName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), sealedExt)
}

// ViewerOpener shows a printout in the app's own viewer: it tells the
// frontend (EventPrintoutShow), which asks PrintoutService.Open for the
// bytes. It replaces the system's PDF viewer, which would need a
// plaintext file.
type ViewerOpener struct {
	Events Emitter
}

// Open asks the frontend to show the printout at path.
func (v ViewerOpener) Open(path string) error {
	if path == RecoverySheetPath {
		v.Events.Emit(EventPrintoutShow, path)
		return nil
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("app: show printout: %w", err)
	}
	v.Events.Emit(EventPrintoutShow, path)
	return nil
}

// withoutPath drops the path from a file error: the place a clerk saves a
// copy to may be named after the client, and errors reach the log.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return fmt.Errorf("%s: %w", le.Op, le.Err)
	}
	return err
}
