//go:build windows

package app

import "golang.org/x/sys/windows/registry"

// presetRegistry is the registry address the installer's /REGISTRY= wrote
// (HKLM\Software\Okienko, RegistryURL), offered on the enrolment screen.
func presetRegistry() string {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `Software\Okienko`, registry.QUERY_VALUE)
	if err != nil {
		return ""
	}
	defer k.Close()
	v, _, err := k.GetStringValue("RegistryURL")
	if err != nil {
		return ""
	}
	return v
}
