package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"okienko/app/complaints"
)

// BenchmarkComplaintRegisterPDF is the year's register of 5,000 entries
// laid out and rendered (issue 14: ≤ 500 ms), reported as ms/register.
func BenchmarkComplaintRegisterPDF(b *testing.B) {
	e := newEnv(b)
	o, err := e.store.Office(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	outs := []complaints.Outcome{complaints.Justified, complaints.Unjustified, complaints.OutForward, complaints.OutLeft}
	list := make([]complaints.Entry, 5000)
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range list {
		r := day.AddDate(0, 0, i*360/len(list)).Format(time.DateOnly)
		x := complaints.Entry{ID: fmt.Sprint(i), Kind: complaints.Complaint, Channel: complaints.Channels[i%len(complaints.Channels)],
			ReceivedOn: r, Name: "Zofia Wróblewska-Żółkiewska", Address: "ul. Lipowa 7, 99-300 Przykładowo",
			Subject: "Przewlekłość postępowania w sprawie dodatku mieszkaniowego", Competent: true,
			Status: complaints.Answered, Outcome: outs[i%4], AnsweredOn: r, AnswerChannel: complaints.Post}
		if i%7 == 0 {
			x.Kind = complaints.Motion
		}
		list[i] = x
	}
	names := map[string]string{}
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		data, err := registerPDF(e.core, o, 2026, list, names)
		if err != nil || len(data) == 0 {
			b.Fatal(err)
		}
	}
	// CPU time per register: on the shared build machine the wall time
	// mostly measures the other jobs' load.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/float64(time.Millisecond), "cpu-ms/register")
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/register")
}
