package registry

import (
	"context"
	"errors"
	"fmt"

	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// The device's data key (issue 13). A device sends its freshly made data
// key with its enrolment (over TLS) and the registry keeps it for that
// device: its escrow, under the registry's own at-rest protection. A
// device's people have no wrap of the key at first; when one of them
// signs in online, the device opens their person session (the password
// verified by the registry, with its per-login back-off) and asks for its
// key with it. The registry gives it only for a live person session of
// this very device, of someone active in its office and on its list, and
// never for a revoked device (its token is refused, and the store drops
// the escrow in the revoking transaction). Refusals count per device and
// back off as enrolment attempts do.

// keepDeviceKey keeps the data key an enrolment carried; none from a
// device older than encryption at rest.
func (r *Registry) keepDeviceKey(ctx context.Context, d store.Device, encoded string) error {
	if encoded == "" {
		return nil
	}
	key, err := protocol.DecodeDataKey(encoded)
	if err != nil {
		return err
	}
	if err := r.st.PutDeviceKey(ctx, d.ID, key, r.now()); err != nil {
		return fmt.Errorf("registry: keep the device's key: %w", err)
	}
	return nil
}

// DeviceKeyFor gives a device its data key for a person session (token)
// of someone on the device's list. A device without an escrowed key is
// store.ErrNotFound (404).
func (r *Registry) DeviceKeyFor(ctx context.Context, dev store.Device, token string) (protocol.DeviceKeyResponse, error) {
	who, err := r.personFor(ctx, dev, token) // a one-time password's holder too: the app must open to replace it
	if err != nil {
		r.log.Warn("device key refused", "office", dev.OfficeID, "device", dev.ID, "reason", "person")
		return protocol.DeviceKeyResponse{}, err
	}
	key, err := r.st.DeviceKey(ctx, dev.ID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			r.log.Warn("device key refused", "office", dev.OfficeID, "device", dev.ID, "reason", "none")
		}
		return protocol.DeviceKeyResponse{}, err
	}
	r.log.Info("device key given", "office", dev.OfficeID, "device", dev.ID, "staff", who.StaffID)
	return protocol.DeviceKeyResponse{DataKey: protocol.EncodeDataKey(key)}, nil
}

func (r *Registry) handleDeviceKey(c *call) (any, error) {
	if err := r.keyTries.begin(c.dev.ID, r.now()); err != nil {
		return nil, err
	}
	resp, err := r.DeviceKeyFor(c.req.Context(), c.dev, c.req.Header.Get(protocol.HeaderPerson))
	if err == nil {
		r.keyTries.done(c.dev.ID)
	}
	return resp, err
}
