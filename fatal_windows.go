//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// showFatal tells a person why the app did not start: a Windows GUI app
// has no console, so stderr alone would say nothing.
func showFatal(msg string) {
	text, _ := windows.UTF16PtrFromString(msg)
	title, _ := windows.UTF16PtrFromString("Okienko")
	windows.MessageBox(0, text, title, windows.MB_OK|windows.MB_ICONERROR)
}

// attachConsole gives --self-check, run from cmd or PowerShell, the
// console it was started from (a GUI-subsystem exe gets none); output
// already redirected to a file or pipe is left as it is.
func attachConsole() {
	if _, err := os.Stdout.Stat(); err == nil {
		return
	}
	const attachParentProcess = ^uint32(0)
	proc := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := proc.Call(uintptr(attachParentProcess)); r == 0 {
		return
	}
	if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		os.Stdout, os.Stderr = f, f
	}
}
