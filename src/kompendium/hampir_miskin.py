"""Penduduk hampir miskin per daerah dan semester, diperkirakan dari agregat kemiskinan terbitan BPS.

BPS menerbitkan P0, P1, P2, Gini dan bagian pengeluaran 40 % terbawah, tetapi tidak menerbitkan persentase
penduduk dengan pengeluaran antara 1,0 dan 1,2 kali garis kemiskinan (hampir miskin) menurut daerah.
Alur di sini:

1. ``agregat_terbitan``: satu baris per daerah x semester dengan semua agregat yang tersedia.
2. ``estimasi_daerah``: untuk satu daerah, semester demi semester (urut waktu), cocokkan setiap model
   ``kompendium.distribusi`` lalu hitung persen penduduk antara garis dan ``batas`` x garis. GB2 dimulai
   hangat dari hasil semester sebelumnya (bentuk distribusi berubah pelan), sehingga seluruh 2010-2025
   cukup beberapa detik; bila titik awal hangat kalah dari model bersarang, dicoba ulang dari SM dan Dagum.
3. ``validasi``: prediksi setiap model untuk setiap angka terbitan di sekitar garis (Bank Dunia 2011 dan
   2016, rentan miskin BPS 2019, 2021, 2025 dan, bila ada, hasil data mikro Susenas). Model tidak pernah
   melihat angka itu saat dicocokkan, jadi setiap galat adalah galat di luar sampel. ``pilih_model``:
   model dengan rata-rata galat absolut terkecil.
4. ``gabung``: tabel kontrak ``hampir_miskin.csv`` dengan kolom ``terpilih``.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from scipy import integrate

from kompendium import distribusi, kemiskinan, kosakata
from kompendium.atomic import write_csv
from kompendium.distribusi import Model
from kompendium.errors import InputError

__all__ = [
    "DAERAH",
    "MODEL",
    "MIKRO",
    "agregat_terbitan",
    "read_angka_terbitan",
    "read_terbitan",
    "estimasi_daerah",
    "gabung",
    "baca_mikro",
    "persen_mikro",
    "pilih_model",
    "ringkas_mikro",
    "titik_mikro",
    "salin_transkripsi",
    "validasi",
]

DAERAH = kosakata.DAERAH
#: Model dalam urutan kerumitan; nama sama dengan ``Model.nama``.
MODEL = ("lognormal", "singh_maddala", "dagum", "gb2")
#: Label model untuk angka yang dihitung langsung dari data mikro Susenas.
MIKRO = "mikro_susenas"

_KOLOM_KONTRAK = ["tahun", "periode", "daerah", "model", "batas", "persen", "terpilih", "p0", "sumber"]


# --------------------------------------------------------------------------- transkripsi


_TIPE_PANDERA = {"integer": "Int64", "number": "float64", "string": "str"}


def salin_transkripsi(sumber: Path, datapackage: Path, keluaran: Path) -> Path:
    """Validasi satu CSV transkripsi dengan Table Schema-nya di datapackage.json, lalu tulis ke ``keluaran``."""
    sumber, datapackage = Path(sumber), Path(datapackage)
    paket = json.loads(datapackage.read_text(encoding="utf-8"))
    relatif = sumber.resolve().relative_to(datapackage.resolve().parent).as_posix()
    sumber_daya = [r for r in paket["resources"] if r.get("path") == relatif]
    if len(sumber_daya) != 1:
        raise ValueError(f"{datapackage}: diharapkan tepat satu resource dengan path {relatif!r}")
    kolom = sumber_daya[0]["schema"]["fields"]
    skema = pa.DataFrameSchema(
        {
            f["name"]: pa.Column(_TIPE_PANDERA[f["type"]], nullable=True, coerce=True)
            for f in kolom
        },
        strict=True,
        ordered=True,
    )
    tabel = pd.read_csv(sumber, dtype=str, keep_default_na=False, na_values=[""])
    try:
        tabel = skema.validate(tabel, lazy=True)
    except pa.errors.SchemaErrors as exc:
        kasus = exc.failure_cases.iloc[0]
        baris = kasus.get("index")
        # Baris berkas = indeks + 2 (baris judul, lalu penomoran dari 1).
        tempat = f"baris {int(baris) + 2}, " if baris is not None and not pd.isna(baris) else ""
        raise ValueError(
            f"{sumber} ({tempat}kolom {kasus['column']}): diharapkan {kasus['check']} menurut "
            f"{datapackage}; ditemukan {kasus['failure_case']!r}"
        ) from None
    return write_csv(tabel, keluaran)


# --------------------------------------------------------------------------- agregat


def _indonesia(tabel: pd.DataFrame, indikator: str) -> pd.DataFrame:
    """Baris nasional satu indikator: tahun, periode, daerah, nilai."""
    tabel = tabel.assign(kode_wilayah=tabel["kode_wilayah"].astype(str).str.zfill(len(kosakata.KODE_INDONESIA)))
    pilih = kosakata.nasional(tabel)
    pilih = pilih[pilih["indikator"] == indikator]
    if pilih.empty:
        raise ValueError(f"tabel indikator {indikator!r}: tidak ada baris Indonesia")
    return pilih[["tahun", "periode", "daerah", "nilai"]].rename(columns={"nilai": indikator})


def agregat_terbitan(
    p0: pd.DataFrame,
    p1: pd.DataFrame,
    p2: pd.DataFrame,
    gini: pd.DataFrame,
    b40_semester: pd.DataFrame,
    tabel946: pd.DataFrame,
    tahun_awal: int = 2010,
) -> pd.DataFrame:
    """Satu baris per (tahun, periode, daerah) dengan p0, p1, p2, gini, bagian40 dan asal Gini/bagian 40 %."""
    kunci = ["tahun", "periode", "daerah"]
    df = _indonesia(p0, "p0")
    for tabel, nama in ((p1, "p1"), (p2, "p2"), (gini, "gini")):
        df = df.merge(_indonesia(tabel, nama), on=kunci, how="left")
    df = df[(df["tahun"] >= tahun_awal) & df["p0"].notna()].copy()

    # Tabel 946 berisi angka tahunan = semester Maret (atau satu-satunya survei tahun itu, periode "Tahunan").
    utama = df.groupby("tahun")["periode"].agg(
        lambda s: kosakata.MARET if kosakata.MARET in set(s) else kosakata.TAHUNAN)
    t946 = tabel946.assign(periode=tabel946["tahun"].map(utama))
    t946 = t946.dropna(subset=["periode"])[[*kunci, "bagian_40_persen_terbawah", "gini_2_desimal"]]
    t946 = t946.rename(columns={"bagian_40_persen_terbawah": "b40_946"})
    sem = b40_semester[[*kunci, "bagian_40_persen_terbawah"]].rename(columns={"bagian_40_persen_terbawah": "b40_sem"})
    df = df.merge(sem, on=kunci, how="left").merge(t946, on=kunci, how="left")

    # Rilis semester lebih dulu; tabel 946 (Maret) melengkapi. Gini tiga desimal (tabel daerah) lebih dulu,
    # Gini dua desimal dari tabel 946 hanya untuk 2010-2014, saat BPS belum menerbitkan tabel daerah per semester.
    df["bagian40"] = df["b40_sem"].fillna(df["b40_946"])
    df["sumber_bagian40"] = np.select(
        [df["b40_sem"].notna(), df["b40_946"].notna()], ["rilis semester BPS", "BPS tabel 946"], ""
    )
    df["sumber_gini"] = np.select(
        [df["gini"].notna(), df["gini_2_desimal"].notna()], ["BPS Gini menurut daerah", "BPS tabel 946 (2 desimal)"], ""
    )
    df["gini"] = df["gini"].fillna(df["gini_2_desimal"])
    df["waktu"] = kosakata.waktu(df["tahun"], df["periode"])
    kolom = [*kunci, "waktu", "p0", "p1", "p2", "gini", "bagian40", "sumber_gini", "sumber_bagian40"]
    return df[kolom].sort_values(["daerah", "waktu"]).reset_index(drop=True)


# --------------------------------------------------------------------------- pencocokan per semester


def _nilai(baris: Mapping[str, object], kunci: str) -> float | None:
    """Nilai agregat atau None bila kosong."""
    v = baris.get(kunci)
    return None if v is None or pd.isna(v) else float(v)


def _cocokkan_semester(baris: Mapping[str, object], gb2_lalu: distribusi.GB2 | None) -> dict[str, Model]:
    """Semua model yang teridentifikasi untuk satu semester; GB2 mulai hangat dari ``gb2_lalu``."""
    p0, p1, p2 = _nilai(baris, "p0"), _nilai(baris, "p1"), _nilai(baris, "p2")
    gini, b40 = _nilai(baris, "gini"), _nilai(baris, "bagian40")
    assert p0 is not None and p1 is not None
    n_lain = sum(v is not None for v in (p2, gini, b40))
    hasil: dict[str, Model] = {"lognormal": distribusi.kalibrasi_lognormal(p0, p1)}
    if n_lain >= 1:
        hasil["singh_maddala"] = distribusi.fit_singh_maddala(p0, p1, p2, gini, b40)
        hasil["dagum"] = distribusi.fit_dagum(p0, p1, p2, gini, b40)
    if n_lain >= 2:
        bersarang = [hasil["singh_maddala"], hasil["dagum"]]
        acuan = min(float(m.info["cost"]) for m in bersarang)
        agregat = (p0, p1, p2, gini, b40)
        if gb2_lalu is None:
            # Semester pertama: multi-start penuh (titik awal bawaan + kedua model bersarang).
            gb2 = distribusi.fit_gb2(*agregat, awal=tuple(bersarang))
        else:
            gb2 = distribusi.fit_gb2(*agregat, awal=(gb2_lalu,), bawaan=False)
            # GB2 memuat SM dan Dagum, jadi cost-nya tak boleh lebih buruk dari keduanya; bila lebih buruk,
            # titik awal hangat terjebak dan kita mulai lagi dari kedua model bersarang.
            if float(gb2.info["cost"]) > acuan * (1 + 1e-6) + 1e-14:
                ulang = distribusi.fit_gb2(*agregat, awal=tuple(bersarang), bawaan=False)
                gb2 = ulang if ulang.info["cost"] < gb2.info["cost"] else gb2
        hasil["gb2"] = gb2
    return hasil


def _diagnostik(model: Model, baris: Mapping[str, object]) -> list[dict[str, object]]:
    """Prediksi vs terbitan untuk P2, Gini dan bagian 40 % (yang tersedia), satu baris per indikator."""
    terbit = {k: _nilai(baris, k) for k in ("p2", "gini", "bagian40")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        hasil = distribusi.diagnostik(model, terbit)
    dipakai = set(model.info.get("target", {}))
    return [
        {
            "indikator": k,
            "terbit": v["terbit"],
            "prediksi": v["model"],
            "galat_relatif": v["selisih_relatif"],
            "dipakai_mencocokkan": k in dipakai,
        }
        for k, v in hasil.items()
    ]


def estimasi_daerah(
    agregat: pd.DataFrame, daerah: str, batas: Iterable[float]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(persen per model dan batas, diagnostik kecocokan) untuk setiap semester satu daerah yang punya P0 dan P1."""
    batas = sorted({float(b) for b in batas})
    if not batas or min(batas) <= 1:
        raise ValueError(f"batas: setiap batas harus > 1 (kelipatan garis kemiskinan), ditemukan {batas}")
    if daerah not in set(agregat["daerah"]):
        raise ValueError(f"daerah {daerah!r} tidak ada di agregat; tersedia {sorted(set(agregat['daerah']))}")
    data = agregat[(agregat["daerah"] == daerah) & agregat["p1"].notna()].sort_values("waktu")
    persen: list[dict[str, object]] = []
    diag: list[dict[str, object]] = []
    gb2_lalu: distribusi.GB2 | None = None
    for baris in data.to_dict("records"):
        tempat = {"tahun": int(baris["tahun"]), "periode": baris["periode"], "daerah": daerah}
        try:
            model = _cocokkan_semester(baris, gb2_lalu)
        except ValueError as exc:
            raise ValueError(f"agregat {daerah} {baris['periode']} {baris['tahun']}: {exc}") from None
        gagal = [nama for nama, m in model.items() if not m.info.get("sukses", True)]
        if gagal:  # an optimiser stopped at its iteration cap: its shares would be wherever it stopped
            raise InputError(
                f"agregat {daerah} {baris['periode']} {baris['tahun']}: pencocokan {', '.join(gagal)} tidak "
                "konvergen (batas iterasi tercapai); periksa agregat semester ini (P0, P1, P2, Gini, bagian "
                "40 %) di data/processed/kemiskinan_agregat.csv"
            )
        gb2_lalu = model.get("gb2", gb2_lalu)  # type: ignore[assignment]
        for nama, m in model.items():
            for b in batas:
                persen.append({**tempat, "model": nama, "batas": b, "persen": m.pangsa_antara(1.0, b),
                               "p0": float(baris["p0"])})
            info = {**tempat, "model": nama, "cost": float(m.info.get("cost", 0.0)),
                    "di_batas": bool(m.info.get("di_batas", False)), "params": json.dumps(m.params)}
            diag.extend({**info, **d} for d in _diagnostik(m, baris))
    return pd.DataFrame(persen), pd.DataFrame(diag)


# --------------------------------------------------------------------------- angka terbitan dan validasi


_RENTANG = re.compile(r"(?P<bawah>\d+(?:\.\d+)?)\s*-\s*(?P<atas>\d+(?:\.\d+)?)\s*x")
_KURANG = re.compile(r"kurang dari (?:sekitar )?(?P<atas>\d+(?:\.\d+)?)\s*x")
_LEBIH = re.compile(r"lebih dari (?:sekitar )?(?P<bawah>\d+(?:\.\d+)?)\s*x")
_ANGKA = re.compile(r"^\s*(?P<nilai>\d+(?:\.\d+)?)\s*(?P<kira>\(sekitar\))?\s*$")
_PERIODE = re.compile(rf"^(?P<tahun>\d{{4}})(?:-(?P<periode>{kosakata.MARET}|{kosakata.SEPTEMBER}))?$")
#: Units of the published figures: share of the population, count (converted to a share within its
#: release), or the share of one class that lives in urban areas.
PERSEN_PENDUDUK = "persen penduduk"
BAGIAN_PERKOTAAN = "bagian di perkotaan"
_SATUAN = {"persen": PERSEN_PENDUDUK, "juta jiwa": "juta jiwa", "persen dari kelas itu": BAGIAN_PERKOTAAN}


def read_angka_terbitan(path: Path) -> pd.DataFrame:
    """Every published figure of ``rentan_miskin_terbitan.csv`` as one tidy row.

    Columns: tahun, periode, periode_tertulis, daerah, bawah, atas (multiples of the poverty line,
    ``atas`` = inf for "lebih dari"), terbit (percent), ukuran (``PERSEN_PENDUDUK`` or
    ``BAGIAN_PERKOTAAN``), perkiraan (approximate or rounded), indikator, penerbit, sumber. Counts in
    millions become shares of the population: a count is divided by the sum of all classes of the
    same release (same period and publisher), which must then add up to 0-inf x the line.
    """
    path = Path(path)
    tabel = pd.read_csv(path, dtype=str, keep_default_na=False)
    wajib = ["periode", "cakupan", "indikator", "batas", "nilai", "satuan", "sumber"]
    kurang = [k for k in wajib if k not in tabel.columns]
    if kurang:
        raise ValueError(f"{path}: kolom {kurang} tidak ada; diharapkan {wajib}")
    baris_keluar = []
    for i, r in enumerate(tabel.to_dict("records"), start=2):  # baris 1 = judul kolom
        def salah(kolom: str, harap: str, i: int = i, r: dict = r) -> ValueError:
            return ValueError(f"{path} (baris {i}, kolom {kolom}): diharapkan {harap}; ditemukan {r[kolom]!r}")

        if cocok := _RENTANG.search(r["batas"]):
            bawah, atas = float(cocok["bawah"]), float(cocok["atas"])
        elif cocok := _KURANG.search(r["batas"]):
            bawah, atas = 0.0, float(cocok["atas"])
        elif cocok := _LEBIH.search(r["batas"]):
            bawah, atas = float(cocok["bawah"]), math.inf
        else:
            raise salah("batas", "'a - b x ...', 'kurang dari b x ...' atau 'lebih dari a x ...'")
        angka = _ANGKA.match(r["nilai"])
        if angka is None:
            raise salah("nilai", "angka, boleh diikuti '(sekitar)'")
        waktu = _PERIODE.match(r["periode"])
        if waktu is None:
            raise salah("periode", "'YYYY' atau 'YYYY-Maret/September'")
        if r["satuan"] not in _SATUAN:
            raise salah("satuan", f"salah satu dari {sorted(_SATUAN)}")
        ukuran = _SATUAN[r["satuan"]]
        if (r["cakupan"] == "nasional") != (ukuran != BAGIAN_PERKOTAAN):
            raise salah("cakupan", "'nasional' untuk persen penduduk, 'menurut daerah' untuk bagian di perkotaan")
        baris_keluar.append({
            "tahun": int(waktu["tahun"]),
            # Angka tahunan tanpa semester dibandingkan dengan Maret, semester utama Susenas.
            "periode": waktu["periode"] or kosakata.MARET,
            "periode_tertulis": r["periode"],
            "daerah": kosakata.TOTAL if ukuran != BAGIAN_PERKOTAAN else kosakata.PERKOTAAN,
            "bawah": bawah,
            "atas": atas,
            "terbit": float(angka["nilai"]),
            "ukuran": ukuran,
            # "sekitar" in the value or the threshold, or a count rounded to 0.1 million.
            "perkiraan": angka["kira"] is not None or "sekitar" in r["batas"] or ukuran == "juta jiwa",
            "indikator": r["indikator"],
            "penerbit": r.get("penerbit", ""),
            "sumber": r["sumber"],
            "_baris": i,
        })
    hasil = pd.DataFrame(baris_keluar)
    jiwa = hasil["ukuran"] == "juta jiwa"
    for (_, penerbit), rilis in hasil[jiwa].groupby(["periode_tertulis", "penerbit"]):
        # Shares within the release: the classes must cover 0-inf x the line without gaps.
        tepi = sorted(zip(rilis["bawah"], rilis["atas"], strict=False))
        celah = any(a[1] != b[0] for a, b in zip(tepi, tepi[1:], strict=False))
        if tepi[0][0] != 0 or tepi[-1][1] != math.inf or celah:
            raise ValueError(
                f"{path} (baris {rilis['_baris'].tolist()}, kolom batas): angka juta jiwa "
                f"{rilis['periode_tertulis'].iloc[0]} ({penerbit}) harus mencakup semua kelas "
                f"0 sampai tak hingga x garis agar bisa diubah menjadi persen; ditemukan {tepi}"
            )
        hasil.loc[rilis.index, "terbit"] = 100.0 * rilis["terbit"] / rilis["terbit"].sum()
    hasil.loc[jiwa, "ukuran"] = PERSEN_PENDUDUK
    return hasil.drop(columns="_baris")


def read_terbitan(path: Path, batas_maks: float = 2.0) -> pd.DataFrame:
    """Published shares of the population between two multiples of the line, below ``batas_maks`` x GK.

    These are the figures the near-poor fits are judged on; figures that only restate P0 (below 1 x GK)
    are left out, since every model reproduces P0 exactly.
    """
    semua = read_angka_terbitan(path)
    pilih = (semua["ukuran"] == PERSEN_PENDUDUK) & (semua["atas"] <= batas_maks) & (semua["atas"] > 1.0)
    return semua[pilih].drop(columns="ukuran").reset_index(drop=True)


def _prediksi_rentang(persen: pd.DataFrame, titik: Mapping[str, object]) -> pd.DataFrame:
    """Persen penduduk dengan bawah x GK <= y < atas x GK per model, dari tabel persen (P0 persis)."""
    pilih = persen[
        (persen["tahun"] == titik["tahun"])
        & (persen["periode"] == titik["periode"])
        & (persen["daerah"] == titik["daerah"])
    ]
    if pilih.empty:
        raise ValueError(f"tidak ada estimasi untuk {titik['daerah']} {titik['periode']} {titik['tahun']}")

    def di(b: float) -> pd.Series:
        # Persen di bawah b x GK: P0 untuk b = 1, P0 + pangsa antara 1 dan b untuk b > 1.
        if b == 0:
            return pd.Series(0.0, index=pilih["model"].unique())
        if b == 1:
            return pilih.groupby("model")["p0"].first()
        baris = pilih[np.isclose(pilih["batas"], b)]
        if baris.empty:
            raise ValueError(f"batas {b} tidak diestimasi; tambahkan ke kemiskinan.batas di config/config.yaml")
        return baris.set_index("model")["p0"] + baris.set_index("model")["persen"]

    return (di(float(titik["atas"])) - di(float(titik["bawah"]))).rename("estimasi").reset_index()


def validasi(persen: pd.DataFrame, terbitan: pd.DataFrame) -> pd.DataFrame:
    """Satu baris per angka terbitan x model: estimasi, galat (poin persen) dan galat absolut."""
    baris = []
    # A figure published for a semester the data do not reach yet (a build of an older vintage)
    # cannot test the fits: it waits for the data that contain its semester.
    diestimasi = set(zip(persen["tahun"], persen["periode"], persen["daerah"], strict=True))
    for titik in terbitan.to_dict("records"):
        if (titik["tahun"], titik["periode"], titik["daerah"]) not in diestimasi:
            continue
        pred = _prediksi_rentang(persen, titik)
        for r in pred.to_dict("records"):
            baris.append(
                {
                    **titik,
                    "model": r["model"],
                    "estimasi": float(r["estimasi"]),
                    "galat": float(r["estimasi"]) - float(titik["terbit"]),
                }
            )
    hasil = pd.DataFrame(baris)
    hasil["galat_absolut"] = hasil["galat"].abs()
    return hasil


def pilih_model(tabel_validasi: pd.DataFrame) -> pd.DataFrame:
    """Peringkat model: rata-rata galat absolut atas angka terbitan yang bisa diprediksi SEMUA model."""
    # Hanya titik yang diprediksi semua model, agar model yang tak teridentifikasi di suatu semester
    # tidak diuntungkan karena dinilai pada titik yang lebih sedikit.
    per_titik = tabel_validasi.groupby(["tahun", "periode", "daerah", "bawah", "atas"])["model"].nunique()
    n_model = tabel_validasi["model"].nunique()
    lengkap = per_titik[per_titik == n_model].index
    kunci = tabel_validasi.set_index(["tahun", "periode", "daerah", "bawah", "atas"]).index
    dipakai = tabel_validasi[kunci.isin(lengkap)]
    if dipakai.empty:
        raise ValueError("validasi: tidak ada angka terbitan yang bisa diprediksi semua model")
    peringkat = dipakai.groupby("model")["galat_absolut"].agg(rata_galat_absolut="mean", n_titik="size").reset_index()
    peringkat["urutan_kerumitan"] = peringkat["model"].map({m: i for i, m in enumerate((*MODEL, MIKRO))})
    return peringkat.sort_values(["rata_galat_absolut", "urutan_kerumitan"]).reset_index(drop=True)


def gabung(persen: pd.DataFrame, peringkat: pd.DataFrame, mikro: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tabel kontrak: ``terpilih`` = model terbaik yang tersedia untuk setiap semester dan daerah (mikro bila ada)."""
    tabel = persen.assign(sumber="estimasi dari agregat terbitan")
    if mikro is not None and not mikro.empty:
        tabel = pd.concat([tabel, mikro.assign(sumber="data mikro Susenas")], ignore_index=True)
    urutan = {m: i for i, m in enumerate(peringkat["model"])}
    # Data mikro bukan model: bila ada untuk suatu semester, itulah angka yang dipakai.
    urutan[MIKRO] = -1
    kunci = ["tahun", "periode", "daerah"]
    rank = tabel["model"].map(urutan)
    if rank.isna().any():
        raise ValueError(f"model tanpa peringkat validasi: {sorted(set(tabel.loc[rank.isna(), 'model']))}")
    terbaik = tabel.assign(_rank=rank).groupby(kunci)["_rank"].transform("min")
    tabel["terpilih"] = rank == terbaik
    tabel["waktu"] = kosakata.waktu(tabel["tahun"], tabel["periode"])
    tabel = tabel.sort_values(["daerah", "waktu", "model", "batas"])
    return tabel[_KOLOM_KONTRAK].reset_index(drop=True)


# --------------------------------------------------------------------------- data mikro


def baca_mikro(path: Path) -> pd.DataFrame:
    """Berkas rumah tangga Susenas (CSV, Parquet atau Stata .dta), dipilih menurut akhiran namanya."""
    path = Path(path)
    pembaca = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".dta": pd.read_stata}
    if path.suffix.lower() not in pembaca:
        raise ValueError(f"{path}: format tidak dikenal; diharapkan salah satu dari {sorted(pembaca)}")
    return pembaca[path.suffix.lower()](path)


def ringkas_mikro(
    rumah_tangga: pd.DataFrame,
    kolom: Mapping[str, str | None],
    batas: Sequence[float],
    tahun: int,
    periode: str,
) -> pd.DataFrame:
    """P0, P1, P2, pangsa hampir miskin, Gini dan bagian 40 % per daerah dari data mikro berbobot."""
    for peran in ("pengeluaran", "bobot", "garis"):
        if not kolom.get(peran):
            raise ValueError(f"susenas_mikro.kolom.{peran}: wajib diisi (nama kolom di berkas Susenas)")
    ringkas = kemiskinan.ringkas_susenas(
        rumah_tangga,
        kolom_pengeluaran=str(kolom["pengeluaran"]),
        kolom_bobot=str(kolom["bobot"]),
        kolom_garis=str(kolom["garis"]),
        kolom_daerah=kolom.get("daerah") or None,
        batas=tuple(batas),
        kolom_art=kolom.get("art") or None,
    )
    ringkas.insert(0, "periode", periode)
    ringkas.insert(0, "tahun", int(tahun))
    return ringkas


def _kolom_pangsa(ringkas: pd.DataFrame, b: float) -> str:
    """Nama kolom pangsa untuk batas b di ringkasan mikro, atau ValueError yang menyebut batasnya."""
    nama = kemiskinan._nama_pangsa(b)
    if nama not in ringkas.columns:
        raise ValueError(
            f"ringkasan data mikro tidak memuat kolom {nama!r} (batas {b}); jalankan ulang dengan batas itu"
        )
    return nama


def persen_mikro(ringkas: pd.DataFrame, batas: Sequence[float]) -> pd.DataFrame:
    """Ringkasan data mikro sebagai baris tabel persen (model = MIKRO) untuk ``gabung``."""
    return pd.DataFrame(
        [
            {
                "tahun": int(r["tahun"]),
                "periode": r["periode"],
                "daerah": r["daerah"],
                "model": MIKRO,
                "batas": float(b),
                "persen": float(r[_kolom_pangsa(ringkas, b)]),
                "p0": float(r["p0_persen"]),
            }
            for r in ringkas.to_dict("records")
            for b in batas
        ]
    )


def titik_mikro(ringkas: pd.DataFrame, batas: Sequence[float]) -> pd.DataFrame:
    """Hasil data mikro sebagai titik validasi: pangsa antara 1,0 dan setiap batas, per daerah."""
    return pd.DataFrame(
        [
            {
                "tahun": int(r["tahun"]),
                "periode": r["periode"],
                "periode_tertulis": f"{r['tahun']}-{r['periode']}",
                "daerah": r["daerah"],
                "bawah": 1.0,
                "atas": float(b),
                "terbit": float(r[_kolom_pangsa(ringkas, b)]),
                "perkiraan": False,
                "indikator": "hampir miskin (data mikro Susenas)",
                "sumber": "data mikro Susenas",
            }
            for r in ringkas.to_dict("records")
            for b in batas
        ]
    )


def susun(
    persen: pd.DataFrame, terbitan: pd.DataFrame, ringkas: pd.DataFrame | None, batas: Sequence[float]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(tabel kontrak, tabel validasi, peringkat model) dari estimasi semua daerah dan angka pembanding."""
    titik, mikro = terbitan, None
    if ringkas is not None:
        mikro = persen_mikro(ringkas, batas)
        # Data mikro juga menjadi titik validasi, tetapi hanya untuk semester yang punya estimasi model.
        kunci = ["tahun", "periode", "daerah"]
        tm = titik_mikro(ringkas, batas).merge(persen[kunci].drop_duplicates(), on=kunci)
        titik = pd.concat([terbitan, tm], ignore_index=True)
    tabel_validasi = validasi(persen, titik)
    peringkat = pilih_model(tabel_validasi)
    return gabung(persen, peringkat, mikro), tabel_validasi, peringkat
