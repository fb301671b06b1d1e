// Package printer sends a printout's PDF to a printer the system knows,
// without writing it to a file where the system allows that: printouts are
// sealed on disk, so the PDF arrives here as bytes opened in memory.
package printer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Printer is one printer the system offers.
type Printer struct {
	Name    string `json:"name"`
	Default bool   `json:"default"`
}

// Backend lists the system's printers and prints a PDF on one of them.
type Backend interface {
	// List returns the printers the system knows, sorted by name.
	List(ctx context.Context) ([]Printer, error)
	// Print spools a PDF on the named printer under the job's title; it
	// returns once the system has taken the job (not once it is on paper).
	Print(ctx context.Context, name, title string, pdf []byte) error
}

// ErrUnknownPrinter is returned when the chosen printer is not (any more)
// one the system knows.
var ErrUnknownPrinter = errors.New("printer: unknown printer")

// ErrNoBackend is returned when this system has no way to print.
var ErrNoBackend = errors.New("printer: no print system found")

// Timeout bounds a spool: a printer that is off or a print system that
// hangs must never hold the counter up.
const Timeout = 20 * time.Second

// ValidName reports whether s can name a printer: not empty, at most 127
// bytes, no control characters and not starting with "-" (so it is never
// read as an option by lp).
func ValidName(s string) bool {
	if s == "" || len(s) > 127 || strings.HasPrefix(s, "-") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// Check returns ErrUnknownPrinter unless name is among the listed ones.
func Check(ctx context.Context, b Backend, name string) error {
	ps, err := b.List(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Name == name {
			return nil
		}
	}
	return fmt.Errorf("%w: %q", ErrUnknownPrinter, name)
}

// sortPrinters sorts by name and drops duplicates and empty names.
func sortPrinters(ps []Printer) []Printer {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	out := ps[:0]
	for _, p := range ps {
		if p.Name == "" || (len(out) > 0 && out[len(out)-1].Name == p.Name) {
			continue
		}
		out = append(out, p)
	}
	return out
}
