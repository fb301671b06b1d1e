#!/usr/bin/env bash
# Authenticode-signs Windows files in place with osslsigncode.
#   sign-windows.sh FILE...            sign
#   sign-windows.sh --verify FILE...   check the signature of each
# The certificate: OKIENKO_SIGN_PFX (a PKCS#12 file; its password in
# OKIENKO_SIGN_PASS), e.g. the office's code-signing certificate; without
# it, a throwaway self-signed test certificate made here with openssl
# (build/out/testcert, 30 days), which Windows shows as "unknown publisher".
# OKIENKO_SIGN_TS names a timestamp server (none by default: CI is offline).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
certdir="$here/build/out/testcert"
if [ -z "${OKIENKO_SIGN_PFX:-}" ]; then
  OKIENKO_SIGN_PFX="$certdir/test.pfx"
  OKIENKO_SIGN_PASS=test
  if [ ! -f "$OKIENKO_SIGN_PFX" ] || [ -n "$(find "$OKIENKO_SIGN_PFX" -mtime +20)" ]; then
    mkdir -p "$certdir"
    openssl req -x509 -newkey rsa:3072 -sha256 -days 30 -nodes -keyout "$certdir/test.key" -out "$certdir/test.crt" \
      -subj "/C=PL/O=Okienko TEST/CN=Okienko TEST code signing (not trusted)" \
      -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" 2>/dev/null
    openssl pkcs12 -export -out "$OKIENKO_SIGN_PFX" -inkey "$certdir/test.key" -in "$certdir/test.crt" -passout pass:test
  fi
fi
if [ "${1:-}" = "--verify" ]; then
  shift
  ca=()
  [ -f "$certdir/test.crt" ] && [ "$OKIENKO_SIGN_PFX" = "$certdir/test.pfx" ] && ca=(-CAfile "$certdir/test.crt")
  for f in "$@"; do
    osslsigncode verify "${ca[@]}" -in "$f" >"$f.verify.log" 2>&1 || { cat "$f.verify.log" >&2; echo "sign: $f: signature does not verify" >&2; exit 1; }
    rm -f "$f.verify.log"
  done
  exit 0
fi
ts=()
[ -n "${OKIENKO_SIGN_TS:-}" ] && ts=(-ts "$OKIENKO_SIGN_TS")
for f in "$@"; do
  osslsigncode sign -pkcs12 "$OKIENKO_SIGN_PFX" -pass "${OKIENKO_SIGN_PASS:-}" -h sha256 -n "Okienko" "${ts[@]}" \
    -in "$f" -out "$f.signed" >/dev/null
  mv -f "$f.signed" "$f"
done
