//go:build bindings

package main

// bindingsOnly is set when `wails generate module` builds the binary to read
// the bound methods: then nothing may touch the user's data directory.
const bindingsOnly = true
