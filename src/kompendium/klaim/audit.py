"""The audit: every checker of the registry run on the processed tables, giving
data/processed/claims_audit.csv (one row per claim) and, beside it, the tables behind each
finding (data/processed/temuan_klaim/<id>_<name>.csv), which the audit chapter shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from kompendium import atomic, jakarta, tidy
from kompendium.format import angka
from kompendium.klaim.checkers import PEMERIKSA, desimal_dari
from kompendium.klaim.kontrak import KOLOM_AUDIT, STATUS, Hasil, KlaimError, berkas
from kompendium.klaim.registry import read_registry

#: Folder of the findings, beside claims_audit.csv in data/processed.
NAMA_TEMUAN = "temuan_klaim"

#: Processed tables that are not tidy BPS tables, and how each is read; every other one is tidy.
PEMBACA: dict[str, Callable[[Path], pd.DataFrame]] = {
    "penduduk_dki_jakarta": jakarta.read_csv,
    # hampir_miskin.csv has no region codes: plain types are its contract's types.
    "hampir_miskin": pd.read_csv,
}


def temuan_dir(processed_dir: str | Path) -> Path:
    """The findings folder of a data/processed folder."""
    return Path(processed_dir) / NAMA_TEMUAN


def read_table(processed_dir: str | Path, nama: str) -> pd.DataFrame:
    """One processed table by name, region codes kept as text ("00", "31")."""
    path = Path(processed_dir) / f"{nama}.csv"
    if not path.is_file():
        raise KlaimError(f"{path}: tabel olahan tidak ada (jalankan `snakemake --cores 2 {path}`)")
    return PEMBACA.get(nama, tidy.read_csv)(path)


def periksa_semua(processed_dir: str | Path, registri: list[dict]) -> dict[str, Hasil]:
    """Run every checker of the registry on the processed tables (each table read once)."""
    tabel: dict[str, pd.DataFrame] = {}
    hasil = {}
    for e in registri:
        for nama in e["data"]:
            if nama not in tabel:
                tabel[nama] = read_table(processed_dir, nama)
        h = PEMERIKSA[e["pemeriksa"]](e, tabel)
        if h.status not in STATUS:
            raise KlaimError(f"{e['id']}: status {h.status!r} bukan salah satu dari {STATUS}")
        hasil[e["id"]] = h
    return hasil


def teks_nilai_artikel(nilai: Mapping) -> str:
    """The claimed values as the article prints them, Indonesian format."""
    if not nilai:
        return "–"
    bagian = []
    for k, v in nilai.items():
        if isinstance(v, list):
            bagian.append(", ".join(map(str, v)))
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            bagian.append(f"{k}: {v}")
        else:
            teks = str(int(v)) if k == "tahun_disebut" else angka(v, desimal_dari(v))
            bagian.append(f"{k}: {teks}")
    return "; ".join(bagian)


def tabel_audit(registri: list[dict], hasil: Mapping[str, Hasil]) -> pd.DataFrame:
    """One row per claim in registry order (the columns of claims_audit.csv), checked complete."""
    baris = [{
        "id": e["id"], "klaim": " ".join(e["klaim"].split()),
        "nilai_artikel": teks_nilai_artikel(e["nilai_artikel"]),
        "nilai_hitung": hasil[e["id"]].nilai_hitung, "status": hasil[e["id"]].status,
        "penjelasan": hasil[e["id"]].penjelasan, "bagian": e["bagian"],
        "data": ";".join(berkas(n) for n in e["data"]),
    } for e in registri if e["id"] in hasil]
    tabel = pd.DataFrame(baris, columns=KOLOM_AUDIT)
    periksa_kelengkapan(tabel, registri)
    return tabel


def build_audit(processed_dir: str | Path, registri: list[dict] | None = None) -> pd.DataFrame:
    """The audit table of the processed tables (the registry shipped with the package by default)."""
    registri = registri if registri is not None else read_registry()
    return tabel_audit(registri, periksa_semua(processed_dir, registri))


def periksa_kelengkapan(tabel: pd.DataFrame, registri: list[dict], sumber: str = "claims_audit") -> None:
    """Exactly one row per registry id, each with a known status and an explanation."""
    ids = [e["id"] for e in registri]
    hilang = sorted(set(ids) - set(tabel["id"]))
    ganda = sorted(tabel.loc[tabel["id"].duplicated(), "id"])
    asing = sorted(set(tabel["id"]) - set(ids))
    if hilang or ganda or asing:
        raise KlaimError(f"{sumber}: id tanpa baris {hilang}, id ganda {ganda}, id di luar registri {asing}")
    salah = tabel[~tabel["status"].isin(STATUS) | (tabel["penjelasan"].str.len() == 0)]
    if len(salah):
        raise KlaimError(f"{sumber}: baris {list(salah['id'])} tanpa status sah atau penjelasan")


def write_findings(folder: str | Path, hasil: Mapping[str, Hasil]) -> list[Path]:
    """Each finding table as <folder>/<id>_<name>.csv; CSVs of earlier runs that are gone are removed."""
    folder = Path(folder)
    ditulis = [atomic.write_csv(df, folder / f"{id_}_{nama}.csv")
               for id_, h in hasil.items() for nama, df in h.temuan.items()]
    for lama in set(folder.glob("*.csv")) - set(ditulis):
        lama.unlink()
    return ditulis


def write_audit(processed_dir: str | Path, output: str | Path, findings: str | Path | None = None,
                registri: list[dict] | None = None) -> Path:
    """The `audit_claims` step: claims_audit.csv (and the findings, if asked), written atomically."""
    registri = registri if registri is not None else read_registry()
    hasil = periksa_semua(processed_dir, registri)
    tabel = tabel_audit(registri, hasil)
    if findings is not None:
        write_findings(findings, hasil)
    return atomic.write_csv(tabel, Path(output))


def read_audit(path: str | Path, registri: list[dict] | None = None) -> pd.DataFrame:
    """claims_audit.csv as text, checked against the registry (one row per claim, known statuses)."""
    path = Path(path)
    if not path.is_file():
        raise KlaimError(f"{path}: tidak ada (jalankan `snakemake --cores 2 {path}`)")
    tabel = pd.read_csv(path, dtype=str, keep_default_na=False)
    kurang = [k for k in KOLOM_AUDIT if k not in tabel.columns]
    if kurang:
        raise KlaimError(f"{path}: kolom {kurang} tidak ada; diharapkan {KOLOM_AUDIT}")
    periksa_kelengkapan(tabel, registri if registri is not None else read_registry(), str(path))
    return tabel


def read_finding(folder: str | Path, id_: str, nama: str) -> pd.DataFrame:
    """One finding table written by :func:`write_findings`."""
    path = Path(folder) / f"{id_}_{nama}.csv"
    if not path.is_file():
        raise KlaimError(f"{path}: temuan {nama!r} klaim {id_} tidak ada (jalankan `snakemake --cores 2 "
                         f"{Path(folder).parent / 'claims_audit.csv'}`)")
    return pd.read_csv(path)
