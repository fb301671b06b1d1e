package db

import "context"

// metaKeyFile marks that this device's key file was made: from then on a
// missing key file is lost (or removed at revocation), never a reason to
// make a new key over the database (ARCHITECTURE.md, Encryption at rest).
// A database without the mark is older than encryption at rest.
const metaKeyFile = "key_file"

// KeyFileMade tells whether this device's key file was ever made.
func (r reader) KeyFileMade(ctx context.Context) (bool, error) {
	v, err := r.meta(ctx, metaKeyFile)
	return v == "1", err
}

// NoteKeyFileMade records that the key file was made; it is written
// before the key file itself, so a kill between the two leaves a device
// that asks for the recovery path rather than one that makes a new key.
func (s *Store) NoteKeyFileMade(ctx context.Context) error {
	return s.InTx(ctx, func(tx *Tx) error { return tx.setMeta(ctx, metaKeyFile, "1") })
}
