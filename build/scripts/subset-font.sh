#!/usr/bin/env bash
# Regenerates app/pdf/fonts/ from Debian's fonts-dejavu-core (2.37-6):
# DejaVu Sans Condensed cut to the scripts printouts use (Latin with its
# extensions, Greek, Cyrillic, punctuation, currency, letterlike symbols,
# arrows, mathematical operators). A smaller font is parsed and subset by
# fpdf in a fraction of the time: the receipt stays under 50 ms.
# Needs python3-fonttools (Debian). The app's CanPrint reads the result.
set -euo pipefail
src=/usr/share/fonts/truetype/dejavu
dst=$(dirname "$0")/../../app/pdf/fonts
ranges="U+0020-007E,U+00A0-024F,U+0259,U+02B9-02DD,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25CF,U+FFFD"
for f in DejaVuSansCondensed DejaVuSansCondensed-Bold; do
  /usr/bin/python3 -m fontTools.subset "$src/$f.ttf" --unicodes="$ranges" --no-hinting \
    --layout-features='' --name-IDs='*' --output-file="$dst/$f.ttf"
done
{
  echo "DejaVu Sans Condensed 2.37 (Debian fonts-dejavu-core 2.37-6), cut by build/scripts/subset-font.sh to: $ranges."
  echo "Licence: fonts/LICENSE (Bitstream Vera; DejaVu changes public domain). The names carry neither \"Bitstream\" nor \"Vera\", as the licence asks of modified fonts."
  echo "sha256:"
  (cd "$dst" && sha256sum ./*.ttf)
} > "$dst/README"
