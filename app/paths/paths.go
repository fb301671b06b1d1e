// Package paths finds where Okienko keeps its data on each platform.
package paths

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// DataDir returns override if set, else the platform's per-user data
// directory: $XDG_DATA_HOME/okienko (default ~/.local/share/okienko) on
// Linux, %APPDATA%\Okienko on Windows, ~/Library/Application Support/Okienko
// on macOS.
func DataDir(override string) (string, error) {
	if override != "" {
		return filepath.Abs(override)
	}
	return dataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func dataDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("APPDATA"); d != "" {
			return filepath.Join(d, "Okienko"), nil
		}
		return "", errors.New("paths: %APPDATA% is not set")
	case "darwin":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Application Support", "Okienko"), nil
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "okienko"), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, ".local", "share", "okienko"), nil
	}
}
