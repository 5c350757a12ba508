#!/usr/bin/env bash
# Publishes the built book (book/_build/html, from `bash build.sh`) to the `gh-pages` branch of a git
# remote with ghp-import, as Jupyter Book documents; GitHub Pages then serves that branch.
# Usage: bash tools/publish.sh [REMOTE]      (default remote: origin)
# The paper's PDF, when built, is published beside the pages as makalah.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."

remote=${1:-origin}
html=book/_build/html
pdf=book/_build/makalah/makalah.pdf
if [ ! -f "$html/index.html" ]; then
  echo "Buku belum dibangun ($html/index.html tidak ada): jalankan dulu 'bash build.sh'." >&2
  exit 1
fi
if [ -f "$pdf" ]; then
  cp "$pdf" "$html/makalah.pdf"
fi
commit=$(git rev-parse --short=10 HEAD)
# -n: add .nojekyll (Sphinx's _static folders start with "_"); -f: replace the branch's history
# with this one build; -p: push it.
ghp-import -n -f -p -r "$remote" -b gh-pages -m "Buku dari commit $commit" "$html"
echo "Diterbitkan ke cabang gh-pages di remote '$remote'."
