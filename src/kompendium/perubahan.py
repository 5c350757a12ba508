"""The "Perubahan data" page: the comparison of :func:`kompendium.vintage.bandingkan` as tables and
sentences for a reader (Indonesian numbers, periods written out, empty sections said in words)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from kompendium import kosakata as k
from kompendium.errors import KompendiumError
from kompendium.format import angka
from kompendium.kosakata import label_periode
from kompendium.provenance import resources_for
from kompendium.tempel import Bilangan

LABEL_INDIKATOR = {
    k.P0: "Persentase penduduk miskin (P0)",
    k.P1: "Indeks kedalaman kemiskinan (P1)",
    k.P2: "Indeks keparahan kemiskinan (P2)",
    k.GARIS_KEMISKINAN: "Garis kemiskinan",
    k.JUMLAH_PENDUDUK_MISKIN: "Jumlah penduduk miskin",
    k.GINI: "Rasio Gini",
    k.PERSEN_PENDUDUK_PERKOTAAN: "Persentase penduduk perkotaan",
    k.JUMLAH_PENDUDUK: "Jumlah penduduk",
}
#: The counts of the comparison's summary that the page cites (glued as ``n_<kunci>``).
RINGKASAN_DIKUTIP = ("berkas_baru", "berkas_diganti", "berkas_hilang", "periode_baru", "nilai_baru",
                     "nilai_baru_periode_lama", "nilai_revisi", "nilai_hilang", "wilayah_ganti_nama",
                     "angka_berubah", "angka_arah_berubah", "angka_kata_berubah", "angka_baru",
                     "angka_hilang", "putusan_berubah", "putusan_baru", "putusan_hilang")


def teks_nilai(x, desimal: int | None = None) -> str:
    """A value the Indonesian way: with `desimal` decimals (a glued number as the book shows it),
    else as printed by BPS, with as many decimals as it has (at most 4)."""
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    if isinstance(x, bool):
        return "ya" if x else "tidak"
    if desimal is None:
        desimal = 0 if float(x).is_integer() else min(len(repr(float(x)).split(".")[1]), 4)
    return angka(x, desimal)


def _nilai_kunci(rows: list[dict], kolom: dict[str, str]) -> pd.DataFrame:
    """Rows keyed by table/indicator/region/area/period, with the value columns in `kolom`."""
    data = [{
        "Tabel": r["tabel"],
        "Indikator": LABEL_INDIKATOR.get(r["indikator"], r["indikator"]),
        "Wilayah": r["wilayah"],
        "Daerah": r["daerah"] or "–",
        "Periode": label_periode(r["tahun"], r["periode"]),
        **{judul: teks_nilai(r.get(k)) for k, judul in kolom.items()},
    } for r in rows]
    return pd.DataFrame(data, columns=["Tabel", "Indikator", "Wilayah", "Daerah", "Periode", *kolom.values()])


def tabel_periode_baru(banding: dict) -> pd.DataFrame:
    """One row per table and new period, with how many values it brings."""
    rows = [{"Tabel": r["tabel"], "Periode": label_periode(r["tahun"], r["periode"]),
             "Jumlah nilai": r["jumlah_nilai"]} for r in banding["nilai"]["periode_baru"]]
    return pd.DataFrame(rows, columns=["Tabel", "Periode", "Jumlah nilai"])


def teks_selisih(x: float) -> str:
    """A difference with its sign, so a reader sees at once whether BPS revised up or down."""
    return ("+" if x > 0 else "") + teks_nilai(x)


def tabel_revisi(banding: dict) -> pd.DataFrame:
    """Past values that changed: old, new and the signed difference."""
    df = _nilai_kunci(banding["nilai"]["revisi"], {"lama": "Lama", "baru": "Baru"})
    df["Selisih"] = [teks_selisih(r["selisih"]) for r in banding["nilai"]["revisi"]]
    return df


def tabel_terlibat(banding: dict, bagian: str, raw_dir: Path) -> list[str]:
    """BPS tables with rows in one part of the comparison that data/raw still has (for provenance)."""
    tabel = sorted({r["tabel"] for r in banding["nilai"][bagian]})
    return [t for t in tabel if resources_for(raw_dir, t)]


def tabel_terisi(banding: dict) -> pd.DataFrame:
    """Values for periods already present before that were empty then (published later)."""
    rows = [r for r in banding["nilai"]["baru"] if not r["periode_baru"]]
    return _nilai_kunci(rows, {"baru": "Nilai"})


def tabel_hilang(banding: dict) -> pd.DataFrame:
    """Values in the recorded vintage that the current data no longer have."""
    return _nilai_kunci(banding["nilai"]["hilang"], {"lama": "Nilai lama"})


def tabel_ganti_nama(banding: dict) -> pd.DataFrame:
    """Regions whose name changed under the same code (their values are compared as before)."""
    rows = [{"Tabel": r["tabel"], "Kode wilayah": r["kode_wilayah"], "Nama lama": r["lama"],
             "Nama baru": r["baru"]} for r in banding["nilai"].get("ganti_nama", [])]
    return pd.DataFrame(rows, columns=["Tabel", "Kode wilayah", "Nama lama", "Nama baru"])


_ARAH = {("angka", True): "berbalik", ("angka", False): "sama", ("kata", True): "kata berganti",
         ("teks", False): "teks"}


def tabel_angka(banding: dict) -> pd.DataFrame:
    """Numbers of the book's prose that changed, each named by the page and sentence where readers
    see it ([…] marks its place), shown at the decimals the book shows, with a flag for a flipped sign."""
    rows = [{"Di mana": r.get("tempat", r["bab"]), "Kalimat": r.get("kalimat", "–"),
             "Lama": teks_nilai(r["lama"], r.get("desimal_lama", r.get("desimal"))),
             "Baru": teks_nilai(r["baru"], r.get("desimal")),
             "Arah": _ARAH[r["jenis"], r["arah_berubah"]]}
            for r in banding["angka"]["berubah"]]
    return pd.DataFrame(rows, columns=["Di mana", "Kalimat", "Lama", "Baru", "Arah"])


def tabel_putusan(banding: dict) -> pd.DataFrame:
    """Claim statuses and conclusion verdicts that changed, and claims added or dropped."""
    def status(r: dict) -> str:
        return next((r[k] for k in ("status", "arah", "putusan") if r.get(k)), "–")

    p = banding["putusan"]
    rows = [{"Tabel": r["tabel"], "Id": r["id"], "Perubahan": r["kolom"], "Lama": r["lama"] or "–",
             "Baru": r["baru"] or "–"} for r in p["berubah"]]
    rows += [{"Tabel": r["tabel"], "Id": r["id"], "Perubahan": "baru", "Lama": "–", "Baru": status(r)}
             for r in p.get("baru", [])]
    rows += [{"Tabel": r["tabel"], "Id": r["id"], "Perubahan": "dihapus", "Lama": status(r), "Baru": "–"}
             for r in p.get("hilang", [])]
    return pd.DataFrame(rows, columns=["Tabel", "Id", "Perubahan", "Lama", "Baru"])


def tabel_berkas(banding: dict) -> pd.DataFrame:
    """Raw files added, replaced (revised) or removed since the vintage."""
    label = {"baru": "baru", "diganti": "diganti (revisi)", "hilang": "dihapus"}
    rows = [{"Berkas": p, "Perubahan": label[k]} for k in label for p in banding["berkas"][k]]
    return pd.DataFrame(rows, columns=["Berkas", "Perubahan"])


def kalimat_pembanding(banding: dict) -> str:
    """Which recorded vintage the page compares with, in words."""
    if banding["lama"] is None:
        # Glued text is shown verbatim (no markdown), so no backticks here.
        return ("Belum ada vintage yang tercatat di folder vintages/, jadi belum ada pembanding: "
                "catat vintage pertama dengan perintah kompendium vintage record.")
    if banding["lama"] == banding["baru"]:
        return (f"Pembandingnya adalah catatan vintage {banding['baru']} sendiri: halaman ini memeriksa "
                "bahwa angka build sekarang masih sama dengan angka yang dicatat untuk rilis ini.")
    return (f"Pembandingnya adalah vintage {banding['lama']}, rilis data sebelumnya yang tercatat "
            f"di vintages/{banding['lama']}.json.")


def kalimat_ringkasan(banding: dict) -> str:
    """The verdict of the page in one or two sentences."""
    r = banding["ringkasan"]
    if banding["lama"] is None:
        return "Tidak ada yang dibandingkan."
    if not r["ada_perubahan"]:
        return (f"Tidak ada perubahan: setiap berkas, nilai, angka di teks dan putusan sama dengan "
                f"vintage {banding['lama']}.")
    # Every kind of change the data and the text can undergo is named; only when none but the raw
    # files changed does the sentence say so.
    bagian = [f"{angka(r.get(kunci, 0), 0)} {teks}" for kunci, teks in BAGIAN_RINGKASAN if r.get(kunci, 0)]
    berkas = r["berkas_baru"] + r["berkas_diganti"] + r["berkas_hilang"]
    isi = ", ".join(bagian) or ("hanya berkas mentah yang berubah" if berkas else "tidak ada perubahan")
    kalimat = f"Dibanding vintage {banding['lama']}: {isi}."
    if r["nilai_revisi"] == 0:
        kalimat += " Tidak ada nilai masa lalu yang direvisi BPS."
    arah = (r["putusan_berubah"] + r["angka_arah_berubah"] + r.get("putusan_baru", 0)
            + r.get("putusan_hilang", 0))
    kalimat += (" Tidak ada status klaim, putusan kesimpulan, tanda angka atau kata di teks yang "
                "berbalik." if arah == 0 else
                f" Perhatian: {angka(arah, 0)} status, putusan, tanda angka atau kata di teks berubah "
                "(lihat di bawah); periksa apakah kalimat di sekitarnya masih tepat.")
    return kalimat


#: The parts of the summary sentence, in order: count key and what it counts.
BAGIAN_RINGKASAN = (
    ("periode_baru", "periode baru"),
    ("nilai_baru_periode_lama", "nilai periode lama yang dulu kosong kini terisi"),
    ("nilai_revisi", "nilai lama direvisi"),
    ("nilai_hilang", "nilai hilang"),
    ("wilayah_ganti_nama", "wilayah berganti nama"),
    ("angka_berubah", "angka di teks berubah"),
    ("angka_baru", "angka baru di teks"),
    ("angka_hilang", "angka tidak dikutip lagi"),
    ("putusan_berubah", "status klaim atau putusan berubah"),
    ("putusan_nilai_berubah", "nilai hitungan klaim berubah"),
    ("putusan_baru", "klaim atau kesimpulan baru"),
    ("putusan_hilang", "klaim atau kesimpulan dihapus"),
)


def kalimat_jumlah(n: int, ada: str, kosong: str) -> str:
    """`kosong` when n is 0, else `ada` with {n} written the Indonesian way."""
    return kosong if n == 0 else ada.format(n=angka(n, 0))


def read_perbandingan(path: str | Path) -> dict:
    """The comparison the workflow wrote (``kompendium vintage compare --output``)."""
    path = Path(path)
    try:
        banding = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise KompendiumError(f"{path} (baris {exc.lineno}): bukan JSON yang sah: {exc.msg}") from None
    kurang = [kunci for kunci in ("lama", "baru", "ringkasan", "berkas", "nilai", "angka", "putusan")
              if kunci not in banding]
    if kurang:
        raise KompendiumError(f"{path}: diharapkan hasil `kompendium vintage compare`; tidak ada {kurang}")
    return banding


def ringkas(banding: dict) -> dict[str, Bilangan | str]:
    """The page's summary for the prose: vintages compared, the verdict, and every count it cites."""
    r = banding["ringkasan"]
    return {
        "vintage_baru": banding["baru"],
        "kalimat_pembanding": kalimat_pembanding(banding),
        "kalimat_ringkasan": kalimat_ringkasan(banding),
        **{f"n_{kunci}": Bilangan(int(r.get(kunci, 0)), 0) for kunci in RINGKASAN_DIKUTIP},
    }


def tabel_semua(banding: dict) -> dict[str, pd.DataFrame]:
    """Every table of the page, by section."""
    return {"periode_baru": tabel_periode_baru(banding), "revisi": tabel_revisi(banding),
            "terisi": tabel_terisi(banding), "hilang": tabel_hilang(banding),
            "ganti_nama": tabel_ganti_nama(banding),
            "angka": tabel_angka(banding), "putusan": tabel_putusan(banding),
            "berkas": tabel_berkas(banding)}


#: Per section: the sentence above its table, and the one said when the section is empty.
KALIMAT_BAGIAN = {
    "periode_baru": ("Tabel berikut mendaftar {n} pasangan tabel dan periode yang baru muncul.",
                     "Tidak ada periode baru."),
    "revisi": ("Ada {n} nilai lama yang angkanya berbeda dari catatan vintage pembanding:",
               ("Tidak ada nilai masa lalu yang direvisi: setiap nilai lama sama persis dengan catatan "
                "vintage pembanding.")),
    "terisi": ("Ada {n} nilai untuk periode lama yang dulu kosong (belum dirilis) dan kini terisi:",
               "Tidak ada nilai periode lama yang dulu kosong lalu terisi."),
    "hilang": ("Ada {n} nilai yang tercatat di vintage pembanding tetapi tidak ada lagi di data sekarang:",
               "Tidak ada nilai yang hilang."),
    "ganti_nama": (("Ada {n} wilayah yang berganti nama dengan kode yang sama; nilainya dibandingkan "
                    "seperti biasa:"), "Tidak ada wilayah yang berganti nama."),
    "angka": (("Ada {n} angka atau kata di teks buku yang berubah, pada ketelitian yang ditampilkan buku "
               "(selisih di bawah desimal terakhir yang ditampilkan tidak dihitung). Setiap angka disebut "
               "dengan halaman dan kalimat tempat pembaca melihatnya; […] menandai letaknya. Kolom Arah "
               "berisi 'berbalik' bila tanda angkanya berganti, 'kata berganti' bila sebuah kata atau nama "
               "berganti (misalnya putusan kesimpulan), 'teks' bila kalimat berubah mengikuti angka di "
               "dalamnya, dan 'sama' bila hanya besar angkanya yang berubah."),
              "Tidak ada angka di teks buku yang berubah."),
    "putusan": (("Ada {n} perubahan pada klaim dan kesimpulan (status, putusan atau nilai hitungan yang "
                 "berubah; klaim baru atau dihapus):"),
                ("Tidak ada status klaim, putusan kesimpulan atau nilai hitungan klaim yang berubah, dan tidak "
                 "ada klaim yang ditambahkan atau dihapus.")),
    "berkas": ("Ada {n} berkas mentah yang baru, diganti atau dihapus:",
               "Tidak ada berkas mentah yang berubah."),
}
#: The glue key of each section's sentence.
KUNCI_KALIMAT = {"periode_baru": "kalimat_periode", "revisi": "kalimat_revisi",
                 "terisi": "kalimat_terisi", "hilang": "kalimat_hilang",
                 "ganti_nama": "kalimat_ganti_nama", "angka": "kalimat_angka",
                 "putusan": "kalimat_putusan", "berkas": "kalimat_berkas"}


def kalimat_bagian(tabel: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The sentence that opens each section (glue key -> text), from the tables of :func:`tabel_semua`."""
    return {KUNCI_KALIMAT[bagian]: kalimat_jumlah(len(tabel[bagian]), *KALIMAT_BAGIAN[bagian])
            for bagian in KUNCI_KALIMAT}
