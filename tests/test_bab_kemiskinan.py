"""The poverty chapter's series, summaries, tables and charts (bab_kemiskinan, grafik_kemiskinan),
on small hand-made tables."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kompendium import bab_kemiskinan as bk
from kompendium import gaya, tidy
from kompendium import grafik_kemiskinan as gk
from kompendium.kosakata import KOLOM, PERDESAAN, PERKOTAAN, TOTAL
from kompendium.tempel import Bilangan

# P0 per semester (kota, desa, total). Maret 2012 is published empty; the largest urban rise is
# September 2011 -> Maret 2013 (from 9.0 to 9.6), since the empty semester is skipped.
P0 = {
    (2009, "Tahunan"): (11.0, 17.0, 14.0),
    (2010, "Tahunan"): (10.0, 16.0, 13.0),
    (2011, "Maret"): (9.5, 15.5, 12.5),
    (2011, "September"): (9.0, 15.0, 12.0),
    (2012, "Maret"): (np.nan, np.nan, np.nan),
    (2013, "Maret"): (9.6, 13.0, 11.0),
}


def tidy_tabel(nilai: dict, indikator: str = "p0") -> pd.DataFrame:
    """A tidy table: national rows for every area, plus a province row that must be ignored."""
    rows = []
    for (tahun, periode), xs in nilai.items():
        for daerah, x in zip((PERKOTAAN, PERDESAAN, TOTAL), xs, strict=False):
            rows.append([indikator, "00", "Indonesia", daerah, tahun, periode, x, "persen", "f.csv"])
        rows.append([indikator, "18", "Lampung", PERKOTAAN, tahun, periode, 99.0, "persen", "f.csv"])
    return pd.DataFrame(rows, columns=KOLOM)


@pytest.fixture()
def p0(tmp_path) -> pd.DataFrame:
    # Through a file, as the notebook reads it: codes stay text ("00").
    path = tmp_path / "p0_daerah.csv"
    tidy_tabel(P0).to_csv(path, index=False)
    return bk.seri_nasional(tidy.read_csv(path), 2010)


def test_national_series_in_time_order_with_labels(p0):
    assert list(p0["semester"]) == ["2010", "Maret 2011", "September 2011", "Maret 2012", "Maret 2013"]
    assert list(p0["waktu"]) == [2010.5, 2011.25, 2011.75, 2012.25, 2013.25]
    # The province row is not in it; the empty semester stays a row.
    assert p0[PERKOTAAN].max() == 10.0 and p0.loc[3, TOTAL] != p0.loc[3, TOTAL]
    assert list(bk.tabel_daerah(p0).columns) == ["Perkotaan", "Perdesaan", "Indonesia"]
    assert bk.tabel_daerah(p0).index.name == "Semester"
    with pytest.raises(ValueError, match="2030"):
        bk.seri_nasional(tidy_tabel(P0), 2030)


def test_p0_summary(p0):
    r = bk.ringkas_p0(p0)
    assert (r["p0_sem_awal"], r["p0_sem_akhir"]) == ("2010", "Maret 2013")
    assert r["p0_kota_awal"] == Bilangan(10.0, 2) and r["p0_total_akhir"] == Bilangan(11.0, 2)
    assert r["p0_desa_per_kota"].nilai == pytest.approx(13.0 / 9.6)
    assert r["semester_kosong"] == "Maret 2012"
    assert (r["p0_kota_naik_sem_lalu"], r["p0_kota_naik_sem"]) == ("September 2011", "Maret 2013")
    assert r["p0_kota_naik"].nilai == pytest.approx(0.6)
    assert (r["p0_kota_naik_dari"].nilai, r["p0_kota_naik_ke"].nilai) == (9.0, 9.6)


def test_number_of_poor_and_urban_share():
    jumlah = bk.pangsa_kota(bk.seri_nasional(tidy_tabel({
        (2011, "Maret"): (10.0, 20.0, 30.0), (2011, "September"): (12.0, 18.0, 30.0),
        (2012, "Maret"): (11.0, 11.0, 22.0)}), 2011))
    r = bk.ringkas_jumlah(jumlah)
    assert list(jumlah["pangsa_kota"]) == pytest.approx([100 / 3, 40.0, 50.0])
    assert r["pangsa_kota_puncak"].nilai == pytest.approx(50.0)
    assert r["pangsa_kota_puncak_sem"] == "Maret 2012"
    assert r["jml_desa_awal"] == Bilangan(20.0, 2) and r["jml_sem_akhir"] == "Maret 2012"


def test_poverty_line_summary():
    garis = bk.seri_nasional(tidy_tabel({(2011, "Maret"): (250000.0, 200000.0, np.nan),
                                         (2012, "Maret"): (500000.0, 400000.0, np.nan)}), 2011)
    r = bk.ringkas_garis(garis)
    assert r["gk_kota_kali"].nilai == pytest.approx(2.0)
    assert r["gk_kota_per_desa"].nilai == pytest.approx(25.0)
    assert r["gk_desa_akhir"] == Bilangan(400000.0, 0)


def hampir(rows) -> pd.DataFrame:
    """hampir_miskin.csv rows: (tahun, periode, daerah, model, persen, terpilih, p0)."""
    return pd.DataFrame([
        {"tahun": t, "periode": p, "daerah": d, "model": m, "batas": 1.2, "persen": x, "terpilih": pilih,
         "p0": z, "sumber": "s"} for t, p, d, m, x, pilih, z in rows])


HM = hampir([
    (2010, "Tahunan", d, m, x + (0 if d == PERKOTAAN else 5), m == "gb2", 10.0 if d == PERKOTAAN else 16.0)
    for d in (PERKOTAAN, PERDESAAN) for m, x in (("lognormal", 8.0), ("dagum", 9.0), ("gb2", 10.0))
] + [
    # Maret 2011: no GB2, dagum stands in.
    (2011, "Maret", d, m, x, m == "dagum", 9.5 if d == PERKOTAAN else 15.5)
    for d in (PERKOTAAN, PERDESAAN) for m, x in (("lognormal", 7.0), ("dagum", 7.5))
] + [
    # Micro data for September 2011: chosen, but not part of the spread across models.
    (2011, "September", d, m, x, m == bk.MIKRO, z)
    for d in (PERKOTAAN, PERDESAAN) for m, x, z in (("gb2", 6.0, 9.0), (bk.MIKRO, 20.0, 9.2))
])


def test_model_range_and_near_poor_summary(p0):
    rentang = bk.rentang_model(HM, 1.2)
    kota = rentang[rentang["daerah"] == PERKOTAAN].reset_index(drop=True)
    assert list(kota["semester"]) == ["2010", "Maret 2011", "September 2011"]
    assert list(kota["model"]) == ["gb2", "dagum", bk.MIKRO]
    assert (kota.loc[0, "persen_min"], kota.loc[0, "persen_max"], kota.loc[0, "n_model"]) == (8.0, 10.0, 3)
    # The micro-data row is not a model: the spread of September 2011 is GB2's alone.
    assert (kota.loc[2, "persen_min"], kota.loc[2, "persen_max"]) == (6.0, 6.0)
    r = bk.ringkas_hampir_miskin(rentang, p0, "gb2")
    assert r["n_semester_ganti"] == Bilangan(1, 0) and r["semester_ganti"] == "Maret 2011"
    assert r["model_ganti"] == "Dagum"
    # P0 has September 2011 (micro data) and Maret 2013 (no estimate): only the latter lacks one.
    assert r["semester_tanpa_estimasi"] == "Maret 2013"
    assert (r["hm_sem_awal"], r["hm_sem_akhir"]) == ("2010", "September 2011")
    assert r["hm_kota_akhir"] == Bilangan(20.0, 1) and r["miskin_kota_akhir"] == Bilangan(9.2, 1)
    assert r["rasio_hm_miskin_kota"].nilai == pytest.approx(20.0 / 9.2)
    assert r["sebaran_desa_rata"].nilai == pytest.approx((2.0 + 0.5 + 0.0) / 3)


def test_model_range_refuses_a_missing_band_and_two_chosen_rows():
    with pytest.raises(ValueError, match="batas 1.5"):
        bk.rentang_model(HM, 1.5)
    dua = HM.copy()
    dua.loc[dua["model"] == "lognormal", "terpilih"] = True
    with pytest.raises(ValueError, match="lebih dari satu baris terpilih"):
        bk.rentang_model(dua, 1.2)


PERINGKAT = pd.DataFrame({"model": ["gb2", "dagum", "lognormal"], "rata_galat_absolut": [1.5, 1.6, 4.9],
                          "n_titik": [2, 2, 2], "urutan_kerumitan": [3, 2, 0]})


def validasi() -> pd.DataFrame:
    rows = []
    for tahun, periode, tertulis, bawah, atas, terbit, kira, sumber in (
            (2011, "Maret", "2011", 0.0, 1.2, 24.0, True, "World Bank (2012), abstract"),
            (2019, "Maret", "2019-Maret", 1.0, 1.5, 20.56, False, "BPS middle-class release, 2024")):
        for model, estimasi in (("lognormal", terbit + 3), ("dagum", terbit - 1), ("gb2", terbit + 0.5)):
            rows.append({"tahun": tahun, "periode": periode, "periode_tertulis": tertulis, "daerah": TOTAL,
                         "bawah": bawah, "atas": atas, "terbit": terbit, "perkiraan": kira, "sumber": sumber,
                         "model": model, "estimasi": estimasi, "galat": estimasi - terbit})
    return pd.DataFrame(rows)


def test_validation_tables_and_sentences():
    val = validasi()
    tabel = bk.tabel_validasi(val, PERINGKAT)
    assert list(tabel.columns) == ["Terbitan", "GB2", "Dagum", "Log-normal"]
    assert list(tabel.index) == [
        "2011, Indonesia, < 1,2 × garis (World Bank (2012))",
        "Maret 2019, Indonesia, 1,0–1,5 × garis (rilis BPS tentang kelas menengah)"]
    assert tabel.iloc[1].tolist() == pytest.approx([20.56, 21.06, 19.56, 23.56])
    galat = bk.tabel_galat(val, PERINGKAT)
    assert galat.loc["Rata-rata galat absolut"].tolist() == [1.5, 1.6, 4.9]
    assert galat["Dagum"].iloc[0] == pytest.approx(-1.0)
    r = bk.ringkas_validasi(val, PERINGKAT)
    assert r["kalimat_validasi"].startswith(
        "untuk 2011 (< 1,2 × garis) perkiraannya 24,5 persen, 0,5 poin persen lebih tinggi daripada angka "
        "terbitan 24,00 persen; untuk Maret 2019")
    assert r["kalimat_pembanding"] == (
        "sekitar 24 persen penduduk (termasuk yang miskin) berada di bawah 1,2 kali garis kemiskinan "
        "(2011; World Bank (2012)); 20,56 persen penduduk berada antara 1,0 dan 1,5 kali garis kemiskinan "
        "(Maret 2019; rilis BPS tentang kelas menengah)")
    p = bk.ringkas_peringkat(PERINGKAT)
    assert (p["model_terpilih"], p["model_kedua"], p["model_terburuk"]) == ("GB2", "Dagum", "Log-normal")
    assert p["galat_terburuk"] == Bilangan(4.9, 1) and p["n_titik_validasi"] == Bilangan(2, 0)
    with pytest.raises(ValueError, match="kosong"):
        bk.model_terbaik(PERINGKAT.iloc[:0])


def test_diagnostics():
    diag = pd.DataFrame([{"model": m, "indikator": i, "galat_relatif": g}
                         for m, i, g in (("lognormal", "gini", -0.4), ("lognormal", "gini", 0.2),
                                         ("lognormal", "p2", 0.01), ("gb2", "gini", 0.02),
                                         ("gb2", "p2", -0.03), ("gb2", "bagian40", 0.1))])
    tabel = bk.tabel_diagnostik(diag, PERINGKAT)
    assert list(tabel.index) == ["GB2", "Dagum", "Log-normal"] and tabel.index.name == "Model"
    assert tabel.loc["Log-normal", "Gini"] == pytest.approx(30.0)
    assert tabel.loc["GB2", "Bagian 40 % terbawah"] == pytest.approx(10.0)
    r = bk.ringkas_diagnostik(diag, "gb2")
    assert r["diag_ln_gini"].nilai == pytest.approx(30.0) and r["diag_pilih_p2"].nilai == pytest.approx(3.0)
    with pytest.raises(ValueError, match="p2 untuk model gb2"):
        bk.ringkas_diagnostik(diag[(diag["model"] != "gb2") | (diag["indikator"] != "p2")], "gb2")


def test_micro_data_status_and_table():
    assert "TANPA data mikro" in bk.ringkas_mikro(None)["status_mikro"]
    mikro = pd.DataFrame({"tahun": [2024, 2024], "periode": ["Maret", "Maret"], "daerah": [PERKOTAAN, TOTAL],
                          "n_sampel": [10, 20], "p0_persen": [7.0, 9.0], "p1": [1.0, 1.2], "p2": [0.2, 0.3],
                          "pangsa_1_2": [5.0, 6.0], "lain": [0, 0]})
    assert "DENGAN data mikro Susenas untuk Maret 2024" in bk.ringkas_mikro(mikro)["status_mikro"]
    assert list(bk.tabel_mikro(mikro).columns) == ["n_sampel", "p0_persen", "p1", "p2", "pangsa_1_2"]


def test_charts_draw_every_area_and_save_atomically(p0, tmp_path):
    fig = gk.grafik_p0(p0)
    legenda = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legenda == ["Perdesaan", "Indonesia", "Perkotaan"]
    path = gaya.simpan(fig, tmp_path / "gambar" / "p0.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in path.parent.iterdir()] == ["p0.png"] and not plt.fignum_exists(fig.number)
    jumlah = bk.pangsa_kota(p0)
    assert len(gk.grafik_jumlah_miskin(jumlah).axes) == 2
    fig = gk.grafik_hampir_miskin(bk.rentang_model(HM, 1.2), p0, 1.2)
    assert [ax.get_title() for ax in fig.axes] == [PERKOTAAN, PERDESAAN]
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "Hampir miskin (1,0–1,2 × garis), perkiraan" in labels
    assert "Dihitung dari data mikro Susenas" in labels
    # The spread bar runs from P0 + the lowest model to P0 + the highest, even where the chosen
    # (micro-data) value lies outside it: September 2011, P0 9.2, GB2 alone at 6.
    [bar] = fig.axes[0].containers
    segmen = {round(float(a[0]), 2): (float(a[1]), float(b[1]))
              for a, b in (s for s in bar.lines[2][0].get_segments() if len(s))}
    assert segmen[2010.5] == pytest.approx((18.0, 20.0)) and segmen[2011.75] == pytest.approx((15.2, 15.2))
    plt.close("all")
