package protocol

import "testing"

// TestDeviceReport: a report reads back as written; anything else in the
// header is refused whole.
func TestDeviceReport(t *testing.T) {
	r := DeviceReport{Version: "1.4.0-7636965", Waiting: 12, Refused: 1}
	got, err := ParseDeviceReport(r.String())
	if err != nil || got != r {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	for _, bad := range []string{"", "v=1.0", "v=1.0; waiting=1; refused=-1", "v=<script>; waiting=0; refused=0",
		"v=1.0; waiting=1; refused=0; extra=1", "v=1.0; waiting=1; waiting=2", "v=1.0; waiting=x; refused=0",
		"v=1.0; waiting=999999999999; refused=0"} {
		if _, err := ParseDeviceReport(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
