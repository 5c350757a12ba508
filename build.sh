#!/usr/bin/env bash
# Sets up the locked environment (first run only) and builds the book with Snakemake.
# Usage: bash build.sh [snakemake arguments, e.g. a target file or --forcerun RULE]
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python3.11}
venv=.venv
# (Re)install only when the lock changed since the last set-up: later builds need no network.
if [ ! -x "$venv/bin/python" ] || ! cmp -s requirements.lock "$venv/.requirements.lock"; then
  echo "Memasang lingkungan Python terkunci di $venv ..."
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  cp requirements.lock "$venv/.requirements.lock"
fi

export PATH="$PWD/$venv/bin:$PATH"
snakemake --cores "${CORES:-2}" "$@"
echo "Buku: $PWD/book/_build/html/index.html"
