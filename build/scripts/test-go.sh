#!/usr/bin/env bash
# The Go tests of `make test`, and the check that every test runs.
#
#   build/scripts/test-go.sh run     checks, then runs them
#   build/scripts/test-go.sh check   only checks (no test runs)
#
# 1. Without -race: every test of every package (go test ./..., the
#    simulation's 200 seeds first, then the slowest packages).
# 2. With -race, beside it: what build/racetests.txt chooses, the code where
#    goroutines meet in one process: whole packages (`all`) and named tests.
#
# The race detector slows SQLite and PDF rendering some fifteen times and
# finds nothing across processes (crash tests, child processes, a registry
# binary), so the bulk of the tests, whose point is a store, a printout or a
# sync story driven one round at a time, runs once, without it.
#
# The check (run before the tests) fails when
# - a test function (Test, Fuzz or Example) runs in neither invocation
#   under the build tags of each (a test only in a `race`-tagged file must
#   be chosen for -race);
# - a package whose own code (not its tests) starts goroutines or shares
#   state (go statements, channels, sync, sync/atomic, errgroup) and has
#   tests is not in racetests.txt (`none` with a reason says so on purpose);
# - a test named for concurrency does not run under -race;
# - a listed test does not exist, or its name also names a test of another
#   listed package (-run matches names in every package of an invocation).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=${1:-run}
list=build/racetests.txt
module=$(go list -m)
# Names that say a test is about goroutines meeting.
concurrent_names='Concurren|Parallel|Race|AtOnce|Serialised|Simultaneous'
# Non-test code that starts goroutines or shares state.
concurrent_code='(^|[^[:alnum:]_.])go (func|[[:alpha:]_][[:alnum:]_.]*\()|errgroup|sync\.|atomic\.|chan |<-'

fail() { echo "test-go: $*" >&2; exit 1; }

# "pkg what" lines, comments dropped; "." is the module's root package.
entries=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list" | awk -v m="$module" '{ p = ($1 == ".") ? m : m "/" $1; print p, $2, NF }')
bad=$(awk '$3 != 2' <<<"$entries")
[ -z "$bad" ] || fail "$list: want \"package all|none|TestName\" lines, got: $bad"
noreason=$(sed -e '/^[[:space:]]*#/d' "$list" | awk '$2 == "none" && $0 !~ /#[[:space:]]*[^[:space:]]/')
[ -z "$noreason" ] || fail "$list: a package marked none needs its reason after #: $noreason"
entries=$(awk '{print $1, $2}' <<<"$entries")
all_pkgs=$(awk '$2 == "all" {print $1}' <<<"$entries" | sort -u)
named=$(awk '$2 != "all" && $2 != "none"' <<<"$entries" | sort -u)
named_pkgs=$(awk '{print $1}' <<<"$named" | sort -u)
both=$(comm -12 <(echo "$all_pkgs") <(echo "$named_pkgs") | sed '/^$/d')
[ -z "$both" ] || fail "$list: a package both \"all\" and named tests: $both"
alt() { paste -sd'|' -; }
run_re="^($(awk '{print $2}' <<<"$named" | sort -u | alt))\$"

# Every package, the slowest first: go test starts test binaries (-p) in the
# order given, so the long ones do not end up running alone at the end.
slow="$module/sync/sim $module/sync/engine $module/app $module/sync/faults $module/db $module/sync/registry"
pkgs=$(go list ./...)
ordered() { (for p in $slow; do grep -Fx "$p" <<<"$1" || true; done; echo "$1") | sed '/^$/d' | awk '!seen[$0]++' | tr '\n' ' '; }

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

# Packages whose own code (for this GOOS, with -race or without) looks concurrent.
concurrent_pkgs() {
  for flags in "" -race; do
    # shellcheck disable=SC2086
    go list $flags -f '{{$d := .Dir}}{{$p := .ImportPath}}{{range .GoFiles}}{{$p}} {{$d}}/{{.}}
{{end}}' ./... | while read -r pkg file; do
      [ -n "$pkg" ] || continue
      if sed -e 's|//.*||' "$file" | grep -qE "$concurrent_code"; then echo "$pkg"; fi
    done
  done | sort -u
}

check() {
  local race_all plain_all all race covered missing stale clash unknown withtests conc unlisted names
  race_all=$(tests -race ./...)
  plain_all=$(tests "" ./...)
  all=$(printf '%s\n%s\n' "$race_all" "$plain_all" | sed '/^$/d' | sort -u)
  # Under -race: the "all" packages' tests, and the named ones where named.
  race=$(awk -v ap="$(echo $all_pkgs)" -v np="$(echo $named_pkgs)" -v re="$run_re" '
    BEGIN { n = split(ap, a, " "); for (i = 1; i <= n; i++) whole[a[i]] = 1
            n = split(np, b, " "); for (i = 1; i <= n; i++) some[b[i]] = 1 }
    ($1 in whole) || (($1 in some) && $2 ~ re)' <<<"$race_all")
  covered=$(printf '%s\n%s\n' "$plain_all" "$race" | sed '/^$/d' | sort -u)
  missing=$(comm -23 <(echo "$all") <(echo "$covered"))
  stale=$(comm -23 <(echo "$named") <(echo "$race_all"))
  clash=$(awk -v np="$(echo $named_pkgs)" -v re="$run_re" '
    BEGIN { n = split(np, b, " "); for (i = 1; i <= n; i++) some[b[i]] = 1 }
    ($1 in some) && $2 ~ re' <<<"$race_all" | comm -23 - <(echo "$named"))
  unknown=$(awk '{print $1}' <<<"$entries" | sort -u | comm -23 - <(echo "$pkgs" | sort))
  withtests=$(awk '{print $1}' <<<"$all" | sort -u)
  conc=$(concurrent_pkgs | comm -12 - <(echo "$withtests"))
  unlisted=$(comm -23 <(echo "$conc") <(awk '{print $1}' <<<"$entries" | sort -u) | sed '/^$/d')
  names=$(awk -v re="$concurrent_names" '$2 ~ re' <<<"$all" | comm -23 - <(echo "$race" | sort -u))
  local ok=1
  if [ -n "$missing" ]; then echo "test-go: these tests run in no invocation:" >&2; echo "$missing" >&2; ok=0; fi
  if [ -n "$stale" ]; then echo "test-go: $list names tests that do not exist:" >&2; echo "$stale" >&2; ok=0; fi
  if [ -n "$clash" ]; then echo "test-go: listed names also name these tests of listed packages (-run would take them too; rename one):" >&2; echo "$clash" >&2; ok=0; fi
  if [ -n "$unknown" ]; then echo "test-go: $list names packages that do not exist:" >&2; echo "$unknown" >&2; ok=0; fi
  if [ -n "$unlisted" ]; then echo "test-go: these packages' code starts goroutines or shares state, but $list does not say what of them runs under -race (all, tests, or none # why):" >&2; echo "$unlisted" >&2; ok=0; fi
  if [ -n "$names" ]; then echo "test-go: these tests are named for concurrency but do not run under -race (add them to $list):" >&2; echo "$names" >&2; ok=0; fi
  [ "$ok" = 1 ] || exit 1
  echo "test-go: $(wc -l <<<"$all") tests, all run without -race; $(wc -l <<<"$race") of them under -race too ($(wc -w <<<"$all_pkgs") whole packages, $(wc -l <<<"$named") named tests); concurrent packages listed"
}

case "$mode" in
check) check ;;
run)
  check
  # The run without -race in the background, the race runs beside it: the
  # simulation's seeds fill both cores, the rest often waits on the network,
  # a timer or a child process.
  # shellcheck disable=SC2046
  go test -count=1 -p 2 -timeout 45m $(ordered "$pkgs") &
  plain=$!
  rc=0
  # The race runs' lines are marked, as both runs write at once.
  # shellcheck disable=SC2046
  go test -race -count=1 -p 2 -timeout 45m -run "$run_re" $(ordered "$named_pkgs") 2>&1 | sed -u 's/^/race: /' || rc=1
  # shellcheck disable=SC2086
  go test -race -count=1 -p 2 -timeout 45m $all_pkgs 2>&1 | sed -u 's/^/race: /' || rc=1
  wait "$plain" || rc=1
  exit "$rc"
  ;;
*) echo "usage: $0 run|check" >&2; exit 2 ;;
esac
