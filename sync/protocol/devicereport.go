package protocol

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// HeaderDevice carries a device's report of itself on every request: its
// app version and its changes waiting to be sent and refused by the
// registry, for the office's console (Urządzenia). Only counts and a
// version: nothing of a client or a case.
const HeaderDevice = "Okienko-Device"

// DeviceReport is what HeaderDevice says.
type DeviceReport struct {
	Version string // the app's version, as built (-X main.version)
	Waiting int    // changes in the outbox, not yet sent
	Refused int    // changes the registry refused, set aside on the device
}

// maxReportCount bounds a count: a device holds far fewer changes.
const maxReportCount = 100_000_000

var reportVersion = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$`)

// String is the header's value: "v=VERSION; waiting=N; refused=M".
func (r DeviceReport) String() string {
	return fmt.Sprintf("v=%s; waiting=%d; refused=%d", r.Version, r.Waiting, r.Refused)
}

// ParseDeviceReport reads a HeaderDevice value strictly: a value not in
// its form, a version with other characters or a count out of range is
// ErrInvalid (the registry then records nothing of it).
func ParseDeviceReport(s string) (DeviceReport, error) {
	var r DeviceReport
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || seen[k] {
			return DeviceReport{}, fmt.Errorf("%w: device report", ErrInvalid)
		}
		seen[k] = true
		switch k {
		case "v":
			if !reportVersion.MatchString(v) {
				return DeviceReport{}, fmt.Errorf("%w: device report version", ErrInvalid)
			}
			r.Version = v
		case "waiting", "refused":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > maxReportCount {
				return DeviceReport{}, fmt.Errorf("%w: device report %s", ErrInvalid, k)
			}
			if k == "waiting" {
				r.Waiting = n
			} else {
				r.Refused = n
			}
		default:
			return DeviceReport{}, fmt.Errorf("%w: device report field", ErrInvalid)
		}
	}
	if len(seen) != 3 {
		return DeviceReport{}, fmt.Errorf("%w: device report incomplete", ErrInvalid)
	}
	return r, nil
}
