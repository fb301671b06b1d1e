package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	payload "okienko/sync/entity"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// Reasons a re-sent row is refused.
const (
	ReasonResendNode   = "stamp names no device of this office"
	ReasonResendNumber = "number does not match its register"
	ReasonResendDone   = "this device has nothing to send again: it did so already, or was enrolled after the restore"
)

// Resend merges rows a device sends again after a restore: the rows and
// fields it holds stamped after the restored copy's marks, its own and
// those it pulled from other devices, each field with its own stamp. They
// merge by HLC as a pulled row does on a device (the newer stamp wins,
// field by field), so every replica converges. Only a device enrolled
// before the restore may send again, once (its rows are whole: a field it
// changed since the restore comes with the rest, since its value before
// is gone), and only rows devices write: each
// field's stamp must name a device of the office or the registry, each
// row must decode strictly into its entity's payload, and a number the
// registry no longer has is leased again to the device it names, if no
// other holds it, and its register's next number raised past it, so it
// is never leased anew. The checks of meaning a push makes were made when
// the row was first pushed to the registry that was lost. Done records
// the device as whole again: the office leases numbers once all are.
func (r *Registry) Resend(ctx context.Context, dev store.Device, req protocol.ResendRequest) (protocol.ResendResponse, error) {
	g, err := r.generation(ctx)
	if err != nil {
		return protocol.ResendResponse{}, err
	}
	if req.Generation != g.ID {
		return protocol.ResendResponse{}, ErrGeneration
	}
	if g.RestoredAt.IsZero() {
		return protocol.ResendResponse{}, fmt.Errorf("%w: nothing to send again to this registry", ErrForbidden)
	}
	// Only a device that still owes the restore what it holds sends
	// again, once: one enrolled after it, or done already, writes through
	// pushes and their checks. Its rows are refused, not the request, so
	// a device whose answer to its last batch was lost goes on.
	pending, err := r.st.ResendPending(ctx, dev.OfficeID, g.ID, g.RestoredAt)
	if err != nil {
		return protocol.ResendResponse{}, err
	}
	if !slices.Contains(pending, dev.ID) {
		resp := protocol.ResendResponse{Results: make([]protocol.OpResult, len(req.Rows))}
		for i, row := range req.Rows {
			resp.Results[i] = protocol.OpResult{ID: row.EntityID, Status: protocol.Rejected, Reason: ReasonResendDone}
		}
		return resp, nil
	}
	devs, err := r.st.Devices(ctx, dev.OfficeID)
	if err != nil {
		return protocol.ResendResponse{}, err
	}
	nodes := map[string]bool{"registry": true}
	for _, d := range devs {
		nodes[d.ID] = true
	}
	// A device limited to some units sends again only what it is sent,
	// as a push may write only that: otherwise a row of another unit's
	// case naming its own clerk would bring that case, with its client,
	// to the device at its next pull.
	outside, err := r.outsideScope(ctx, dev, resendOps(req.Rows))
	if err != nil {
		return protocol.ResendResponse{}, err
	}
	resp := protocol.ResendResponse{Results: make([]protocol.OpResult, len(req.Rows))}
	j := &writeJob{apply: func(ctx context.Context, tx store.Tx) error {
		for i, row := range req.Rows {
			if outside[strconv.Itoa(i)] {
				resp.Results[i] = protocol.OpResult{ID: row.EntityID, Status: protocol.Rejected, Reason: ReasonOutsideScope}
				continue
			}
			res, err := r.resendRow(ctx, tx, dev, nodes, row)
			if err != nil {
				return err
			}
			resp.Results[i] = res
		}
		return nil
	}}
	if err := r.inGroup(ctx, dev.OfficeID, j); err != nil {
		return protocol.ResendResponse{}, fmt.Errorf("registry: resend: %w", err)
	}
	applied := 0
	for _, res := range resp.Results {
		if res.Status == protocol.Applied {
			applied++
		}
	}
	r.metrics.RowsResent.Add(int64(applied))
	if req.Done {
		if err := r.st.MarkResent(ctx, dev.ID, g.ID, r.now()); err != nil {
			return protocol.ResendResponse{}, err
		}
		r.log.Info("device sent again after the restore", "office", dev.OfficeID, "device", dev.ID)
	}
	return resp, nil
}

// resendOps are re-sent rows as the ops outsideScope reads, each with
// its index as its id.
func resendOps(rows []protocol.ResendRow) []protocol.Op {
	ops := make([]protocol.Op, len(rows))
	for i, row := range rows {
		fields := make(map[string]json.RawMessage, len(row.Fields))
		for k, f := range row.Fields {
			fields[k] = f.V
		}
		ops[i] = protocol.Op{ID: strconv.Itoa(i), Entity: row.Entity, EntityID: row.EntityID, Fields: fields}
	}
	return ops
}

// resendRow merges one re-sent row.
func (r *Registry) resendRow(ctx context.Context, tx store.Tx, dev store.Device, nodes map[string]bool, row protocol.ResendRow) (protocol.OpResult, error) {
	res := protocol.OpResult{ID: row.EntityID, Status: protocol.Applied}
	reject := func(reason string) (protocol.OpResult, error) {
		return protocol.OpResult{ID: row.EntityID, Status: protocol.Rejected, Reason: reason}, nil
	}
	if !deviceWritable(row.Entity) {
		return reject(ReasonRegistryOnly)
	}
	in := make(merge.Row, len(row.Fields))
	size := 0
	for name, f := range row.Fields {
		ts, _ := hlc.Parse(f.H) // validated at the boundary
		if !nodes[ts.Node] {
			return reject(ReasonResendNode)
		}
		if ts.Wall > r.now().Add(hlc.MaxDrift).UnixMilli() {
			return protocol.OpResult{ID: row.EntityID, Status: protocol.ClockSkew, Reason: "stamp ahead of the registry's clock"}, nil
		}
		if !utf8.Valid(f.V) || hasBadEscape(f.V) {
			return reject(ReasonUTF8)
		}
		size += len(name) + len(f.V) + 4
		in[name] = merge.Field{V: f.V, H: f.H}
	}
	if size > MaxRowBytes {
		return reject(ReasonTooLarge)
	}
	if raw, ok := in["officeId"]; ok {
		var office string
		if json.Unmarshal(raw.V, &office) != nil || office != dev.OfficeID {
			return reject("office mismatch")
		}
	}
	cur, found, err := tx.Row(ctx, row.Entity, row.EntityID)
	if err != nil {
		return res, err
	}
	merged, changed := merge.Converge(cur.Fields, in)
	if !changed {
		res.Status = protocol.Duplicate
		return res, nil
	}
	values := make(map[string]json.RawMessage, len(merged))
	for name, f := range merged {
		values[name] = f.V
	}
	if reason, _ := checkTypes(protocol.Op{Entity: row.Entity, Fields: values}); reason != "" {
		return reject(reason)
	}
	if row.Entity == "case_number" {
		reason, err := r.resendNumber(ctx, tx, dev.OfficeID, nodes, cur, found, merged)
		if err != nil || reason != "" {
			return protocol.OpResult{ID: row.EntityID, Status: protocol.Rejected, Reason: reason}, err
		}
	}
	for _, f := range in {
		ts, _ := hlc.Parse(f.H)
		_ = r.clock.Observe(ts)
	}
	_, err = tx.PutRow(ctx, row.Entity, row.EntityID, merged, cur.Deleted)
	return res, err
}

// resendNumber keeps the register whole when a number comes back: one
// the registry still has keeps what identifies it, and one it lost is
// leased again to the device its row names, unless another device holds
// it, with the register's next number raised past it.
func (r *Registry) resendNumber(ctx context.Context, tx store.Tx, officeID string, nodes map[string]bool, cur store.Row, found bool, merged merge.Row) (string, error) {
	var n payload.Number
	values := make(map[string]json.RawMessage, len(merged))
	for name, f := range merged {
		values[name] = f.V
	}
	if err := strictDecode(values, &n); err != nil {
		return ReasonResendNumber, nil
	}
	if found {
		for _, name := range []string{"id", "officeId", "unit", "jrwa", "year", "no", "deviceId"} {
			if string(cur.Fields[name].V) != string(merged[name].V) {
				return "number field " + name + " is fixed", nil
			}
		}
		var state string
		_ = json.Unmarshal(cur.Fields["state"].V, &state)
		if state != "reserved" && n.State != state {
			return "number already " + state, nil
		}
		return "", nil
	}
	if n.ID != NumberID(officeID, n.Unit, n.JRWA, n.Year, n.No) || n.No < 1 || !nodes[n.DeviceID] || n.DeviceID == "registry" {
		return ReasonResendNumber, nil
	}
	switch n.State {
	case "reserved", "used", "cancelled":
	default:
		return "unknown number state", nil
	}
	l, held, err := tx.LeaseHolder(ctx, n.Unit, n.JRWA, n.Year, n.No)
	if err != nil {
		return "", err
	}
	if held && l.DeviceID != n.DeviceID {
		return "number leased to another device", nil
	}
	if !held {
		if err := tx.AddLease(ctx, store.Lease{DeviceID: n.DeviceID, Unit: n.Unit, JRWA: n.JRWA, Year: n.Year, First: n.No, Last: n.No}, r.now()); err != nil {
			return "", err
		}
	}
	return "", tx.RaiseNextNumber(ctx, n.Unit, n.JRWA, n.Year, n.No+1)
}
