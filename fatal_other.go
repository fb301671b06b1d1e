//go:build !windows

package main

// showFatal: on Linux and macOS the message on stderr is enough (the
// launcher's journal keeps it).
func showFatal(string) {}

// attachConsole: a Unix program always has the terminal it was started in.
func attachConsole() {}
