#!/usr/bin/env bash
# End-to-end tests: the real frontend against the real Go backend (the
# dev-tagged binary) in headless Chromium. Runs itself under Xvfb because
# the app's GTK window needs a display; each test file starts and kills its
# own app processes, so nothing outlives this script.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Room for 512 X clients (Xvfb's default is 256): a clean-clone run once
# met "failed to init GTK" late in the run. A spec holds only a few
# connections at a time (3 to 6 seen), so the cause is not known to be the
# limit; harness.ts also starts such an app once more.
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1366x900x24 -maxclients 512" "$0" "$@"
fi
export OKIENKO_BIN="$PWD/build/bin/okienko-dev"
export OKIENKO_REGISTRY_BIN="$PWD/build/bin/registry"
export OKIENKO_ASSETS="$PWD/frontend/dist"
export OKIENKO_ARTIFACTS="$PWD/build/out/e2e"
mkdir -p "$OKIENKO_ARTIFACTS"
cd frontend
npm run e2e -- "$@"
