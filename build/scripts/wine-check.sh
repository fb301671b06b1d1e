#!/usr/bin/env bash
# The Windows binaries under Wine (issue 16, part 3): okienko.exe's headless
# self-check on a Windows path, twice (a new data directory, then the same
# one opened again), and registry.exe serving /healthz and taking a push from
# a Linux device over loopback, then refusing a second start on its port in
# words. Needs build/bin/okienko.exe and registry.exe (make windows) and
# Debian's wine (build/scripts/deps.sh installs it). Prints the times.
set -euo pipefail
cd "$(dirname "$0")/../.."
export WINEPREFIX="${OKIENKO_WINEPREFIX:-/tmp/okienko-wine-$(id -u)}"
export WINEDEBUG=-all
# No Mono or Gecko prompts: neither is needed, and there is no network.
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY # headless: nothing here opens a window
bin=build/bin
out=build/out
mkdir -p "$out"
command -v wine >/dev/null || { echo "wine-check: wine is not installed (build/scripts/deps.sh installs it)" >&2; exit 1; }
for f in "$bin/okienko.exe" "$bin/registry.exe"; do
  [ -f "$f" ] || { echo "wine-check: $f missing: run make windows" >&2; exit 1; }
done
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Wine's first run builds its prefix (some 10 s here, longer on a busy
# machine); a later run reuses it.
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  t=$(now)
  timeout 180 wineboot -i >"$out/wineboot.log" 2>&1 || { echo "wine-check: wineboot failed or took over 180 s" >&2; cat "$out/wineboot.log" >&2; exit 1; }
  echo "wine-check: prefix made in $(secs "$t" "$(now)") s ($WINEPREFIX)"
fi
drive_c="$WINEPREFIX/drive_c"
# Go 1.24+ Windows programs load bcryptprimitives.dll (ProcessPrng) at start;
# Wine 8 (Debian 12) has none, Windows 10 and 11 do: a shim for Wine only.
if ! ls /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/bcryptprimitives.dll >/dev/null 2>&1 &&
  [ ! -f "$drive_c/windows/system32/bcryptprimitives.dll" ]; then
  build/wine/build.sh "$drive_c/windows/system32/bcryptprimitives.dll"
fi

# --- okienko.exe --self-check ------------------------------------------------
rm -rf "$drive_c/okienko-self-check"
for run in new again; do
  t=$(now)
  if ! timeout 60 wine "$bin/okienko.exe" --self-check --data 'C:\okienko-self-check' >"$out/wine-selfcheck-$run.log" 2>&1; then
    echo "wine-check: okienko.exe --self-check ($run data directory) failed:" >&2; cat "$out/wine-selfcheck-$run.log" >&2; exit 1
  fi
  grep -q "self-check: OK" "$out/wine-selfcheck-$run.log" || { echo "wine-check: no OK line" >&2; cat "$out/wine-selfcheck-$run.log" >&2; exit 1; }
  el=$(secs "$t" "$(now)")
  echo "wine-check: okienko.exe --self-check on C:\\okienko-self-check ($run): OK in $el s (budget 30 s)"
  awk -v e="$el" 'BEGIN { exit !(e <= 30) }' || echo "wine-check: WARNING: over the 30 s budget (a loaded machine?)"
done
[ -f "$drive_c/okienko-self-check/okienko.db" ] || { echo "wine-check: no database at the Windows path" >&2; exit 1; }

# --- registry.exe ------------------------------------------------------------
rm -rf "$drive_c/okienko-registry"
reg() { timeout 60 wine "$bin/registry.exe" "$@"; }
office=$(reg admin --data 'C:\okienko-registry' office create --demo 2>>"$out/wine-registry.log" | awk '$1=="office"{print $2}' | tr -d '\r')
[ -n "$office" ] || { echo "wine-check: registry.exe admin office create failed" >&2; cat "$out/wine-registry.log" >&2; exit 1; }
code=$(reg admin --data 'C:\okienko-registry' device enroll --office "$office" --name linux --people jnowak 2>>"$out/wine-registry.log" |
  awk '$1=="enrolment" && $2=="code"{print $3}' | tr -d '\r')
[ -n "$code" ] || { echo "wine-check: no enrolment code" >&2; cat "$out/wine-registry.log" >&2; exit 1; }
port=$(( 20000 + RANDOM % 20000 ))
t=$(now)
wine "$bin/registry.exe" serve --data 'C:\okienko-registry' --addr "127.0.0.1:$port" --snapshots none >"$out/wine-registry-serve.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "wine-check: registry.exe exited" >&2; cat "$out/wine-registry-serve.log" >&2; exit 1; }
  sleep 0.25
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "wine-check: no /healthz" >&2; exit 1; }
echo "wine-check: registry.exe serves /healthz on 127.0.0.1:$port after $(secs "$t" "$(now)") s"

OKIENKO_WINE_REGISTRY="http://127.0.0.1:$port" OKIENKO_WINE_CODE="$code" \
  go test -count=1 -v -run '^TestPushToWindowsRegistry$' ./tests/wine/ >"$out/wine-push.log" 2>&1 ||
  { echo "wine-check: the Linux device's push failed" >&2; cat "$out/wine-push.log" >&2; exit 1; }
grep -q -- "--- PASS: TestPushToWindowsRegistry" "$out/wine-push.log" || { echo "wine-check: the push test did not run" >&2; cat "$out/wine-push.log" >&2; exit 1; }
echo "wine-check: $(grep -o 'pushed [0-9]* changes[^"]*' "$out/wine-push.log" | head -1)"

# A second registry on the same port: refused at once, in words.
if timeout 60 wine "$bin/registry.exe" serve --data 'C:\okienko-registry-2' --addr "127.0.0.1:$port" --snapshots none >"$out/wine-port.log" 2>&1; then
  echo "wine-check: a second registry.exe started on a taken port" >&2; exit 1
fi
grep -q "jest zajęty" "$out/wine-port.log" || { echo "wine-check: the taken port was not told in words:" >&2; cat "$out/wine-port.log" >&2; exit 1; }
echo "wine-check: a second registry.exe on the same port is refused: $(grep -o 'adres [^;]*' "$out/wine-port.log" | head -1)"
echo "wine-check: all passed"
