package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// Push applies a batch from a device of its office, and leases the
// numbers it asks for with it. A batch seen before gets its stored
// answer; an op seen before is reported as a duplicate and not applied
// again. Pushes of one office that arrive together commit together
// (inGroup).
func (r *Registry) Push(ctx context.Context, dev store.Device, req protocol.PushRequest) (protocol.PushResponse, error) {
	var res batchResult
	checks := checkOps(dev, req.Ops)
	facts, err := r.readFacts(ctx, dev, req.Ops, req.Lease)
	if err != nil {
		return protocol.PushResponse{}, fmt.Errorf("registry: push: %w", err)
	}
	j := &writeJob{
		apply: func(ctx context.Context, tx store.Tx) error {
			var err error
			res, err = r.applyBatch(withFacts(ctx, facts), tx, dev, req, checks)
			return err
		},
		ahead: prefetch{batches: []store.BatchKey{{DeviceID: dev.ID, BatchID: req.BatchID}}, ops: make([]string, len(req.Ops)), rows: make([]store.RowKey, len(req.Ops))},
	}
	for i, op := range req.Ops {
		j.ahead.ops[i], j.ahead.rows[i] = op.ID, store.RowKey{Entity: op.Entity, ID: op.EntityID}
	}
	if err := r.inGroup(ctx, dev.OfficeID, j); err != nil {
		return protocol.PushResponse{}, fmt.Errorf("registry: push: %w", err)
	}
	if !res.replayed {
		r.metrics.OpsPushed.Add(int64(len(req.Ops)))
		r.metrics.Conflicts.Add(int64(res.conflicts))
		r.metrics.LateNumbers.Add(int64(res.late))
		r.metrics.DateFlags.Add(int64(res.flags))
		r.metrics.OpsRejected.Add(int64(countRejected(res.resp.Results)))
	}
	if len(res.resp.Leases) > 0 && !res.replayed {
		r.log.Info("numbers leased", "office", dev.OfficeID, "device", dev.ID, "registers", len(res.resp.Leases))
	}
	if !res.replayed {
		r.noteRefused(dev, res.resp.LeaseRefused)
	}
	res.resp.Seq = j.seq
	return res.resp, nil
}

// batchResult is what applying one batch gave, for its answer and the metrics.
type batchResult struct {
	resp            protocol.PushResponse
	replayed        bool
	conflicts, late int
	flags           int // cases flagged for their submission date
}

// applyBatch applies one batch, or answers a replayed one as at first.
func (r *Registry) applyBatch(ctx context.Context, tx store.Tx, dev store.Device, req protocol.PushRequest, checks *opChecks) (batchResult, error) {
	var out batchResult
	key, digest := store.BatchKey{DeviceID: dev.ID, BatchID: req.BatchID}, opsDigest(req.Ops)
	stored, found, err := tx.Batch(ctx, key)
	if err != nil {
		return out, err
	}
	if found {
		// The device resends a batch under its id only as it was; other
		// ops under a spent id would get the old answer and be dropped
		// unseen. Refused whole, they are split into new batches.
		if stored.Digest != "" && stored.Digest != digest {
			return out, fmt.Errorf("%w: batch id reused with other ops", protocol.ErrInvalid)
		}
		out.replayed = true
		return out, json.Unmarshal(stored.Answer, &out.resp)
	}
	out.resp = protocol.PushResponse{BatchID: req.BatchID, Results: make([]protocol.OpResult, 0, len(req.Ops))}
	for i, op := range req.Ops {
		res, err := r.applyOp(ctx, tx, dev, req.BatchID, op, checks.get(i), &out.flags)
		if err != nil {
			return out, err
		}
		if res.Status == protocol.Conflict {
			out.conflicts++
		}
		if res.Reason == ReasonUsedAfterYearEnd {
			out.late++
		}
		out.resp.Results = append(out.resp.Results, res)
	}
	// The numbers asked for with the batch are part of its answer: a
	// replay gets these, and nothing is leased twice.
	if len(req.Lease) > 0 {
		if out.resp.Leases, out.resp.LeaseRefused, err = r.lease(ctx, tx, dev, req.Lease); err != nil {
			return out, err
		}
	}
	answer, err := json.Marshal(out.resp)
	if err != nil {
		return out, err
	}
	return out, tx.SaveBatch(ctx, key, store.StoredBatch{Answer: answer, Digest: digest}, r.now())
}

// opsDigest names a batch's ops: the SHA-256 of their ids in order, hex.
func opsDigest(ops []protocol.Op) string {
	h := sha256.New()
	for _, op := range ops {
		h.Write([]byte(op.ID))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
