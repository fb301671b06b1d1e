#!/usr/bin/env bash
# Installs what `make run` and `make test` need on Debian/Ubuntu, and only
# what is missing: apt packages, Go (if absent), pinned Go tools, npm packages.
set -euo pipefail
cd "$(dirname "$0")/../.."

GO_MIN=1.26
GO_DL=1.26.8
WAILS_VERSION=v2.16.0
SQLC_VERSION=v1.31.1

say() { printf '\033[1;34m[deps]\033[0m %s\n' "$*"; }

sudo_cmd() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "deps: need root to run: $*" >&2; exit 1; fi
}

# --- apt packages -----------------------------------------------------------
pkgs=(build-essential pkg-config libgtk-3-dev xvfb xauth imagemagick xdotool poppler-utils ca-certificates openssl curl git)
# Windows (make windows, make test-windows): the NSIS installer, Authenticode
# signing, Wine to run the Windows builds (64-bit only, no i386), and the
# assembler that makes Wine 8 the one DLL Go's Windows runtime needs
# (build/wine). Without recommends: about 30 s and 700 MB.
winpkgs=(nsis osslsigncode wine wine64 binutils-mingw-w64-x86-64)
# Printing (issue 16): CUPS's lp/lpstat, and the cups-pdf printer that build/scripts/cups-pdf.sh sets up for tests.
pkgs+=(cups cups-client cups-bsd printer-driver-cups-pdf)
# Debian 12 ships WebKitGTK 4.0; Ubuntu 24.04 only 4.1 (the Makefile then builds with -tags webkit2_41).
if apt-cache show libwebkit2gtk-4.0-dev >/dev/null 2>&1; then pkgs+=(libwebkit2gtk-4.0-dev); else pkgs+=(libwebkit2gtk-4.1-dev); fi
# Browser tests use Debian's Chromium (Ubuntu's chromium is a snap: install it yourself there).
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then pkgs+=(chromium); fi
if ! command -v node >/dev/null; then pkgs+=(nodejs npm); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt: installing ${missing[*]}"
  sudo_cmd apt-get update -qq
  sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
winmissing=()
for p in "${winpkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || winmissing+=("$p")
done
if [ ${#winmissing[@]} -gt 0 ]; then
  say "apt: installing ${winmissing[*]}"
  sudo_cmd apt-get update -qq
  sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${winmissing[@]}" >/dev/null
fi

# --- Go ---------------------------------------------------------------------
need_go() {
  command -v go >/dev/null || return 0
  v=$(go env GOVERSION | sed 's/^go//')
  [ "$(printf '%s\n%s\n' "$GO_MIN" "$v" | sort -V | head -1)" != "$GO_MIN" ]
}
if need_go; then
  say "go: installing go$GO_DL into \$HOME/.local/go"
  mkdir -p "$HOME/.local"
  curl -fsSL "https://go.dev/dl/go$GO_DL.linux-amd64.tar.gz" | tar -C "$HOME/.local" -xz
  echo "deps: add \$HOME/.local/go/bin to PATH (the Makefile does this for its own commands)"
fi
GOBIN=$(go env GOPATH)/bin

install_tool() { # name version module
  if ! "$GOBIN/$1" version 2>/dev/null | grep -q "${2#v}"; then
    say "go: installing $1 $2"
    go install "$3@$2"
  fi
}
install_tool wails "$WAILS_VERSION" github.com/wailsapp/wails/v2/cmd/wails
install_tool sqlc "$SQLC_VERSION" github.com/sqlc-dev/sqlc/cmd/sqlc

# --- npm --------------------------------------------------------------------
if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  say "npm: installing frontend packages"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
fi
