#!/usr/bin/env bash
# The Windows binaries under Wine (issue 16, part 3): okienko.exe's headless
# self-check on a Windows path, twice (a new data directory, then the same
# one opened again), and registry.exe serving /healthz and taking a push from
# a Linux device over loopback, then refusing a second start on its port in
# words. Needs build/bin/okienko.exe and registry.exe (make windows) and
# Debian's wine (build/scripts/deps.sh installs it). Prints the times.
# First the signed installer: silent (/S), a malformed /REGISTRY= refused,
# the self-check run from the install folder, then the uninstaller keeping
# the data unless /PURGE.
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
# Wine 8 makes its prefix as Windows 7: the installer (Wails' check) then
# exits with code 64, "Windows 10 or later only". Windows 10 here, as the
# office's PCs.
wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
# WebView2 as an updated Windows 10 has it (its EdgeUpdate version key):
# the installer's check then skips the bootstrapper, which needs the
# internet (and under Wine could not show a window anyway).
wine reg add 'HKLM\SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' \
  /v pv /d 120.0.2210.91 /f >/dev/null 2>&1
# Go 1.24+ Windows programs load bcryptprimitives.dll (ProcessPrng) at start;
# Wine 8 (Debian 12) has none, Windows 10 and 11 do: a shim for Wine only.
if ! ls /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/bcryptprimitives.dll >/dev/null 2>&1 &&
  [ ! -f "$drive_c/windows/system32/bcryptprimitives.dll" ]; then
  build/wine/build.sh "$drive_c/windows/system32/bcryptprimitives.dll"
fi

# --- the installer, silent ------------------------------------------------------
installer="$bin/okienko-amd64-installer.exe"
[ -f "$installer" ] || { echo "wine-check: $installer missing: run make windows" >&2; exit 1; }
instdir="$drive_c/Program Files/Okienko/Okienko"
exe='C:\Program Files\Okienko\Okienko\okienko.exe'
uninst='C:\Program Files\Okienko\Okienko\uninstall.exe'
appdata=$(winepath -u "$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')")
regurl=https://rejestr.gmina.local:8470
# An NSIS uninstaller copies itself to %TEMP% and returns at once: wait for
# every Wine process (wineserver -w) before looking at what it left.
settle() { timeout 60 wineserver -w || true; }
if [ -f "$instdir/uninstall.exe" ]; then wine "$uninst" /S /PURGE >/dev/null 2>&1 || true; settle; fi
wine reg delete 'HKLM\Software\Okienko' /f >/dev/null 2>&1 || true
rc=0; timeout 60 wine "$installer" /S /REGISTRY=ftp://rejestr >"$out/wine-install-bad.log" 2>&1 || rc=$?
[ "$rc" = 2 ] && [ ! -e "$instdir/okienko.exe" ] ||
  { echo "wine-check: a malformed /REGISTRY= gave exit code $rc (want 2, nothing installed)" >&2; exit 1; }
echo "wine-check: installer /S /REGISTRY=ftp://rejestr: refused with exit code 2, nothing installed"
t=$(now)
rc=0; timeout 120 wine "$installer" /S "/REGISTRY=$regurl" >"$out/wine-install.log" 2>&1 || rc=$?
settle
[ "$rc" = 0 ] || { echo "wine-check: the silent install exited with code $rc" >&2; cat "$out/wine-install.log" >&2; exit 1; }
for f in okienko.exe uninstall.exe; do
  [ -f "$instdir/$f" ] || { echo "wine-check: the install has no $f in $instdir" >&2; exit 1; }
done
cmp -s "$instdir/okienko.exe" "$bin/okienko.exe" || { echo "wine-check: the installed okienko.exe is not the one built" >&2; exit 1; }
echo "wine-check: installer /S /REGISTRY=$regurl: installed into C:\Program Files\Okienko\Okienko in $(secs "$t" "$(now)") s ($(($(stat -c %s "$installer") / 1024 / 1024)) MB installer)"

# --- okienko.exe --self-check, from the install folder ---------------------------
rm -rf "$drive_c/okienko-self-check"
for run in new again; do
  t=$(now)
  if ! timeout 120 wine "$exe" --self-check --data 'C:\okienko-self-check' >"$out/wine-selfcheck-$run.log" 2>&1; then
    echo "wine-check: okienko.exe --self-check ($run data directory) failed:" >&2; cat "$out/wine-selfcheck-$run.log" >&2; exit 1
  fi
  grep -q "self-check: OK" "$out/wine-selfcheck-$run.log" || { echo "wine-check: no OK line" >&2; cat "$out/wine-selfcheck-$run.log" >&2; exit 1; }
  el=$(secs "$t" "$(now)")
  echo "wine-check: okienko.exe --self-check on C:\\okienko-self-check ($run): OK in $el s (budget 30 s)"
  awk -v e="$el" 'BEGIN { exit !(e <= 30) }' || echo "wine-check: WARNING: over the 30 s budget (a loaded machine?)"
done
[ -f "$drive_c/okienko-self-check/okienko.db" ] || { echo "wine-check: no database at the Windows path" >&2; exit 1; }
# The app reads what the installer wrote (HKLM, the 64-bit view).
grep -q "registry address from the installer: $regurl" "$out/wine-selfcheck-again.log" ||
  { echo "wine-check: the app does not see the installer's registry address" >&2; cat "$out/wine-selfcheck-again.log" >&2; exit 1; }
echo "wine-check: okienko.exe reads the installer's registry address $regurl"

# --- the uninstaller: the data stays unless /PURGE -------------------------------
mkdir -p "$appdata/Okienko"
echo "a clerk's data" >"$appdata/Okienko/wine-check-marker"
wine "$uninst" /S >"$out/wine-uninstall.log" 2>&1 || { echo "wine-check: the uninstaller failed" >&2; exit 1; }
settle
[ ! -e "$instdir/okienko.exe" ] || { echo "wine-check: okienko.exe left after the uninstall" >&2; exit 1; }
[ -f "$appdata/Okienko/wine-check-marker" ] || { echo "wine-check: the uninstall removed the data" >&2; exit 1; }
echo "wine-check: uninstall /S: the program removed, %APPDATA%\Okienko kept"
timeout 120 wine "$installer" /S >>"$out/wine-install.log" 2>&1 || { echo "wine-check: the second install failed" >&2; exit 1; }
settle
wine "$uninst" /S /PURGE >>"$out/wine-uninstall.log" 2>&1 || { echo "wine-check: the uninstaller /PURGE failed" >&2; exit 1; }
settle
[ ! -e "$appdata/Okienko" ] && [ ! -e "$instdir/okienko.exe" ] ||
  { echo "wine-check: uninstall /S /PURGE left the data or the program" >&2; exit 1; }
echo "wine-check: install again, uninstall /S /PURGE: the program and %APPDATA%\Okienko removed"

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
# --- registry.exe as a service, under Wine's service manager ---------------------
# Wine's services.exe lives as long as its wineserver, which ends when the
# last program (not service) has: here the registry.exe serve above, still
# running, keeps it (and so the service) alive until the check's end.
rm -rf "$drive_c/okienko-registry-svc"
reg admin --data 'C:\okienko-registry-svc' office create --demo >>"$out/wine-registry.log" 2>&1 ||
  { echo "wine-check: registry.exe admin (service store) failed" >&2; cat "$out/wine-registry.log" >&2; exit 1; }
# The service's %ProgramData%\Okienko\logs: Wine gives its services
# C:\users\Public as %ProgramData% (programs get C:\ProgramData).
rm -f "$drive_c/ProgramData/Okienko/logs/registry.log" "$drive_c/users/Public/Okienko/logs/registry.log"
sport=$(( port + 1 ))
kill -0 "$pid" 2>/dev/null || { echo "wine-check: registry.exe serve ended early" >&2; exit 1; }
reg service uninstall >/dev/null 2>&1 || true # a run stopped halfway
t=$(now)
reg service install --data 'C:\okienko-registry-svc' --addr "127.0.0.1:$sport" --snapshots none >"$out/wine-service.log" 2>&1 ||
  { echo "wine-check: registry.exe service install failed" >&2; cat "$out/wine-service.log" >&2; exit 1; }
reg service start >>"$out/wine-service.log" 2>&1 || { echo "wine-check: registry.exe service start failed" >&2; cat "$out/wine-service.log" >&2; exit 1; }
for _ in $(seq 1 40); do curl -fsS "http://127.0.0.1:$sport/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
curl -fsS "http://127.0.0.1:$sport/healthz" >/dev/null || { echo "wine-check: the service does not answer /healthz" >&2; cat "$out/wine-service.log" >&2; exit 1; }
svclog=$(find "$drive_c/ProgramData" "$drive_c/users/Public" -path '*/Okienko/logs/registry.log' 2>/dev/null | head -1)
[ -n "$svclog" ] && grep -q '"registry listening"' "$svclog" || { echo "wine-check: no service log in %ProgramData%\Okienko\logs" >&2; exit 1; }
echo "wine-check: registry.exe service install + start: /healthz on 127.0.0.1:$sport after $(secs "$t" "$(now)") s, its log in %ProgramData%\Okienko\logs"
reg service stop >>"$out/wine-service.log" 2>&1 || { echo "wine-check: registry.exe service stop failed" >&2; cat "$out/wine-service.log" >&2; exit 1; }
! curl -fsS "http://127.0.0.1:$sport/healthz" >/dev/null 2>&1 || { echo "wine-check: the service still answers after stop" >&2; exit 1; }
grep -q '"registry stopped","err":null' "$svclog" || { echo "wine-check: the service did not stop cleanly" >&2; tail -3 "$svclog" >&2; exit 1; }
reg service uninstall >>"$out/wine-service.log" 2>&1 || { echo "wine-check: registry.exe service uninstall failed" >&2; cat "$out/wine-service.log" >&2; exit 1; }
[ -f "$drive_c/okienko-registry-svc/registry.db" ] ||
  { echo "wine-check: the service's data went with the uninstall" >&2; exit 1; }
echo "wine-check: registry.exe service stop (the store closed cleanly) and uninstall (the data kept)"
echo "wine-check: all passed"
