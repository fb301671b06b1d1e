//go:build unix

package keyfile

import (
	"fmt"
	"os"
)

// syncDir makes a rename in dir durable (POSIX keeps a directory's
// entries apart from its files' data).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("keyfile: open directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("keyfile: sync directory: %w", err)
	}
	return nil
}
