#!/usr/bin/env bash
# `make windows`: cross-builds the Windows app and registry on Linux, signs
# them, and packs the app into its NSIS installer (signed too, with its
# uninstaller). Outputs build/bin/okienko.exe, registry.exe and
# okienko-amd64-installer.exe. Signing: build/scripts/sign-windows.sh (a
# throwaway test certificate unless OKIENKO_SIGN_PFX names the office's).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.local/go/bin:$(go env GOPATH)/bin:$PATH"
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
bin=build/bin
mkdir -p "$bin"
t0=$(date +%s)
# The app: Wails adds the icon and the manifest (DPI awareness, common
# controls); the frontend is already built (make frontend). WebView2:
# "error" = a PC without the runtime gets Wails' message instead of a
# download it cannot make offline; the installer brings the runtime (below).
wails build -platform windows/amd64 -s -skipbindings -m -trimpath -webview2 error -tags production \
  -ldflags "-w -s -X main.version=$VERSION" -o okienko.exe >build/out-wails-windows.log 2>&1 ||
  { cat build/out-wails-windows.log >&2; exit 1; }
rm -f build/out-wails-windows.log
# The registry: pure Go.
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -trimpath -ldflags "-w -s -X main.version=$VERSION" -o "$bin/registry.exe" ./sync/cmd/registry
build/scripts/sign-windows.sh "$bin/okienko.exe"
build/scripts/sign-windows.sh "$bin/registry.exe"
# The installer, around the signed exe; makensis signs the uninstaller it
# writes and the installer itself through !uninstfinalize / !finalize.
mkdir -p build/windows/installer/tmp
cp "$(go env GOMODCACHE)/github.com/wailsapp/wails/v2@v2.16.0/internal/webview2runtime/MicrosoftEdgeWebview2Setup.exe" \
  build/windows/installer/tmp/
ver=$(sed -n 's/.*"productVersion": *"\([0-9.]*\)".*/\1/p' wails.json)
(cd build/windows/installer && makensis -V2 -DARG_WAILS_AMD64_BINARY="$PWD/../../bin/okienko.exe" \
  -DINFO_PRODUCTVERSION="$ver" -DSIGN_CMD="$PWD/../../scripts/sign-windows.sh" project.nsi)
build/scripts/sign-windows.sh --verify "$bin/okienko.exe" "$bin/registry.exe" "$bin/okienko-amd64-installer.exe"
size=$(stat -c %s "$bin/okienko-amd64-installer.exe")
echo "windows: $bin/okienko-amd64-installer.exe $((size / 1024 / 1024)) MB ($size bytes, budget 30 MB), $bin/registry.exe; $(($(date +%s) - t0)) s"
[ "$size" -le $((30 * 1024 * 1024)) ] || { echo "windows: the installer is over 30 MB" >&2; exit 1; }
