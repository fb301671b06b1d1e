package console_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"okienko/sync/client"
	"okienko/sync/protocol"
	"okienko/sync/registry/console"
)

// TestDeviceReportShown: what a device says of itself with its requests
// (app version, changes waiting and refused) is in the console's
// Urządzenia; a malformed report is ignored, the request still served.
func TestDeviceReportShown(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		ctx := context.Background()
		code, _, err := o.Registry.NewEnrollment(ctx, o.OfficeID, "Laptop SO", []string{clerk})
		if err != nil {
			t.Fatal(err)
		}
		id := uuid.Must(uuid.NewV7()).String()
		en, err := o.Registry.Enroll(ctx, protocol.EnrollRequest{Code: code, DeviceID: id, DeviceName: "Laptop SO"})
		if err != nil {
			t.Fatal(err)
		}
		c := client.New(o.srv.URL, en.Token, o.OfficeID, o.srv.Client())
		c.SetReport(protocol.DeviceReport{Version: "1.7.0-abc123", Waiting: 14, Refused: 2})
		if _, err := c.Conflicts(ctx); err != nil {
			t.Fatal(err)
		}
		a := o.as(t, admin)
		var ds []console.DeviceItem
		a.decode(a.do("GET", "/console/api/devices", nil), &ds)
		i := slices.IndexFunc(ds, func(d console.DeviceItem) bool { return d.ID == id })
		if i < 0 || ds[i].Version != "1.7.0-abc123" || ds[i].Waiting != 14 || ds[i].Refused != 2 || ds[i].ReportedAt == "" {
			t.Fatalf("the device's report: %+v", ds)
		}
		// The other device never reported: nothing is made up for it.
		j := slices.IndexFunc(ds, func(d console.DeviceItem) bool { return d.ID == o.devID })
		if j < 0 || ds[j].Version != "" || ds[j].ReportedAt != "" {
			t.Fatalf("a device without a report: %+v", ds[j])
		}
	})
}
