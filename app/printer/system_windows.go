//go:build windows

package printer

// System is this computer's print system: Windows' own printers.
func System() Backend { return Windows{} }
