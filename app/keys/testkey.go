package keys

import "crypto/sha256"

// TestDataKey is a data key derived from a name alone, for tests, tools
// and benchmarks that reopen one database across processes or runs (kill
// tests, cached benchmark databases, the synthetic load generator,
// simulated devices restarted). Anyone who knows the name has the key:
// never for a device's data.
func TestDataKey(name string) *DataKey {
	k := &DataKey{}
	sum := sha256.Sum256([]byte("okienko test data key\x00" + name))
	copy(k.b[:], sum[:])
	return k
}

// TestCipher is TestDataKey's cipher.
func TestCipher(name string) *Cipher {
	c, err := NewCipher(TestDataKey(name))
	if err != nil {
		panic(err) // derivation of a well-formed key does not fail
	}
	return c
}
