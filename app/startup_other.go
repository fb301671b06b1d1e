//go:build !windows

package app

// On Unix, EROFS and ENOSPC (checked in startup.go) say it all.
func isWriteProtected(error) bool { return false }

func isDiskFullWindows(error) bool { return false }
