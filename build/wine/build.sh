#!/usr/bin/env bash
# Builds bcryptprimitives.dll (see processprng.s) into $1 with
# Debian's binutils-mingw-w64-x86-64: no C compiler needed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
x86_64-w64-mingw32-dlltool -d "$here/advapi32.def" -l "$tmp/libadvapi32.a"
x86_64-w64-mingw32-as -o "$tmp/processprng.o" "$here/processprng.s"
x86_64-w64-mingw32-ld --dll -e 0 --no-seh -o "$out" "$here/bcryptprimitives.def" "$tmp/processprng.o" "$tmp/libadvapi32.a" 2>/dev/null ||
  x86_64-w64-mingw32-ld --dll -e 0 -o "$out" "$here/bcryptprimitives.def" "$tmp/processprng.o" "$tmp/libadvapi32.a"
