package printer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Windows prints through Windows' own print path for PDFs: the printers
// are listed by PowerShell's Get-Printer, and a PDF is handed to the
// PrintTo verb of the application registered for PDFs (the "print to this
// printer" the Explorer offers). That verb takes only a file, so the PDF
// is written to a private temporary file (a directory of its own under the
// user's %TEMP%, which only the user can read), and removed as soon as the
// handler has taken it, or at the latest when Print returns. This is the
// one plaintext copy a print makes (ARCHITECTURE, "Printing").
//
// Not tested on Windows itself (CI has Wine, whose PowerShell and PDF
// handler differ); the commands are checked by the build for windows.
type Windows struct {
	// PowerShell is the command; "powershell.exe" when empty.
	PowerShell string
}

func (w Windows) ps() string {
	if w.PowerShell != "" {
		return w.PowerShell
	}
	return "powershell.exe"
}

// listScript prints one printer a line, the default one prefixed by "*".
// The names come from the system, never from the user.
const listScript = `$ErrorActionPreference='Stop'
[Console]::OutputEncoding=[Text.Encoding]::UTF8
Get-CimInstance Win32_Printer | ForEach-Object { if ($_.Default) { '*' + $_.Name } else { $_.Name } }`

// printScript spools the file named by OKIENKO_PDF on the printer named by
// OKIENKO_PRINTER: both come through the environment, so no quoting of a
// printer's name can change the command.
const printScript = `$ErrorActionPreference='Stop'
$p = Start-Process -FilePath $env:OKIENKO_PDF -Verb PrintTo -ArgumentList ('"' + $env:OKIENKO_PRINTER + '"') -PassThru -WindowStyle Hidden
if ($p) { $null = $p.WaitForExit(15000) }`

// List returns Windows' printers, the default marked.
func (w Windows) List(ctx context.Context) ([]Printer, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	out, err := w.run(ctx, nil, listScript)
	if err != nil {
		return nil, fmt.Errorf("printer: list printers: %w", err)
	}
	var ps []Printer
	for _, line := range strings.Split(out, "\n") {
		name := strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		def := strings.HasPrefix(name, "*")
		name = strings.TrimPrefix(name, "*")
		if ValidName(name) {
			ps = append(ps, Printer{Name: name, Default: def})
		}
	}
	return sortPrinters(ps), nil
}

// Print writes the PDF to a private temporary file, spools it with the
// PrintTo verb and removes the file (and its directory) before returning.
func (w Windows) Print(ctx context.Context, name, title string, pdf []byte) error {
	if !ValidName(name) {
		return fmt.Errorf("%w: %q", ErrUnknownPrinter, name)
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "okienko-print-")
	if err != nil {
		return fmt.Errorf("printer: temporary directory: %w", err)
	}
	// Removed whatever happens: the copy lives only while it is spooled.
	defer os.RemoveAll(dir)
	f := filepath.Join(dir, safeTitle(title)+".pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		return fmt.Errorf("printer: temporary file: %w", err)
	}
	if _, err := w.run(ctx, []string{"OKIENKO_PDF=" + f, "OKIENKO_PRINTER=" + name}, printScript); err != nil {
		return fmt.Errorf("printer: print: %w", err)
	}
	return nil
}

// safeTitle makes the job's title a file name (the handler shows it as
// the job's name): letters, digits, dots and hyphens only.
func safeTitle(t string) string {
	var b strings.Builder
	for _, r := range t {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 || b.Len() > 60 {
		return "wydruk"
	}
	return b.String()
}

func (w Windows) run(ctx context.Context, env []string, script string) (string, error) {
	cmd := exec.CommandContext(ctx, w.ps(), "-NoProfile", "-NonInteractive", "-Command", script)
	cmd.Env = append(cmd.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("%w: %s", err, strings.TrimSpace(strings.SplitN(errb.String(), "\n", 2)[0]))
	}
	return out.String(), nil
}
