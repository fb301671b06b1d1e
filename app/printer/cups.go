package printer

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// CUPS prints through the CUPS client commands (Linux, and any system with
// CUPS): `lpstat -e` lists the destinations, `lpstat -d` names the default,
// and `lp -d NAME` takes the PDF on its standard input, so no plaintext
// file is written on this computer (CUPS keeps the job in its spool until
// it is printed, under its own permissions).
type CUPS struct {
	// LP and LPStat are the commands; "lp" and "lpstat" on PATH when empty.
	LP, LPStat string
}

func (c CUPS) lp() string {
	if c.LP != "" {
		return c.LP
	}
	return "lp"
}

func (c CUPS) lpstat() string {
	if c.LPStat != "" {
		return c.LPStat
	}
	return "lpstat"
}

// List returns CUPS's destinations, the default marked.
func (c CUPS) List(ctx context.Context) ([]Printer, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if _, err := exec.LookPath(c.lpstat()); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoBackend, err)
	}
	out, err := c.run(ctx, c.lpstat(), nil, "-e")
	if err != nil {
		// lpstat -e fails when the scheduler is not running and there
		// are no destinations: there is nothing to print on.
		return nil, fmt.Errorf("printer: list printers: %w", err)
	}
	def := ""
	if d, err := c.run(ctx, c.lpstat(), nil, "-d"); err == nil {
		def = parseDefault(d)
	}
	var ps []Printer
	for _, line := range strings.Split(out, "\n") {
		name := strings.TrimSpace(line)
		if name == "" || !ValidName(name) {
			continue
		}
		ps = append(ps, Printer{Name: name, Default: name == def})
	}
	return sortPrinters(ps), nil
}

// parseDefault reads `lpstat -d`: "system default destination: NAME" (the
// text is translated under other locales, so the name is the part after
// the last colon), or "no system default destination".
func parseDefault(s string) string {
	s = strings.TrimSpace(s)
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(s[i+1:])
}

// Print spools the PDF on the printer with `lp -d NAME -t TITLE -`, the
// PDF piped on stdin.
func (c CUPS) Print(ctx context.Context, name, title string, pdf []byte) error {
	if !ValidName(name) {
		return fmt.Errorf("%w: %q", ErrUnknownPrinter, name)
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if _, err := exec.LookPath(c.lp()); err != nil {
		return fmt.Errorf("%w: %v", ErrNoBackend, err)
	}
	args := []string{"-d", name}
	if title != "" {
		args = append(args, "-t", title)
	}
	args = append(args, "--", "-")
	if _, err := c.run(ctx, c.lp(), pdf, args...); err != nil {
		return fmt.Errorf("printer: lp: %w", err)
	}
	return nil
}

// run runs a command with the C locale (so its output can be read) and
// returns its standard output; a failure carries the first line of its
// standard error, which names the printer, never the document.
func (c CUPS) run(ctx context.Context, name string, stdin []byte, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(cmd.Environ(), "LC_ALL=C", "LANG=C")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("%s: %w", name, ctx.Err())
		}
		msg := strings.TrimSpace(strings.SplitN(errb.String(), "\n", 2)[0])
		return "", fmt.Errorf("%s: %w: %s", name, err, msg)
	}
	return out.String(), nil
}
