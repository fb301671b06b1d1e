package engine_test

import "okienko/sync/registry"

func registryOptions() registry.Options { return registry.Options{} }
