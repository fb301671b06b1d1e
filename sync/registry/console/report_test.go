package console_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"okienko/sync/client"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/console"
	"okienko/sync/registry/store"
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

// TestDashboardFollowsChanges: the open cases the console keeps in memory
// follow every write after the first page: a new case counts, a case
// settled or deleted no longer does.
func TestDashboardFollowsChanges(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		ctx := context.Background()
		a := o.as(t, admin)
		open := func() int {
			var d console.Dashboard
			a.decode(a.do("GET", "/console/api/dashboard", nil), &d)
			return d.Open
		}
		id, _ := o.seedCase(t, "SO", "in_progress", "2020-01-01", false)
		if n := open(); n != 1 {
			t.Fatalf("open %d, want 1", n)
		}
		other, _ := o.seedCase(t, "USC", "registered", "2030-01-01", false)
		if n := open(); n != 2 {
			t.Fatalf("after a new case: open %d, want 2", n)
		}
		if err := o.st.InTx(ctx, o.OfficeID, func(tx store.Tx) error {
			row, _, err := tx.Row(ctx, "case_file", id)
			if err != nil {
				return err
			}
			row.Fields["status"] = merge.Field{V: []byte(`"settled"`), H: "0000000000030000-registry"}
			if _, err := tx.PutRow(ctx, "case_file", id, row.Fields, false); err != nil {
				return err
			}
			row, _, err = tx.Row(ctx, "case_file", other)
			if err != nil {
				return err
			}
			_, err = tx.PutRow(ctx, "case_file", other, row.Fields, true)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if n := open(); n != 0 {
			t.Fatalf("after settling one and deleting the other: open %d, want 0", n)
		}
	})
}

// TestDeviceReportCaughtUp: a device's counts changing within the minute
// wait for it, but a device caught up is shown at once.
func TestDeviceReportCaughtUp(t *testing.T) {
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
		a := o.as(t, admin)
		shown := func() console.DeviceItem {
			var ds []console.DeviceItem
			a.decode(a.do("GET", "/console/api/devices", nil), &ds)
			return ds[slices.IndexFunc(ds, func(d console.DeviceItem) bool { return d.ID == id })]
		}
		for _, step := range []struct {
			waiting, want int
		}{{5, 5}, {7, 5}, {0, 0}} {
			c.SetReport(protocol.DeviceReport{Version: "1.7.0", Waiting: step.waiting})
			if _, err := c.Conflicts(ctx); err != nil {
				t.Fatal(err)
			}
			if got := shown(); got.Waiting != step.want {
				t.Fatalf("reported %d waiting: shown %d, want %d", step.waiting, got.Waiting, step.want)
			}
		}
	})
}
