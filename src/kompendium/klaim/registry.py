"""The claims registry (src/kompendium/data/klaim.yaml): the article's quantitative statements,
each with its id, the article's section, our summary of its wording, the values it prints, the
processed tables that check it and the checker that does."""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import yaml

from kompendium.klaim.checkers import PEMERIKSA
from kompendium.klaim.kontrak import KlaimError

#: Keys every entry has, and the one it may have.
KUNCI_WAJIB = ("id", "bagian", "judul", "klaim", "nilai_artikel", "data", "pemeriksa")
KUNCI_PILIHAN = ("aturan",)
#: A claim id: a letter and a number (T1, C4, F1).
POLA_ID = re.compile(r"^[A-Z]\d+$")


def registry_path() -> Path:
    """The registry shipped with the package."""
    return Path(str(resources.files("kompendium") / "data" / "klaim.yaml"))


def _salah(path: Path, baris: int | None, entri: Mapping, kunci: str | None, harapan: str) -> KlaimError:
    """An error naming the file, the entry's line and id, the key, what was expected and what was found."""
    tempat = ", ".join(x for x in (
        f"baris {baris}" if baris else "", f"klaim {entri.get('id', '?')}", f"kunci {kunci}" if kunci else ""
    ) if x)
    ditemukan = f"; ditemukan {entri[kunci]!r}" if kunci in entri else ""
    return KlaimError(f"{path} ({tempat}): diharapkan {harapan}{ditemukan}")


def _periksa_entri(path: Path, baris: int | None, e: object, dilihat: set[str]) -> None:
    """One entry: known keys, an unused well-formed id, the right types, a known checker."""
    if not isinstance(e, dict):
        raise _salah(path, baris, {}, None, "entri berupa pemetaan YAML (kunci: nilai)")
    kurang = [k for k in KUNCI_WAJIB if k not in e]
    if kurang:
        raise _salah(path, baris, e, ", ".join(kurang), f"kunci wajib {list(KUNCI_WAJIB)}")
    asing = sorted(set(e) - set(KUNCI_WAJIB) - set(KUNCI_PILIHAN))
    if asing:
        raise _salah(path, baris, e, ", ".join(asing), f"hanya kunci {list(KUNCI_WAJIB + KUNCI_PILIHAN)}")
    if not POLA_ID.match(str(e["id"])) or e["id"] in dilihat:
        raise _salah(path, baris, e, "id", "id unik berbentuk huruf+angka (mis. C4)")
    for kunci in ("bagian", "judul", "klaim"):
        if not isinstance(e[kunci], str) or not e[kunci].strip():
            raise _salah(path, baris, e, kunci, "teks yang tidak kosong")
    if not isinstance(e["nilai_artikel"], dict):
        raise _salah(path, baris, e, "nilai_artikel", "pemetaan nama -> angka artikel ({} bila tidak ada)")
    if not isinstance(e["data"], list) or not all(isinstance(n, str) for n in e["data"]):
        raise _salah(path, baris, e, "data", "daftar nama tabel di data/processed ([] bila tidak ada)")
    if not isinstance(e.get("aturan", {}), dict):
        raise _salah(path, baris, e, "aturan", "pemetaan pengaturan pemeriksa")
    if e["pemeriksa"] not in PEMERIKSA:
        raise _salah(path, baris, e, "pemeriksa", f"salah satu fungsi {sorted(PEMERIKSA)}")


def read_registry(path: str | Path | None = None) -> list[dict]:
    """Read and check the registry; errors name the file, the entry's line and id, and the key."""
    path = Path(path) if path else registry_path()
    teks = path.read_text(encoding="utf-8")
    try:
        entri = yaml.safe_load(teks)
        akar = yaml.compose(teks)
    except yaml.YAMLError as exc:
        raise KlaimError(f"{path}: bukan YAML yang sah ({' '.join(str(exc).split())})") from None
    if not isinstance(entri, list):
        raise KlaimError(f"{path}: diharapkan daftar klaim (list YAML)")
    baris = [n.start_mark.line + 1 for n in akar.value]
    dilihat: set[str] = set()
    for b, e in zip(baris, entri, strict=False):
        _periksa_entri(path, b, e, dilihat)
        dilihat.add(e["id"])
    return entri


def read_claims_md_ids(path: str | Path) -> list[str]:
    """The claim ids of a CLAIMS.md-style file: the first cell of each table row, e.g. `| C4 |`."""
    ids = []
    for baris in Path(path).read_text(encoding="utf-8").splitlines():
        sel = [s.strip() for s in baris.strip().strip("|").split("|")]
        if baris.lstrip().startswith("|") and sel and POLA_ID.match(sel[0]):
            ids.append(sel[0])
    return ids


def periksa_claims_md(registri: list[dict], path: str | Path) -> None:
    """Raise unless the ids of a CLAIMS.md-style file are exactly the registry's, in its order."""
    ids_md, ids_registri = read_claims_md_ids(path), [e["id"] for e in registri]
    if ids_md != ids_registri:
        tanpa_entri = [i for i in ids_md if i not in ids_registri]
        tanpa_baris = [i for i in ids_registri if i not in ids_md]
        raise KlaimError(f"{path}: id {ids_md} berbeda dari registri {ids_registri} (tanpa entri di "
                         f"registri: {tanpa_entri}; tidak ada di berkas: {tanpa_baris})")
