//go:build !windows

package main

import (
	"errors"
	"syscall"
)

// service is Windows-only: on Linux the registry runs under systemd (see
// the README), which stops it with SIGTERM, handled by serve.
func service([]string) error {
	return errors.New("registry service: tylko w systemie Windows; w Linuksie uruchom `registry serve` jako usługę systemd (README); Windows only")
}

// isAddrInUse: on Unix, EADDRINUSE (checked by the caller) says it.
func isAddrInUse(err error) bool { return errors.Is(err, syscall.EADDRINUSE) }
