#!/usr/bin/env bash
# Prints the figures the issues ask for, from `go test -bench` output. With
# several runs of a benchmark (make bench BENCH_COUNT=5) each figure is the
# median of the runs, and its range and the number of runs follow the target.
set -euo pipefail
f=${1:-build/bench.txt}
awk '
function ms(ns) { return sprintf("%.2f ms", ns / 1e6) }
# spread is the range of a figure measured more than once, in its format.
function spread(k, fmt) { return (n[k] > 1) ? sprintf("range " fmt " to " fmt ", %d runs", lo[k], hi[k], n[k]) : "" }
# fig prints one figure, or "skipped" when its benchmark did not run
# (the PostgreSQL ones without OKIENKO_TEST_PG).
function fig(label, name, unit, fmt, target) {
  printf "%-58s %14s %10s  %s\n", label, ((name, unit) in v) ? sprintf(fmt, v[name, unit]) : "skipped", target, spread(name SUBSEP unit, fmt)
}
# figns is fig for a figure given in ns/op and printed in milliseconds.
function figns(label, name, target) {
  printf "%-58s %14s %10s  %s\n", label, ((name, "ns/op") in v) ? ms(v[name, "ns/op"]) : "skipped", target, ((name SUBSEP "ns/op") in n && n[name SUBSEP "ns/op"] > 1) ? sprintf("range %s to %s, %d runs", ms(lo[name SUBSEP "ns/op"]), ms(hi[name SUBSEP "ns/op"]), n[name SUBSEP "ns/op"]) : ""
}
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  for (i = 3; i <= NF; i++) { k = name SUBSEP $(i+1); n[k]++; run[k, n[k]] = $i + 0 }
}
END {
  # The median of the runs of each figure (insertion sort: a handful of runs).
  for (k in n) {
    m = n[k]
    for (i = 1; i <= m; i++) x[i] = run[k, i]
    for (i = 2; i <= m; i++) { t = x[i]; for (j = i - 1; j >= 1 && x[j] > t; j--) x[j+1] = x[j]; x[j+1] = t }
    v[k] = (m % 2) ? x[(m+1)/2] : (x[m/2] + x[m/2+1]) / 2
    lo[k] = x[1]; hi[k] = x[m]
  }
  printf "\n%-58s %14s %10s\n", "figure", "measured", "target"
  fig("sign-in: one Argon2id verification, CPU per core (DefaultParams)", "BenchmarkVerify", "cpu-ms/core", "%.0f ms", "≈ 250 ms")
  fig("  the same, wall time on this (possibly shared) machine", "BenchmarkVerify", "ms/verify", "%.0f ms", "")
  fig("sign-in: the data key unwrapped (Argon2id), CPU per core", "BenchmarkUnwrap", "cpu-ms/core", "%.0f ms", "")
  if (("BenchmarkVerify", "cpu-ms/core") in v && ("BenchmarkUnwrap", "cpu-ms/core") in v) printf "%-58s %14s %10s\n", "sign-in to unlocked: verification + unwrap, per core", sprintf("%.0f ms", v["BenchmarkVerify", "cpu-ms/core"] + v["BenchmarkUnwrap", "cpu-ms/core"]), "≤ 1 s"
  fig("sign-in to unlocked, measured whole (verify, key file, unwrap, unlock), CPU per core", "BenchmarkSignInUnlocked", "cpu-ms/core", "%.0f ms", "≤ 1 s")
  fig("  the same, wall time on this (possibly shared) machine", "BenchmarkSignInUnlocked", "ms/signin", "%.0f ms", "")
  fig("encryption at rest: seal one field", "BenchmarkSealField", "ns/op", "%.0f ns", "")
  fig("encryption at rest: open one field", "BenchmarkOpenField", "ns/op", "%.0f ns", "")
  fig("encryption at rest: blind index tokens of one name", "BenchmarkPrefixes", "ns/op", "%.0f ns", "")
  figns("open + migrate + load demo office (empty data dir)", "BenchmarkOpenMigrateLoadDemo", "≤ 300 ms")
  fig("catalogue search, p95", "BenchmarkCatalogSearch", "p95-ms", "%.3f ms", "≤ 5 ms")
  for (i = 1; i <= 3; i++) { l = substr("pl en uk", 3*i-2, 2); figns("card PDF (Karta usługi), " l, "BenchmarkCardPDF/" l, "≤ 50 ms") }
  fig("register a case, sealed (form, checklist, number, events, outbox)", "BenchmarkRegisterCase", "median-ms", "%.2f ms med", "≤ 5 ms")
  fig("draft autosave", "BenchmarkDraftAutosave", "median-ms", "%.3f ms med", "≤ 2 ms")
  for (i = 1; i <= 3; i++) { l = substr("pl en uk", 3*i-2, 2); figns("receipt PDF (Potwierdzenie przyjęcia sprawy), " l, "BenchmarkReceiptPDF/" l, "≤ 50 ms") }
  fig("case search over 200,000 synthetic cases, p95", "BenchmarkCaseSearch200k", "p95-ms", "%.2f ms", "≤ 20 ms")
  fig("  sealed: the commonest 3-letter prefix (mar), p95", "BenchmarkCaseSearchSealed200k/prefix3", "p95-ms", "%.2f ms", "≤ 20 ms")
  fig("    cases of the clients it matches", "BenchmarkCaseSearchSealed200k/prefix3", "cases-matched", "%.0f", "")
  fig("  sealed: an exact PESEL, p95", "BenchmarkCaseSearchSealed200k/pesel", "p95-ms", "%.2f ms", "≤ 20 ms")
  fig("  sealed: a two-word name, p95", "BenchmarkCaseSearchSealed200k/two-words", "p95-ms", "%.2f ms", "≤ 20 ms")
  fig("queue: issue a ticket (80 mm PDF printed included), median", "BenchmarkQueueIssue/printed", "median-ms", "%.2f ms", "≤ 20 ms")
  fig("  the same without the printout, median", "BenchmarkQueueIssue/unprinted", "median-ms", "%.2f ms", "")
  fig("queue: call the next ticket, 300 waiting, median", "BenchmarkQueueCallNext", "median-ms", "%.2f ms", "≤ 20 ms")
  fig("Dziś over 200,000 synthetic cases (deadlines, calls to supplement), p95", "BenchmarkToday200k", "p95-ms", "%.2f ms", "≤ 50 ms")
  fig("case duties: Dziś lines, 20,000 cases, p95", "BenchmarkCaseDutiesToday", "p95-ms", "%.2f ms", "≤ 20 ms")
  fig("a handler own cases (moje), 20,000 cases, p95", "BenchmarkCaseDutiesToday", "mine-p95-ms", "%.2f ms", "≤ 20 ms")
  fig("sync: push 10,000 ops from one device, SQLite registry", "BenchmarkPush10k/sqlite", "push10k-s", "%.2f s", "≤ 2 s")
  fig("sync: push 10,000 ops from one device, PostgreSQL registry", "BenchmarkPush10k/postgres", "push10k-s", "%.2f s", "≤ 2 s")
  fig("sync: initial sync of 100,000 cases to a fresh device", "BenchmarkInitialSync100k", "initial100k-s", "%.1f s", "≤ 10 s")
  fig("  its CPU time (registry and device, one process)", "BenchmarkInitialSync100k", "cpu-s", "%.1f s", "")
  fig("sync: initial sync of 20,000 cases page by page (no snapshot)", "BenchmarkInitialSync20k/pages", "initial20k-s", "%.1f s", "≤ 6.2 s")
  fig("  its CPU time (registry and device, one process)", "BenchmarkInitialSync20k/pages", "cpu-s", "%.1f s", "")
  fig("  the same from the registry snapshot", "BenchmarkInitialSync20k/snapshot", "initial20k-s", "%.1f s", "")
  fig("registry: backup of the 100,000-case registry (admin backup)", "BenchmarkBackup100k", "backup100k-s", "%.1f s", "≤ 30 s")
  fig("  push p99 before the backup", "BenchmarkBackup100k", "push-p99-before-ms", "%.1f ms", "")
  fig("  push p99 while the backup runs", "BenchmarkBackup100k", "push-p99-during-ms", "%.1f ms", "")
  fig("  ratio, during / before", "BenchmarkBackup100k", "push-p99-ratio", "%.2f", "≤ 2")
  fig("registry restored: 5 devices re-send the 2,000 cases of a day", "BenchmarkResendDay", "resend2000-s", "%.1f s", "≤ 10 s")
  fig("sync: bytes sent per change, batches of 100 (zstd)", "BenchmarkBytesPerChange/phone-100", "bytes/change", "%.1f B", "≤ 80 B")
  fig("sync: empty round, registry time p50 (SQLite)", "BenchmarkEmptyRound/sqlite", "emptyround-server-ms", "%.2f ms", "≤ 5 ms")
  fig("sync: empty round, registry time p99 (SQLite)", "BenchmarkEmptyRound/sqlite", "emptyround-server-p99-ms", "%.2f ms", "≤ 5 ms")
  fig("registry: checks of meaning per op, a new client", "BenchmarkCheckOp/client-new", "check-us/op", "%.0f µs", "")
  fig("registry: checks of meaning per op, a phone edit", "BenchmarkCheckOp/client-phone", "check-us/op", "%.0f µs", "")
  fig("registry: checks of meaning per op, a new case", "BenchmarkCheckOp/case-new", "check-us/op", "%.0f µs", "")
  fig("queue: two counters issue + call at once, SQLite, p99", "BenchmarkQueueTwoCounters/sqlite", "p99-ms", "%.1f ms", "≤ 100 ms")
  fig("queue: two counters issue + call at once, PostgreSQL, p99", "BenchmarkQueueTwoCounters/postgres", "p99-ms", "%.1f ms", "≤ 100 ms")
  fig("registry: checks of meaning per op, a new callback", "BenchmarkCheckOp/callback-new", "check-us/op", "%.0f µs", "")
  fig("registry: checks of meaning per op, a presence", "BenchmarkCheckOp/presence", "check-us/op", "%.0f µs", "")
  fig("access log: the entries of one client, 20,000 entries and 2,000 cases (SQLite registry)", "BenchmarkAuditQuery/client", "ms/query", "%.0f ms", "")
  fig("access log: outside-the-unit entries, the same office", "BenchmarkAuditQuery/outside", "ms/query", "%.0f ms", "")
  fig("monitoring report, a year (200,000 cases, 100,000 tickets), device, wall (sections read at once)", "BenchmarkReportYear", "ms/report", "%.0f ms", "≤ 1 s")
  fig("  the same, CPU of all sections", "BenchmarkReportYear", "cpu-ms/report", "%.0f ms", "")
  fig("monitoring report, the same year, registry on PostgreSQL (wall)", "BenchmarkReportYearPG", "ms/report", "%.0f ms", "≤ 2 s")
  fig("rejestr upoważnień PDF, 5,000 entries, device, CPU", "BenchmarkVisitRegisterPDF", "cpu-ms/register", "%.0f ms", "≤ 500 ms")
  fig("rejestr skarg i wniosków PDF, 5,000 entries, device, CPU", "BenchmarkComplaintRegisterPDF", "cpu-ms/register", "%.0f ms", "≤ 500 ms")
  fig("dziennik korespondencji PDF, 5,000 entries, device, CPU", "BenchmarkLetterRegisterPDF", "cpu-ms/op", "%.0f ms", "≤ 500 ms")
  fig("spis spraw PDF, 5,000 numbers, registry (SQLite), CPU", "BenchmarkSpisSprawPDF", "cpu-ms/register", "%.0f ms", "≤ 500 ms")
  fig("sync: 200 devices at once, PostgreSQL, p99 round", "BenchmarkDevices200/offices=20", "p99-round-ms", "%.0f ms", "≤ 250 ms")
  fig("  of which rounds without numbers just leased, p99", "BenchmarkDevices200/offices=20", "p99-plain-round-ms", "%.0f ms", "")
  fig("  of which rounds with all devices topping up, p99", "BenchmarkDevices200/offices=20", "p99-topup-round-ms", "%.0f ms", "")
  fig("  the first timed round alone, p99", "BenchmarkDevices200/offices=20", "p99-first-round-ms", "%.0f ms", "")
  fig("  the nineteen rounds after it, p99", "BenchmarkDevices200/offices=20", "p99-later-rounds-ms", "%.0f ms", "")
  fig("  the cold round before them, p99", "BenchmarkDevices200/offices=20", "p99-cold-round-ms", "%.0f ms", "")
  fig("sync: 200 devices while 5 offices read the console, p99 round", "BenchmarkDevices200/offices=20,console", "p99-round-ms", "%.0f ms", "≤ 250 ms")
  fig("  the first timed round alone, p99", "BenchmarkDevices200/offices=20,console", "p99-first-round-ms", "%.0f ms", "")
  fig("  the nineteen rounds after it, p99", "BenchmarkDevices200/offices=20,console", "p99-later-rounds-ms", "%.0f ms", "")
  fig("  the cold round before them, p99", "BenchmarkDevices200/offices=20,console", "p99-cold-round-ms", "%.0f ms", "")
  fig("  console pages served meanwhile, p95", "BenchmarkDevices200/offices=20,console", "console-p95-ms", "%.0f ms", "")
  fig("console: Pulpit, cases over 10 offices (OKIENKO_CONSOLE_BENCH_CASES), p95", "BenchmarkConsoleDashboard", "p95-ms", "%.1f ms", "≤ 300 ms")
  fig("  the first Pulpit after a start (reads the open cases whole)", "BenchmarkConsoleDashboard", "first-ms", "%.0f ms", "")
  fig("  the first Pulpit after a start, the index warmed first (Console.Warm)", "BenchmarkConsoleDashboard", "first-warm-ms", "%.0f ms", "≤ 300 ms")
  fig("  warming the index of every office (Console.Warm)", "BenchmarkConsoleDashboard", "warm-ms", "%.0f ms", "")
  fig("console: a list behind a figure, p95", "BenchmarkConsoleList", "p95-ms", "%.1f ms", "≤ 200 ms")
  fig("  the first list after a start, not warmed", "BenchmarkConsoleList", "first-ms", "%.0f ms", "")
  fig("  the first list after a start, the index warmed first (Console.Warm)", "BenchmarkConsoleList", "first-warm-ms", "%.0f ms", "≤ 200 ms")
  fig("console: publishing a catalogue version (a fee changed), median of 20", "BenchmarkConsolePublish", "publish-ms", "%.0f ms", "≤ 1 s")
  fig("  the same, p95", "BenchmarkConsolePublish", "p95-ms", "%.0f ms", "≤ 1 s")
}' "$f"
