#!/usr/bin/env bash
# Every PDF the demo makes opens cleanly in Ghostscript, poppler and pdf.js (see tools/check_pdfs.py).
# Needs Debian's ghostscript, poppler-utils and Node.js >= 20.19 with npm; installs pdf.js from tools/pdfjs's lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
for tool in gs pdffonts pdftotext node npm; do
  command -v "$tool" >/dev/null || { echo "check_pdfs: $tool is missing (apt-get install ghostscript poppler-utils nodejs npm)" >&2; exit 1; }
done
if [ ! -d tools/pdfjs/node_modules/pdfjs-dist ]; then
  npm ci --prefix tools/pdfjs --no-audit --no-fund --loglevel=error
fi
exec "$PYTHON" tools/check_pdfs.py "$@"
