//go:build windows

package app

import (
	"errors"
	"syscall"
)

// Windows' own codes for a write-protected medium and a full disk.
const (
	errorWriteProtect   syscall.Errno = 19
	errorHandleDiskFull syscall.Errno = 39
	errorDiskFull       syscall.Errno = 112
)

func isWriteProtected(err error) bool { return errors.Is(err, errorWriteProtect) }

func isDiskFullWindows(err error) bool {
	return errors.Is(err, errorDiskFull) || errors.Is(err, errorHandleDiskFull)
}
