package protocol

import "encoding/base64"

// DataKeyLen is the length of a device's data key (AES-256).
const DataKeyLen = 32

// DeviceKeyResponse gives a device its own data key back from the
// registry's escrow (GET device-key, with a person session of someone on
// the device's list): the device wraps it for that person's password.
type DeviceKeyResponse struct {
	DataKey string `json:"dataKey"` // base64, DataKeyLen bytes
}

// Validate checks a device key answer.
func (r *DeviceKeyResponse) Validate() error {
	_, err := DecodeDataKey(r.DataKey)
	return err
}

// DecodeDataKey reads a data key as the wire carries it: standard base64
// of exactly DataKeyLen bytes.
func DecodeDataKey(s string) ([]byte, error) {
	if len(s) > 64 {
		return nil, invalid("data key")
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != DataKeyLen {
		return nil, invalid("data key")
	}
	return b, nil
}

// EncodeDataKey writes a data key as the wire carries it.
func EncodeDataKey(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
