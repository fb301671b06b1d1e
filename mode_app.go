//go:build !bindings

package main

// bindingsOnly is false in every real build; see mode_bindings.go.
const bindingsOnly = false
