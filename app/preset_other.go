//go:build !windows

package app

// presetRegistry: only the Windows installer presets the registry address.
func presetRegistry() string { return "" }
