#!/usr/bin/env bash
# The Go tests of `make test`, in two invocations, and the check that every
# test runs in at least one of them.
#
#   build/scripts/test-go.sh run     runs them
#   build/scripts/test-go.sh check   only checks the split (no test runs)
#
# 1. Every package but the simulation under -race, skipping the tests listed
#    as `norace` in build/testsplit.txt.
# 2. Without -race: the listed tests of their packages (`norace` and `both`)
#    and the whole simulation (sync/sim).
#
# The race detector slows SQLite and PDF rendering some fifteen times. A test
# is listed only when its point is volume, timing or a crash (a child process
# killed with SIGKILL), not goroutines sharing memory: the concurrency tests
# stay under -race. `both` runs a test in both invocations (the golden
# printouts check three cards under -race and all of them without it).
#
# The check (run before the tests) fails when a test
# function (Test, Fuzz or Example) of any package runs in neither
# invocation, when a listed test does not exist (renamed or removed: it
# would silently run nowhere... or under -race again), or when a listed
# name also names a test of another package (-run and -skip match names in
# every package of an invocation, so that test would be skipped too).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=${1:-run}
split=build/testsplit.txt
module=$(go list -m)
sim="$module/sync/sim"

# The listed tests: "pkg test mode" lines, comments and blank lines dropped.
entries=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$split" | awk '{print $1, $2, $3}')
bad=$(awk 'NF != 3 || ($3 != "norace" && $3 != "both")' <<<"$entries")
if [ -n "$bad" ]; then
  echo "test-go: $split: want \"package test norace|both\" lines, got:" >&2
  echo "$bad" >&2
  exit 1
fi

alt() { paste -sd'|' -; }
# Anchored alternations of plain names: -run/-skip match exactly these tests.
skip_re="^($(awk '$3 == "norace" {print $2}' <<<"$entries" | sort -u | alt))\$"
run_re="^($(awk '{print $2}' <<<"$entries" | sort -u | alt))\$"
norace_pkgs=$(awk '{print "./" $1}' <<<"$entries" | sort -u | tr '\n' ' ')
# The slowest packages first: go test starts test binaries (-p, one per
# core) in this order, so the long ones do not end up running alone at the
# end while the other core idles.
slow="$module/sync/engine $module/app $module/db $module/sync/faults $module/sync/registry"
pkgs=$(go list ./... | grep -vx "$sim")
race_pkgs=$( (for p in $slow; do grep -Fx "$p" <<<"$pkgs" || true; done; echo "$pkgs") | awk '!seen[$0]++' | tr '\n' ' ')

# tests FLAGS PKG...: "importpath Name" for every test function the package
# compiles under those build flags (files chosen by go list: build tags,
# race or not, GOOS).
tests() {
  local flags=$1
  shift
  # shellcheck disable=SC2086
  go list $flags -f '{{$d := .Dir}}{{$p := .ImportPath}}{{range .TestGoFiles}}{{$p}} {{$d}}/{{.}}
{{end}}{{range .XTestGoFiles}}{{$p}} {{$d}}/{{.}}
{{end}}' "$@" | while read -r pkg file; do
    [ -n "$pkg" ] || continue
    { grep -oP '^func \K(Test|Fuzz|Example)(?![a-z])\w*(?=\()' "$file" | grep -vx TestMain || true; } | sed "s|^|$pkg |"
  done | sort -u
}

check() {
  local race_all plain_all all race norace simt covered missing stale listed clash
  race_all=$(tests -race ./...)
  plain_all=$(tests "" ./...)
  all=$(printf '%s\n%s\n' "$race_all" "$plain_all" | sort -u)
  listed=$(awk -v m="$module" '{print m "/" $1, $2}' <<<"$entries" | sort -u)
  # 1: under -race, every package but sim, minus the skipped names.
  race=$(awk -v re="$skip_re" -v sim="$sim" '$1 != sim && $2 !~ re' <<<"$race_all")
  # 2: without -race, the listed packages' matching names, and all of sim.
  norace=$(awk -v re="$run_re" -v pk="$norace_pkgs" -v m="$module" '
    BEGIN { n = split(pk, a, " "); for (i = 1; i <= n; i++) { sub(/^\.\//, "", a[i]); want[m "/" a[i]] = 1 } }
    ($1 in want) && $2 ~ re' <<<"$plain_all")
  simt=$(awk -v sim="$sim" '$1 == sim' <<<"$plain_all")
  covered=$(printf '%s\n%s\n%s\n' "$race" "$norace" "$simt" | sed '/^$/d' | sort -u)
  missing=$(comm -23 <(echo "$all") <(echo "$covered"))
  stale=$(comm -23 <(echo "$listed") <(echo "$all"))
  # A listed name in a package where it is not listed would be skipped there too.
  clash=$(awk -v re="$run_re" -v sim="$sim" '$1 != sim && $2 ~ re' <<<"$all" | sort -u | comm -23 - <(echo "$listed"))
  local ok=1
  if [ -n "$missing" ]; then echo "test-go: these tests run in no invocation:" >&2; echo "$missing" >&2; ok=0; fi
  if [ -n "$stale" ]; then echo "test-go: $split lists tests that do not exist:" >&2; echo "$stale" >&2; ok=0; fi
  if [ -n "$clash" ]; then echo "test-go: listed names also name these tests (-run/-skip would take them too; rename one):" >&2; echo "$clash" >&2; ok=0; fi
  [ "$ok" = 1 ] || exit 1
  echo "test-go: $(wc -l <<<"$all") tests; $(wc -l <<<"$race") run under -race; $(wc -l <<<"$norace") listed in $split and the simulation's $(wc -l <<<"$simt") run without it; none runs in neither"
}

case "$mode" in
check) check ;;
run)
  check
  # shellcheck disable=SC2086
  go test -race -count=1 -timeout 45m -skip "$skip_re" $race_pkgs
  # The two runs without -race side by side: each leaves a core idle at
  # its end (the simulation's seeds run in parallel, the listed tests are
  # a few long ones).
  # shellcheck disable=SC2086
  go test -count=1 -timeout 45m -run "$run_re" $norace_pkgs &
  listed=$!
  go test -count=1 -timeout 45m ./sync/sim/ &
  simrun=$!
  rc=0
  wait "$listed" || rc=1
  wait "$simrun" || rc=1
  exit "$rc"
  ;;
*) echo "usage: $0 run|check" >&2; exit 2 ;;
esac
