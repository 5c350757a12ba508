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
  if [ -d wheelhouse ]; then
    # A replication package (`kompendium package`): every wheel is here; no index, no network.
    pip_install --no-index --find-links wheelhouse --no-deps -r requirements.lock
  else
    # --no-deps: the lock is the whole environment; pip adds nothing it does not name.
    pip_install --no-deps -r requirements.lock
  fi
  pip_install --no-index --no-deps --no-build-isolation -e .
  cp requirements.lock "$venv/.requirements.lock"
  cp pyproject.toml "$venv/.pyproject.toml"
fi

export PATH="$PWD/$venv/bin:$PATH"
# Cores and the recovery from a killed build (rerun-incomplete) come from workflow/profiles/default.
# `kompendium build` first releases the lock a killed build left (and refuses while one runs).
kompendium build ${CORES:+--cores "$CORES"} "$@"
echo "Buku: $PWD/book/_build/html/index.html"

# --- The paper's PDF (workflow/rules/makalah.smk): only on a full build, and only with TeX Live. ---
tex_packages="texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex texlive-lang-other latexmk fonts-freefont-otf"
if [ $# -eq 0 ]; then
  if command -v xelatex >/dev/null 2>&1 && command -v latexmk >/dev/null 2>&1; then
    snakemake --cores "${CORES:-2}" paper_pdf
    echo "Makalah (PDF): $PWD/book/_build/makalah/makalah.pdf"
  else
    echo "PDF makalah dilewati: TeX Live tidak terpasang (buku HTML sudah dibangun). Pasang dengan:" >&2
    echo "  apt-get install -y --no-install-recommends $tex_packages" >&2
    echo "lalu jalankan lagi: bash build.sh" >&2
  fi
fi
# --- end of the paper's PDF ---
