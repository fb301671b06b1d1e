package keys

import (
	"testing"

	"okienko/app/auth"
)

// BenchmarkSealField is one field sealed (a surname): ns/op is the figure.
func BenchmarkSealField(b *testing.B) {
	c := newCipher(b)
	v := []byte("Łęcka-Wróblewska")
	b.ReportAllocs()
	for b.Loop() {
		c.Seal("client", "surname", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", v)
	}
}

// BenchmarkOpenField is one field opened.
func BenchmarkOpenField(b *testing.B) {
	c := newCipher(b)
	s := c.SealString("client", "surname", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "Łęcka-Wróblewska")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Open("client", "surname", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExact is one identifier's blind index token (a PESEL).
func BenchmarkExact(b *testing.B) {
	c := newCipher(b)
	b.ReportAllocs()
	for b.Loop() {
		c.Exact(KindPESEL, "90010112345")
	}
}

// BenchmarkPrefixes is the blind index of one client's name (given name
// and a double surname: 13 tokens).
func BenchmarkPrefixes(b *testing.B) {
	c := newCipher(b)
	b.ReportAllocs()
	for b.Loop() {
		c.Prefixes("Żaneta Łęcka-Wróblewska")
	}
}

// BenchmarkUnwrap is the data key unwrapped at sign-in with
// auth.DefaultParams: with the password's verification (auth's
// BenchmarkVerify) it is the sign-in's cost, which issue 13 bounds at
// 1 s on 2 cores. cpu-ms/core is the CPU time over the two lanes, the
// wall time of an idle 2-core machine.
func BenchmarkUnwrap(b *testing.B) {
	dk := NewDataKey()
	ks, err := NewKeySet("dev-1", dk, NewRecoveryCode(), auth.DefaultParams)
	if err != nil {
		b.Fatal(err)
	}
	if err := ks.AddPerson(dk, "anna", "okienko", auth.DefaultParams); err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := ks.Unwrap("anna", "okienko"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/unwrap")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N)/float64(auth.DefaultParams.Threads), "cpu-ms/core")
	}
}
