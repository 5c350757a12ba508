#!/usr/bin/env bash
# Sets up the locked environment (first run only) and builds the book with Snakemake.
# Usage: bash build.sh [snakemake arguments, e.g. a target file or --forcerun RULE]
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python3.11}
venv=.venv
# (Re)install only when the lock or pyproject.toml (dependencies, entry points such as the warm-kernel
# provisioner) changed since the last set-up. Later builds need no network; after a pyproject.toml
# change with an unchanged lock, pip finds every pin already installed and only re-registers the package.
pip_install() {
  # Drop the machine-wide pip config's notes about absent local mirrors; keep real errors.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}
if [ ! -x "$venv/bin/python" ] || ! cmp -s requirements.lock "$venv/.requirements.lock" \
    || ! cmp -s pyproject.toml "$venv/.pyproject.toml"; then
  echo "Memasang lingkungan Python terkunci di $venv ..."
  "$python" -m venv "$venv"
  pip_install -r requirements.lock
  pip_install --no-deps --no-build-isolation -e .
  cp requirements.lock "$venv/.requirements.lock"
  cp pyproject.toml "$venv/.pyproject.toml"
fi

export PATH="$PWD/$venv/bin:$PATH"
# Cores and the recovery from a killed build (rerun-incomplete) come from workflow/profiles/default.
# `kompendium build` first releases the lock a killed build left (and refuses while one runs).
kompendium build ${CORES:+--cores "$CORES"} "$@"
echo "Buku: $PWD/book/_build/html/index.html"
