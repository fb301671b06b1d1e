package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// Scope is which cases a device is sent (issue 13: a device carries only
// what its people need). The zero value is the whole office, as every
// device was sent before scopes: the BOM counter, which registers for
// every unit, and every device enrolled without units.
type Scope struct {
	// Limited narrows the device to Units (and the cases its people
	// registered or handle); false is every unit.
	Limited bool
	// Units are the unit symbols whose cases the device is sent, sorted,
	// without repeats; only when Limited.
	Units []string
}

// UnitsScope is a scope limited to units (sorted, repeats dropped).
func UnitsScope(units []string) Scope {
	u := slices.Clone(units)
	slices.Sort(u)
	return Scope{Limited: true, Units: slices.Compact(u)}
}

// Encode is the scope as stored: "" for every unit, otherwise the JSON
// array of its units.
func (s Scope) Encode() string {
	if !s.Limited {
		return ""
	}
	u := s.Units
	if u == nil {
		u = []string{}
	}
	raw, _ := json.Marshal(u) // strings always marshal
	return string(raw)
}

// DecodeScope reads what Encode stored.
func DecodeScope(stored string) (Scope, error) {
	if stored == "" {
		return Scope{}, nil
	}
	var units []string
	if err := json.Unmarshal([]byte(stored), &units); err != nil {
		return Scope{}, fmt.Errorf("store: scope %q: %w", stored, err)
	}
	return UnitsScope(units), nil
}

// Scopes keeps the devices' scopes; an enrolment code's scope
// (Enrollment.Scope) becomes its device's when the code is used.
type Scopes interface {
	// SetDeviceScope replaces a device's scope; ErrNotFound for no device.
	SetDeviceScope(ctx context.Context, deviceID string, s Scope) error
	// DeviceScope is a device's scope (the whole office when none was set).
	DeviceScope(ctx context.Context, deviceID string) (Scope, error)
	// DeviceScopes are the limited scopes of an office's devices, by device id.
	DeviceScopes(ctx context.Context, officeID string) (map[string]Scope, error)
}
