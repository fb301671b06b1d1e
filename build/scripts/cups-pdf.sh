#!/usr/bin/env bash
# Sets up a real CUPS printer that prints into PDF files (cups-pdf), so
# printing is tested end to end: the printed file appears. Starts cupsd when
# it is not running, adds the queue Okienko_PDF, and prints the value for
# OKIENKO_TEST_CUPS (PRINTER:OUTDIR) that app/printer's TestRealCUPSPDFPrinter reads:
#   export OKIENKO_TEST_CUPS=$(build/scripts/cups-pdf.sh)
set -euo pipefail
sudo_cmd() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
command -v lpadmin >/dev/null || { echo "cups-pdf: install cups and printer-driver-cups-pdf (build/scripts/deps.sh)" >&2; exit 1; }
if ! lpstat -r >/dev/null 2>&1 || lpstat -r 2>&1 | grep -q "not running"; then
  sudo_cmd /usr/sbin/cupsd
  for _ in $(seq 1 20); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.3; done
fi
if ! lpstat -e 2>/dev/null | grep -qx Okienko_PDF; then
  sudo_cmd lpadmin -p Okienko_PDF -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd -E 2>/dev/null
fi
# cups-pdf writes each job to ${HOME}/PDF of the user who printed it.
out=$(grep -E '^Out ' /etc/cups/cups-pdf.conf | awk '{print $2}')
out=${out//\$\{HOME\}/$HOME}
echo "Okienko_PDF:$out"
