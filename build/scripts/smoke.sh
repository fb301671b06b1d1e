#!/usr/bin/env bash
# Smoke test of the production window: start the real binary under Xvfb on
# a fresh data directory, sign in with the keyboard, and save screenshots
# (build/out/smoke-*.png). Fails if the window never appears or the
# screenshots are blank.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1366x900x24" "$0" "$@"
fi
out=build/out
mkdir -p "$out"
data=$(mktemp -d)
./build/bin/okienko --data "$data" --no-open >"$out/smoke.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

win=""
for _ in $(seq 1 60); do
  win=$(xdotool search --onlyvisible --name '^Okienko$' 2>/dev/null | head -1 || true)
  [ -n "$win" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "smoke: app exited"; cat "$out/smoke.log"; exit 1; }
  sleep 0.5
done
[ -n "$win" ] || { echo "smoke: no window titled Okienko"; cat "$out/smoke.log"; exit 1; }
sleep 3 # first paint of the web view

shot() { import -window "$win" "$out/smoke-$1.png"; }
colours() { convert "$out/smoke-$1.png" -format '%k' info:; }

shot signin
# No window manager runs under Xvfb, so the web view gets keyboard focus
# only from a click: click the empty background, then use the keyboard
# alone. Tab reaches the first name, Enter goes on to the password.
eval "$(xdotool getwindowgeometry --shell "$win")"
xdotool mousemove $((X + 20)) $((Y + 20)) click 1
sleep 0.3
xdotool key Tab
sleep 0.3
xdotool key Return
sleep 0.5
xdotool type --delay 40 okienko
xdotool key Return
sleep 3
shot today
# The app opens on "Dziś"; the catalogue is Alt+4 (its search has the focus).
xdotool key alt+4
sleep 1
xdotool type --delay 60 zaswiadczenie
sleep 1
xdotool key Return
sleep 2
shot catalog
grep -q "signed in" "$out/smoke.log" || { echo "smoke: the keyboard sign-in did not reach the app"; cat "$out/smoke.log"; exit 1; }

for s in signin today catalog; do
  n=$(colours "$s")
  if [ "$n" -lt 200 ]; then echo "smoke: screenshot $s looks blank ($n colours)"; exit 1; fi
done
grep -q "okienko starting" "$out/smoke.log" || { echo "smoke: no start line in log"; exit 1; }
if grep -Pq '(?<![0-9A-Za-z-])[0-9]{11}(?![0-9A-Za-z-])' "$out/smoke.log"; then echo "smoke: an 11-digit number (PESEL?) in the log"; exit 1; fi
echo "smoke: window OK, screenshots in $out/smoke-signin.png, $out/smoke-today.png and $out/smoke-catalog.png"
