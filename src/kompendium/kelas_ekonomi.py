"""BPS's five economic classes per area and semester, estimated from the fitted expenditure distributions.

BPS (following the World Bank) sorts people by per-capita expenditure in multiples of the poverty line:
miskin [0, 1), rentan miskin [1, 1.5), menuju kelas menengah [1.5, 3.5), kelas menengah [3.5, 17),
kelas atas [17, inf). BPS published the class shares nationally for a few March rounds only, and no
urban/rural table. The steps here:

1. ``pangsa_model``: each family fitted to the published aggregates (``kompendium.hampir_miskin``,
   diagnostics table) gives the cumulative share below every class boundary, per area and semester.
2. Candidates: each family as fitted ("mentah"), and each family calibrated to BPS's class figures
   ("<family>+kalibrasi"): the gap between BPS's figure and the family, per class, interpolated
   linearly in time between BPS's release years (constant before the first and after the last), added to
   the family's shares; the non-poor classes are then rescaled to add up to 100 - P0.
3. ``validasi``: every published figure predicted by every candidate out of sample. The fitted families
   never see a class figure; a calibrated candidate predicting a figure of year t is calibrated on the
   other years only (leave one release year out, stricter than leaving one figure out, because the
   classes of one year add up to 100).
4. ``pilih``: the candidate with the smallest mean absolute out-of-sample error on BPS's class figures.
   Its band per class is its largest absolute out-of-sample error on that class (``pita``).
5. Urban and rural: the selected family's urban and rural shares are raked (iterative proportional
   fitting) so that, weighted by population (poor count / P0), they reproduce the national estimate
   exactly; the 2024 urban shares of the two middle classes are predicted, not fitted (``validasi``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from kompendium import distribusi, hampir_miskin, kosakata
from kompendium.atomic import write_csv
from kompendium.errors import KompendiumError

__all__ = [
    "KELAS",
    "KOLOM_KONTRAK",
    "bobot_penduduk",
    "estimasi",
    "pangsa_model",
    "pilih",
    "pita",
    "susun",
    "validasi",
    "write_kelas_ekonomi",
]

#: The classes as BPS names them, with their bounds in multiples of the poverty line.
KELAS: tuple[tuple[str, float, float], ...] = (
    ("miskin", 0.0, 1.0),
    ("rentan miskin", 1.0, 1.5),
    ("menuju kelas menengah", 1.5, 3.5),
    ("kelas menengah", 3.5, 17.0),
    ("kelas atas", 17.0, math.inf),
)
NAMA_KELAS = tuple(k for k, _, _ in KELAS)
_TIDAK_MISKIN = NAMA_KELAS[1:]
#: Boundaries at which the families' cumulative shares are kept (1.2: the World Bank's near-poor line).
BATAS = (1.0, 1.2, 1.5, 3.5, 17.0)
KALIBRASI = "+kalibrasi"
KOLOM_KONTRAK = ["daerah", "tahun", "periode", "kelas", "batas_bawah_gk", "batas_atas_gk", "persen",
                 "persen_bawah", "persen_atas", "model"]
_KUNCI = ["tahun", "periode", "daerah"]
_KELAS_MODEL: dict[str, type[distribusi.Model]] = {
    "lognormal": distribusi.LogNormal, "singh_maddala": distribusi.SinghMaddala,
    "dagum": distribusi.Dagum, "gb2": distribusi.GB2,
}
#: Decimals written to kelas_ekonomi.csv: far below the book's two, far above machine noise.
DESIMAL = 4


class KelasEkonomiError(KompendiumError):
    """Inputs that cannot give class estimates (missing areas, unknown models, inconsistent weights)."""


# --------------------------------------------------------------------------- families' shares


def pangsa_model(diagnostik: pd.DataFrame) -> pd.DataFrame:
    """Cumulative percent below each of ``BATAS`` per (tahun, periode, daerah, model), wide, from fitted params.

    Only semesters whose fits saw a measure of the whole distribution (Gini or the bottom-40 share): with
    P0-P2 alone the families are pinned near the line only, and their upper classes are arbitrary (the
    September rounds of 2011-2014 have neither).
    """
    ada = diagnostik["indikator"].isin(["gini", "bagian40"]) & diagnostik["terbit"].notna()
    cukup = diagnostik.loc[ada, _KUNCI].drop_duplicates()
    model = diagnostik.merge(cukup, on=_KUNCI).drop_duplicates([*_KUNCI, "model"])
    baris = []
    for r in model.to_dict("records"):
        if r["model"] not in _KELAS_MODEL:
            raise KelasEkonomiError(
                f"diagnostik: model {r['model']!r} tidak dikenal; diharapkan {sorted(_KELAS_MODEL)}"
            )
        m = _KELAS_MODEL[r["model"]](json.loads(r["params"]))
        kum = 100.0 * np.asarray(m.cdf(np.array(BATAS)), dtype=float)
        baris.append(
            {**{k: r[k] for k in _KUNCI}, "model": r["model"], **{_kol(b): v for b, v in zip(BATAS, kum, strict=False)}}
        )
    return pd.DataFrame(baris)


def _kol(b: float) -> str:
    return f"F_{b:g}"


def _kelas_dari_kumulatif(kum: pd.DataFrame) -> pd.DataFrame:
    """Class shares (columns NAMA_KELAS) from the cumulative columns."""
    tepi = [0.0, *[kum[_kol(b)] for b in (1.0, 1.5, 3.5, 17.0)], 100.0]
    return pd.DataFrame({k: tepi[i + 1] - tepi[i] for i, k in enumerate(NAMA_KELAS)}, index=kum.index)


def bobot_penduduk(p0: pd.DataFrame, jumlah_miskin: pd.DataFrame) -> pd.DataFrame:
    """Population (million) of each area per semester = poor count / P0, and its share of the total."""
    kunci = _KUNCI
    a = kosakata.nasional(p0)
    a = a[a["indikator"] == kosakata.P0][kunci + ["nilai"]].rename(columns={"nilai": "p0"})
    b = kosakata.nasional(jumlah_miskin)
    b = b[b["indikator"] == kosakata.JUMLAH_PENDUDUK_MISKIN][kunci + ["nilai"]].rename(columns={"nilai": "miskin_juta"})
    df = a.merge(b, on=kunci).dropna()
    df = df[df["daerah"].isin([kosakata.PERKOTAAN, kosakata.PERDESAAN])].copy()
    df["penduduk_juta"] = 100.0 * df["miskin_juta"] / df["p0"]
    total = df.groupby(["tahun", "periode"])["penduduk_juta"].transform("sum")
    lengkap = df.groupby(["tahun", "periode"])["daerah"].transform("nunique") == 2
    df["bobot"] = df["penduduk_juta"] / total
    return df[lengkap][[*kunci, "penduduk_juta", "bobot"]].reset_index(drop=True)


# --------------------------------------------------------------------------- calibration


def _figur_kalibrasi(terbitan: pd.DataFrame) -> pd.DataFrame:
    """BPS's national class figures (one class each, not P0): the calibration targets."""
    pilih = (
        (terbitan["penerbit"] == "BPS")
        & (terbitan["ukuran"] == hampir_miskin.PERSEN_PENDUDUK)
        & (terbitan["bawah"] >= 1.0)
    )
    t = terbitan[pilih].copy()
    t["kelas"] = [_kelas_tepat(b, a) for b, a in zip(t["bawah"], t["atas"], strict=False)]
    return t.dropna(subset=["kelas"])


def _kelas_tepat(bawah: float, atas: float) -> str | None:
    """The class with exactly these bounds, or None."""
    return next((k for k, b, a in KELAS if b == bawah and a == atas), None)


def _kalibrasi(nasional: pd.DataFrame, target: pd.DataFrame) -> pd.DataFrame:
    """National class shares of one family plus the gap to BPS's figures, interpolated in time."""
    hasil = nasional.copy()
    waktu = kosakata.waktu(hasil["tahun"], hasil["periode"]).to_numpy()
    kelas = _kelas_dari_kumulatif(hasil)
    acuan = pd.concat([hasil[["tahun", "periode"]], kelas], axis=1)
    for k in _TIDAK_MISKIN:
        t = target[target["kelas"] == k]
        if t.empty:
            continue
        model_t = t[["tahun", "periode"]].merge(acuan, on=["tahun", "periode"], how="left")[k].to_numpy()
        celah = t["terbit"].to_numpy() - model_t
        tw = kosakata.waktu(t["tahun"], t["periode"]).to_numpy()
        urut = np.argsort(tw, kind="stable")
        # np.interp: linear between release years, constant outside them.
        kelas[k] = np.maximum(kelas[k] + np.interp(waktu, tw[urut], celah[urut]), 0.0)
    # The non-poor classes together must stay 100 - P0 (P0 is published and kept exactly).
    tidak = list(_TIDAK_MISKIN)
    kelas[tidak] = kelas[tidak].mul((100.0 - kelas["miskin"]) / kelas[tidak].sum(axis=1), axis=0)
    return _ke_kumulatif(hasil, kelas)


def _ke_kumulatif(dasar: pd.DataFrame, kelas: pd.DataFrame) -> pd.DataFrame:
    """Cumulative columns from class shares; F(1.2) keeps the family's split of the rentan miskin class."""
    hasil = dasar.copy()
    porsi_12 = ((dasar[_kol(1.2)] - dasar[_kol(1.0)]) / (dasar[_kol(1.5)] - dasar[_kol(1.0)])).fillna(0.0)
    kum = kelas[list(NAMA_KELAS)].cumsum(axis=1)
    hasil[_kol(1.0)] = kum["miskin"]
    hasil[_kol(1.2)] = kum["miskin"] + porsi_12 * kelas["rentan miskin"]
    hasil[_kol(1.5)] = kum["rentan miskin"]
    hasil[_kol(3.5)] = kum["menuju kelas menengah"]
    hasil[_kol(17.0)] = kum["kelas menengah"]
    return hasil


def _rake(
    kota: np.ndarray, desa: np.ndarray, w: np.ndarray, nasional: np.ndarray, iterasi: int = 1000
) -> tuple[np.ndarray, np.ndarray]:
    """Rescale urban and rural non-poor class shares (rows: semesters, columns: NAMA_KELAS) so that
    w*kota + (1-w)*desa = nasional, keeping each area's total 100 - P0 (iterative proportional fitting)."""
    w = w[:, None]
    t = np.stack([w * kota[:, 1:], (1 - w) * desa[:, 1:]], axis=1)  # semester x area x non-poor class
    baris = np.stack([w[:, 0] * (100.0 - kota[:, 0]), (1 - w[:, 0]) * (100.0 - desa[:, 0])], axis=1)
    # The national margin, rescaled by the rounding gap between national and weighted area P0 (~0.01).
    kolom = nasional[:, 1:] * (baris.sum(axis=1) / nasional[:, 1:].sum(axis=1))[:, None]
    for _ in range(iterasi):
        t *= (kolom / np.maximum(t.sum(axis=1), 1e-300))[:, None, :]
        t *= (baris / t.sum(axis=2))[:, :, None]
        if np.abs(t.sum(axis=1) - kolom).max() < 1e-11:
            break
    k, d = kota.copy(), desa.copy()
    k[:, 1:], d[:, 1:] = t[:, 0, :] / w, t[:, 1, :] / (1 - w)
    return k, d


def estimasi(
    pangsa: pd.DataFrame, terbitan: pd.DataFrame, bobot: pd.DataFrame, kandidat: str, kecuali_tahun: int | None = None
) -> pd.DataFrame:
    """Class shares of one candidate for every area and semester (wide: NAMA_KELAS + cumulative columns).

    ``kecuali_tahun``: calibrate without BPS's figures of that year (for out-of-sample prediction).
    """
    family = kandidat.removesuffix(KALIBRASI)
    if family not in _KELAS_MODEL:
        raise KelasEkonomiError(f"kandidat {kandidat!r}: keluarga tidak dikenal; diharapkan {sorted(_KELAS_MODEL)}")
    f = pangsa[pangsa["model"] == family]
    nasional = f[f["daerah"] == kosakata.TOTAL].sort_values(["tahun", "periode"]).reset_index(drop=True)
    if kandidat.endswith(KALIBRASI):
        target = _figur_kalibrasi(terbitan)
        if kecuali_tahun is not None:
            target = target[target["tahun"] != kecuali_tahun]
        nasional = _kalibrasi(nasional, target)
    nasional = pd.concat([nasional, _kelas_dari_kumulatif(nasional)], axis=1)
    kum = [_kol(b) for b in BATAS]
    w = bobot[bobot["daerah"] == kosakata.PERKOTAAN][["tahun", "periode", "bobot"]]
    kota = f[f["daerah"] == kosakata.PERKOTAAN][["tahun", "periode", *kum]]
    desa = f[f["daerah"] == kosakata.PERDESAAN][["tahun", "periode", *kum]]
    # Semesters with all three areas and the population weights (from 2011: the poor counts start then).
    sem = (
        nasional[["tahun", "periode"]]
        .merge(w, on=["tahun", "periode"])
        .merge(kota, on=["tahun", "periode"])
        .merge(desa, on=["tahun", "periode"], suffixes=("_kota", "_desa"))
    )
    sem = sem.merge(nasional[["tahun", "periode", *NAMA_KELAS]], on=["tahun", "periode"])
    kelas_kota = _kelas_dari_kumulatif(sem[[c + "_kota" for c in kum]].set_axis(kum, axis=1))
    kelas_desa = _kelas_dari_kumulatif(sem[[c + "_desa" for c in kum]].set_axis(kum, axis=1))
    kk, dd = _rake(
        kelas_kota.to_numpy(), kelas_desa.to_numpy(), sem["bobot"].to_numpy(), sem[list(NAMA_KELAS)].to_numpy()
    )
    # Only semesters with all three areas: a national row without its urban/rural split is left out.
    bagian = [nasional.merge(sem[["tahun", "periode"]], on=["tahun", "periode"])]
    for daerah, kelas, akhiran in ((kosakata.PERKOTAAN, kk, "_kota"), (kosakata.PERDESAAN, dd, "_desa")):
        dasar = sem[["tahun", "periode", *[c + akhiran for c in kum]]].set_axis(["tahun", "periode", *kum], axis=1)
        kls = pd.DataFrame(kelas, columns=list(NAMA_KELAS), index=dasar.index)
        bagian.append(pd.concat([_ke_kumulatif(dasar, kls), kls], axis=1).assign(daerah=daerah))
    hasil = pd.concat(bagian, ignore_index=True)
    hasil["model"] = kandidat
    return hasil[[*_KUNCI, "model", *NAMA_KELAS, *kum]]


# --------------------------------------------------------------------------- validation


def kandidat_semua(pangsa: pd.DataFrame) -> list[str]:
    """Every family in ``pangsa`` (simplest first), as fitted and calibrated."""
    keluarga = [m for m in hampir_miskin.MODEL if m in set(pangsa["model"])]
    return [*keluarga, *(m + KALIBRASI for m in keluarga)]


def _indeks(est: pd.DataFrame) -> dict[tuple[int, str, str], dict[str, float]]:
    """A candidate's cumulative shares keyed by (tahun, periode, daerah), for fast look-ups."""
    kum = [_kol(b) for b in BATAS]
    return {
        (int(t), p, d): dict(zip(kum, v, strict=False))
        for t, p, d, *v in est[["tahun", "periode", "daerah", *kum]].itertuples(index=False)
    }


def _prediksi(
    est: dict[tuple[int, str, str], dict[str, float]], fig: Mapping[str, object], bobot: pd.DataFrame
) -> float:
    """A candidate's value for one published figure (a population share, or an urban share of a class)."""

    def kum(daerah: str, b: float) -> float:
        r = est.get((int(fig["tahun"]), str(fig["periode"]), daerah))
        if r is None:
            return math.nan
        return 100.0 if math.isinf(b) else 0.0 if b == 0 else r.get(_kol(b), math.nan)

    bawah, atas = float(fig["bawah"]), float(fig["atas"])
    if fig["ukuran"] == hampir_miskin.PERSEN_PENDUDUK:
        return kum(kosakata.TOTAL, atas) - kum(kosakata.TOTAL, bawah)
    w = bobot[(bobot["tahun"] == fig["tahun"]) & (bobot["periode"] == fig["periode"])].set_index("daerah")["bobot"]
    if w.empty:
        return math.nan
    kota = w[kosakata.PERKOTAAN] * (kum(kosakata.PERKOTAAN, atas) - kum(kosakata.PERKOTAAN, bawah))
    desa = w[kosakata.PERDESAAN] * (kum(kosakata.PERDESAAN, atas) - kum(kosakata.PERDESAAN, bawah))
    return 100.0 * kota / (kota + desa)


def validasi(
    pangsa: pd.DataFrame, terbitan: pd.DataFrame, bobot: pd.DataFrame, kandidat: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per published figure x candidate: out-of-sample estimate, error (points) and its absolute value."""
    kandidat = list(kandidat or kandidat_semua(pangsa))
    tahun_bps = sorted(set(_figur_kalibrasi(terbitan)["tahun"]))
    baris = []
    for kand in kandidat:
        # Leave one release year out: one calibration per BPS release year, one with every year for the rest.
        per_tahun = {None: _indeks(estimasi(pangsa, terbitan, bobot, kand))}
        if kand.endswith(KALIBRASI):
            per_tahun |= {t: _indeks(estimasi(pangsa, terbitan, bobot, kand, kecuali_tahun=t)) for t in tahun_bps}
        for fig in terbitan.to_dict("records"):
            est = per_tahun.get(fig["tahun"], per_tahun[None])
            nilai = _prediksi(est, fig, bobot)
            baris.append({**fig, "model": kand, "estimasi": nilai, "galat": nilai - float(fig["terbit"])})
    hasil = pd.DataFrame(baris)
    hasil["galat_absolut"] = hasil["galat"].abs()
    hasil["kelas"] = [_kelas_tepat(b, a) or "" for b, a in zip(hasil["bawah"], hasil["atas"], strict=False)]
    return hasil


def _dinilai(tabel_validasi: pd.DataFrame) -> pd.Series:
    """Figures the selection rests on: BPS's national class shares other than P0 (every model has P0 exactly)."""
    return (
        (tabel_validasi["penerbit"] == "BPS")
        & (tabel_validasi["ukuran"] == hampir_miskin.PERSEN_PENDUDUK)
        & (tabel_validasi["bawah"] >= 1.0)
        & (tabel_validasi["kelas"] != "")
    )


def pilih(tabel_validasi: pd.DataFrame) -> pd.DataFrame:
    """Candidates ranked by mean absolute out-of-sample error on BPS's class figures, with other summaries."""
    v = tabel_validasi.dropna(subset=["estimasi"])
    dinilai = v[_dinilai(v)]
    wb = v[(v["penerbit"] != "BPS") & (v["ukuran"] == hampir_miskin.PERSEN_PENDUDUK) & (v["bawah"] >= 1.0)]
    kota = v[v["ukuran"] == hampir_miskin.BAGIAN_PERKOTAAN]
    if dinilai.empty:
        raise KelasEkonomiError("validasi: tidak ada angka kelas BPS yang bisa diprediksi")
    hasil = dinilai.groupby("model")["galat_absolut"].agg(rata_galat_absolut="mean", galat_maks="max", n_angka="size")
    hasil["rata_galat_bank_dunia"] = wb.groupby("model")["galat_absolut"].mean()
    hasil["n_angka_bank_dunia"] = wb.groupby("model").size()
    hasil["rata_galat_bagian_kota"] = kota.groupby("model")["galat_absolut"].mean()
    hasil["n_angka_bagian_kota"] = kota.groupby("model").size()
    urutan = {
        m: i
        for i, m in enumerate(
            kandidat_semua(tabel_validasi.assign(model=tabel_validasi["model"].str.removesuffix(KALIBRASI)))
        )
    }
    hasil = hasil.reset_index()
    hasil["urutan_kerumitan"] = hasil["model"].map(urutan)
    return hasil.sort_values(["rata_galat_absolut", "urutan_kerumitan"]).reset_index(drop=True)


def pita(tabel_validasi: pd.DataFrame, model: str) -> pd.DataFrame:
    """Half-width of the band per class: the model's largest absolute out-of-sample error on BPS's figures."""
    v = tabel_validasi[(tabel_validasi["model"] == model) & _dinilai(tabel_validasi)]
    hasil = v.groupby("kelas")["galat_absolut"].agg(lebar="max", n_angka="size").reindex(NAMA_KELAS)
    # miskin is P0, published exactly; a class without any figure borrows the widest band.
    hasil.loc["miskin"] = (0.0, 0)
    hasil["lebar"] = hasil["lebar"].fillna(hasil["lebar"].max())
    hasil["n_angka"] = hasil["n_angka"].fillna(0).astype(int)
    return hasil.rename_axis("kelas").reset_index()


# --------------------------------------------------------------------------- contract table


def susun(pangsa: pd.DataFrame, terbitan: pd.DataFrame, bobot: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """(kelas_ekonomi contract table, validation table, ranking, bands) from the fitted families."""
    tabel_validasi = validasi(pangsa, terbitan, bobot)
    peringkat = pilih(tabel_validasi)
    terpilih = str(peringkat["model"].iloc[0])
    lebar = pita(tabel_validasi, terpilih)
    est = estimasi(pangsa, terbitan, bobot, terpilih)
    panjang = est.melt(id_vars=[*_KUNCI, "model"], value_vars=list(NAMA_KELAS), var_name="kelas", value_name="persen")
    batas = {k: (b, a) for k, b, a in KELAS}
    panjang["batas_bawah_gk"] = panjang["kelas"].map(lambda k: batas[k][0])
    panjang["batas_atas_gk"] = panjang["kelas"].map(lambda k: batas[k][1] if math.isfinite(batas[k][1]) else np.nan)
    setengah = panjang["kelas"].map(lebar.set_index("kelas")["lebar"])
    panjang["persen_bawah"] = (panjang["persen"] - setengah).clip(lower=0.0)
    panjang["persen_atas"] = (panjang["persen"] + setengah).clip(upper=100.0)
    panjang["_u"] = kosakata.urutan(panjang["tahun"], panjang["periode"])
    panjang["_d"] = panjang["daerah"].map({d: i for i, d in enumerate(kosakata.DAERAH)})
    panjang["_k"] = panjang["kelas"].map({k: i for i, k in enumerate(NAMA_KELAS)})
    panjang = panjang.sort_values(["_d", "_u", "_k"])
    kontrak = panjang[KOLOM_KONTRAK].reset_index(drop=True)
    for c in ("persen", "persen_bawah", "persen_atas"):
        kontrak[c] = kontrak[c].round(DESIMAL)
    return kontrak, tabel_validasi, peringkat, lebar


def konsistensi(kontrak: pd.DataFrame, bobot: pd.DataFrame) -> pd.DataFrame:
    """Per semester and class: population-weighted urban+rural share minus the national share (points)."""
    k = kontrak.pivot_table(index=["tahun", "periode", "kelas"], columns="daerah", values="persen").reset_index()
    w = bobot[bobot["daerah"] == kosakata.PERKOTAAN][["tahun", "periode", "bobot"]]
    k = k.merge(w, on=["tahun", "periode"])
    k["selisih"] = k["bobot"] * k[kosakata.PERKOTAAN] + (1 - k["bobot"]) * k[kosakata.PERDESAAN] - k[kosakata.TOTAL]
    return k[["tahun", "periode", "kelas", "selisih"]]


def write_kelas_ekonomi(
    diagnostik: Path,
    terbitan: Path,
    p0: Path,
    jumlah_miskin: Path,
    output: Path,
    output_validasi: Path,
    output_peringkat: Path,
) -> str:
    """The workflow step: read the inputs, write the contract table, validation and ranking; returns the choice."""
    from kompendium.tidy import read_csv

    pangsa = pangsa_model(pd.read_csv(diagnostik))
    bobot = bobot_penduduk(read_csv(p0), read_csv(jumlah_miskin))
    kontrak, tabel_validasi, peringkat, _ = susun(pangsa, hampir_miskin.read_angka_terbitan(terbitan), bobot)
    write_csv(kontrak, output)
    write_csv(tabel_validasi, output_validasi)
    write_csv(peringkat, output_peringkat)
    return str(peringkat["model"].iloc[0])


# --------------------------------------------------------------------------- the chapter


#: How the chapter names the candidates.
NAMA_MODEL = {"lognormal": "log-normal", "singh_maddala": "Singh-Maddala", "dagum": "Dagum", "gb2": "GB2"}
#: Classes drawn on the chart (kelas atas stays below 1 % and would only be a line on the floor).
KELAS_GRAFIK = NAMA_KELAS[:4]
_WARNA_KELAS = dict(zip(NAMA_KELAS, ("#D55E00", "#E69F00", "#56B4E9", "#0072B2", "#CC79A7"), strict=False))


def nama_model(model: str) -> str:
    """``gb2+kalibrasi`` -> ``GB2, dikalibrasi ke angka kelas BPS``."""
    keluarga = NAMA_MODEL.get(model.removesuffix(KALIBRASI), model)
    return f"{keluarga}, dikalibrasi ke angka kelas BPS" if model.endswith(KALIBRASI) else keluarga


def label_angka(fig: Mapping[str, object]) -> str:
    """A published figure as the validation table names it: ``BPS Maret 2019: rentan miskin``."""
    kelas = _kelas_tepat(float(fig["bawah"]), float(fig["atas"]))
    if kelas is None:
        kelas = f"di bawah {str(fig['atas']).rstrip('0').rstrip('.').replace('.', ',')} × GK"
    if fig["ukuran"] == hampir_miskin.BAGIAN_PERKOTAAN:
        kelas = f"{kelas}: bagian di perkotaan"
    waktu = kosakata.label_periode(int(fig["tahun"]), str(fig["periode"]))
    if fig["periode_tertulis"] == str(fig["tahun"]):
        waktu = str(fig["tahun"])  # a yearly figure, compared with March
    return f"{fig['penerbit']} {waktu}: {kelas}"


def tabel_validasi(tabel_validasi: pd.DataFrame, peringkat: pd.DataFrame) -> pd.DataFrame:
    """Every published figure (rows) with its value and each candidate's out-of-sample error (columns)."""
    v = tabel_validasi.assign(angka=[label_angka(r) for r in tabel_validasi.to_dict("records")])
    urut = list(dict.fromkeys(v["angka"]))
    lebar = v.pivot_table(index="angka", columns="model", values="galat", sort=False).reindex(urut)
    lebar = lebar[[m for m in peringkat["model"] if m in lebar.columns]]
    lebar.columns = [nama_model(m) for m in lebar.columns]
    terbit = v.drop_duplicates("angka").set_index("angka")["terbit"]
    lebar.insert(0, "Angka terbitan", terbit)
    return lebar.rename_axis("Angka terbitan (persen)")


def seri_kelas(kontrak: pd.DataFrame) -> pd.DataFrame:
    """The contract table with a decimal-year ``waktu`` column, in time order."""
    hasil = kontrak.assign(waktu=kosakata.waktu(kontrak["tahun"], kontrak["periode"]))
    return hasil.sort_values(["daerah", "waktu"]).reset_index(drop=True)


def grafik_kelas(kontrak: pd.DataFrame):
    """Urban and rural shares of the four lower classes over time, each with its band."""
    import matplotlib.pyplot as plt

    from kompendium import gaya

    seri = seri_kelas(kontrak)
    # One panel above the other, as the poverty chapter's figures: each is one screen wide on a phone.
    fig, axes = plt.subplots(2, 1, figsize=(gaya.LEBAR_GAMBAR, 9.6), sharey=True)
    for ax, daerah in zip(axes, (kosakata.PERKOTAAN, kosakata.PERDESAAN), strict=False):
        for kelas in KELAS_GRAFIK:
            s = seri[(seri["daerah"] == daerah) & (seri["kelas"] == kelas)]
            warna = _WARNA_KELAS[kelas]
            ax.fill_between(s["waktu"], s["persen_bawah"], s["persen_atas"], color=warna, alpha=0.22, linewidth=0)
            ax.plot(s["waktu"], s["persen"], color=warna, marker="o", markersize=3, linewidth=1.8, label=kelas)
        awal, akhir = int(seri["waktu"].min()), int(np.ceil(seri["waktu"].max()))
        gaya.sumbu_tahun(ax, range(awal, akhir + 1, 2))
        ax.set_xlabel("Tahun (Maret dan September)")
        ax.set_title(daerah)
        ax.set_ylabel("Persen penduduk daerah itu")
        gaya.sumbu_angka(ax, 0)
    axes[0].set_ylim(0, None)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False, bbox_to_anchor=(0.5, -0.06))
    fig.suptitle("Kelas ekonomi penduduk perkotaan dan perdesaan\n(perkiraan, dengan pita ketidakpastian)",
                 fontweight="bold")
    fig.tight_layout()
    return fig


def tabel_kelas(kontrak: pd.DataFrame, tahun: int, periode: str) -> pd.DataFrame:
    """One semester: each class and area as 'estimate (low–high)' numbers, for the chapter's table."""
    s = kontrak[(kontrak["tahun"] == tahun) & (kontrak["periode"] == periode)]
    baris = {}
    for daerah in kosakata.DAERAH:
        d = s[s["daerah"] == daerah].set_index("kelas").reindex(NAMA_KELAS)
        nama = "Indonesia" if daerah == kosakata.TOTAL else daerah
        baris[(nama, "perkiraan")] = d["persen"]
        baris[(nama, "batas bawah")] = d["persen_bawah"]
        baris[(nama, "batas atas")] = d["persen_atas"]
    hasil = pd.DataFrame(baris)
    # Named levels fill the header's corner cells (an empty header cell tells a screen reader nothing).
    hasil.columns = pd.MultiIndex.from_tuples(hasil.columns, names=["Daerah", None])
    return hasil.rename_axis("Kelas")


def bagian_kota(kontrak: pd.DataFrame, bobot: pd.DataFrame, tahun: int, periode: str) -> pd.Series:
    """Percent of each class's people who live in urban areas, from the estimates and population weights."""
    s = kontrak[(kontrak["tahun"] == tahun) & (kontrak["periode"] == periode)]
    w = bobot[(bobot["tahun"] == tahun) & (bobot["periode"] == periode)].set_index("daerah")["bobot"]
    kota = s[s["daerah"] == kosakata.PERKOTAAN].set_index("kelas")["persen"] * w[kosakata.PERKOTAAN]
    desa = s[s["daerah"] == kosakata.PERDESAAN].set_index("kelas")["persen"] * w[kosakata.PERDESAAN]
    return (100.0 * kota / (kota + desa)).reindex(NAMA_KELAS)


_KUNCI_KELAS = (
    ("miskin", "miskin"),
    ("rentan", "rentan miskin"),
    ("menuju", "menuju kelas menengah"),
    ("menengah", "kelas menengah"),
    ("atas", "kelas atas"),
)


def ringkasan_bab(
    kontrak: pd.DataFrame, tabel_validasi: pd.DataFrame, peringkat: pd.DataFrame, bobot: pd.DataFrame
) -> dict[str, tuple[float, int] | str]:
    """Every number the chapter's prose quotes: key -> (value, decimals) or text."""
    terpilih = str(peringkat["model"].iloc[0])
    mentah = peringkat[~peringkat["model"].str.endswith(KALIBRASI)].iloc[0]
    kalib = peringkat[peringkat["model"].str.endswith(KALIBRASI)]["rata_galat_absolut"]
    lebar = pita(tabel_validasi, terpilih).set_index("kelas")
    seri = seri_kelas(kontrak)
    akhir, awal = seri.loc[seri["waktu"].idxmax()], seri.loc[seri["waktu"].idxmin()]
    ujung = kontrak[(kontrak["tahun"] == akhir["tahun"]) & (kontrak["periode"] == akhir["periode"])]
    ujung = ujung.set_index(["daerah", "kelas"])
    v = tabel_validasi[tabel_validasi["model"] == terpilih]
    bps = v[_dinilai(v)]
    kota24 = v[v["ukuran"] == hampir_miskin.BAGIAN_PERKOTAAN].set_index("bawah")
    hasil: dict[str, tuple[float, int] | str] = {
        "n_kandidat": (len(peringkat), 0),
        "n_angka_bps": (int(peringkat["n_angka"].iloc[0]), 0),
        "model_terpilih": nama_model(terpilih),
        "galat_terpilih": (float(peringkat["rata_galat_absolut"].iloc[0]), 2),
        "galat_maks_terpilih": (float(peringkat["galat_maks"].iloc[0]), 2),
        "model_mentah": nama_model(str(mentah["model"])),
        "galat_mentah": (float(mentah["rata_galat_absolut"]), 2),
        "selisih_kalibrasi": (float(kalib.max() - kalib.min()), 2),
        "selisih_nasional": (float(konsistensi(kontrak, bobot)["selisih"].abs().max()), 2),
        "sem_awal": kosakata.label_periode(int(awal["tahun"]), awal["periode"]),
        "sem_akhir": kosakata.label_periode(int(akhir["tahun"]), akhir["periode"]),
        "n_dalam_1": (int((bps["galat_absolut"] <= 1.0).sum()), 0),
        "daftar_meleset": "; ".join(
            f"{label_angka(r)} ({r['galat']:+.2f} poin)".replace(".", ",")
            for r in bps[bps["galat_absolut"] > 1.0].to_dict("records")
        )
        or "tidak ada",
    }
    for kunci, k in _KUNCI_KELAS[1:]:
        hasil[f"pita_{kunci}"] = (float(lebar.loc[k, "lebar"]), 2)
        hasil[f"n_pita_{kunci}"] = (int(lebar.loc[k, "n_angka"]), 0)
    for d, kd in ((kosakata.PERKOTAAN, "kota"), (kosakata.PERDESAAN, "desa")):
        for kunci, k in _KUNCI_KELAS[:4]:
            for kolom, akhiran in (("persen", ""), ("persen_bawah", "_bawah"), ("persen_atas", "_atas")):
                hasil[f"{kd}_{kunci}{akhiran}"] = (float(ujung.loc[(d, k), kolom]), 1)
    kota = ujung.loc[kosakata.PERKOTAAN, "persen"]
    hasil["kota_di_bawah_menengah"] = (float(kota[["miskin", "rentan miskin", "menuju kelas menengah"]].sum()), 1)
    hasil["kota_rentan_per_miskin"] = (float(kota["rentan miskin"] / kota["miskin"]), 1)
    mula = kontrak[(kontrak["tahun"] == 2019) & (kontrak["periode"] == kosakata.MARET)].set_index(["daerah", "kelas"])
    hasil["kota_menengah_2019"] = (float(mula.loc[(kosakata.PERKOTAAN, "kelas menengah"), "persen"]), 1)
    for kunci, b in (("menengah", 3.5), ("menuju", 1.5)):
        hasil[f"kota_{kunci}_terbit"] = (float(kota24.loc[b, "terbit"]), 2)
        hasil[f"kota_{kunci}_perkiraan"] = (float(kota24.loc[b, "estimasi"]), 2)
    return hasil
