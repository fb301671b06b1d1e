//go:build !windows

package printer

// System is this computer's print system: CUPS.
func System() Backend { return CUPS{} }
