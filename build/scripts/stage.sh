#!/usr/bin/env bash
# Where `make test`'s time goes, printed at the end of a CI run even when a
# stage fails (CI shows only the log's tail).
#
#   build/scripts/stage.sh mark NAME   notes that the recipe NAME starts now
#   build/scripts/stage.sh report      prints each recipe's minutes and seconds
#   build/scripts/stage.sh reset       forgets the marks of an earlier run
#
# make runs one recipe at a time, so a recipe lasts from its mark to the next.
set -euo pipefail
cd "$(dirname "$0")/../.."
log=build/out/stages.log
case "${1:-}" in
mark) mkdir -p build/out && echo "$2 $(date +%s)" >>"$log" ;;
reset) rm -f "$log" ;;
report)
  [ -f "$log" ] || exit 0
  { cat "$log"; echo "end $(date +%s)"; } | awk '
    NR > 1 { d = $2 - t; total += d; printf "  %-14s %3dm%02ds\n", name, d / 60, d % 60 }
    { name = $1; t = $2 }
    END { printf "  %-14s %3dm%02ds\n", "total", total / 60, total % 60 }'
  ;;
*) echo "usage: $0 mark NAME | report | reset" >&2; exit 2 ;;
esac
