"""The claims audit: registry, each checker on small hand-made tables, and the audit's completeness."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kompendium import jakarta, klaim

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_MD = ROOT.parent / "shared" / "article" / "CLAIMS.md"
REGISTRI = {e["id"]: e for e in klaim.muat_registri()}


def tidy(indikator, rows, satuan="persen"):
    """Tidy rows from (kode, wilayah, daerah, tahun, periode, nilai)."""
    return pd.DataFrame([
        {"indikator": indikator, "kode_wilayah": k, "wilayah": w, "daerah": d, "tahun": t, "periode": p,
         "nilai": v, "satuan": satuan, "sumber": "uji.csv"} for k, w, d, t, p, v in rows])


def proyeksi(idn=(49.8, 53.3, 56.7, 60.0, 63.4, 66.6)):
    tahun = [2010, 2015, 2020, 2025, 2030, 2035]
    rows = [("00", "Indonesia", "", t, "Tahunan", v) for t, v in zip(tahun, idn)]
    rows += [("31", "DKI Jakarta", "", t, "Tahunan", 100.0) for t in tahun]
    rows += [("32", "Jawa Barat", "", t, "Tahunan", 65.7 + 4 * i) for i, t in enumerate(tahun)]
    rows += [("18", "Lampung", "", t, "Tahunan", 25.7 + 2 * i) for i, t in enumerate(tahun)]
    return tidy("persen_penduduk_perkotaan", rows)


def p0_daerah(nasional_2019=9.41, kota_2024=7.09):
    rows = []
    for t, p, kota, desa, total in [(2011, "Maret", 9.23, 15.72, 12.49), (2019, "Maret", 6.69, 12.85, nasional_2019),
                                    (2024, "Maret", kota_2024, 11.79, 9.03), (2024, "September", 6.66, 11.34, 8.57)]:
        rows += [("00", "Indonesia", "Perkotaan", t, p, kota), ("00", "Indonesia", "Perdesaan", t, p, desa),
                 ("00", "Indonesia", "Perkotaan+Perdesaan", t, p, total)]
    return tidy("p0", rows)


def p0_provinsi(diy_2019=11.70):
    return tidy("p0", [
        ("34", "DI Yogyakarta", "Perkotaan+Perdesaan", 2019, "Maret", diy_2019),
        ("18", "Lampung", "Perkotaan+Perdesaan", 2019, "Maret", 12.62),
        ("18", "Lampung", "Perkotaan+Perdesaan", 2021, "September", 11.67),
        ("76", "Sulawesi Barat", "Perkotaan+Perdesaan", 2022, "Maret", 11.75),  # rounds to 11.8
        ("00", "Indonesia", "Perkotaan+Perdesaan", 2012, "September", 11.66),  # national: not a province
        ("00", "Indonesia", "Perkotaan+Perdesaan", 2019, "Maret", 9.41),
        ("00", "Indonesia", "Perkotaan+Perdesaan", 2021, "September", 9.71),
    ])


def gini():
    return tidy("gini", [("00", "Indonesia", "Perkotaan+Perdesaan", 2019, "Maret", 0.382)], "rasio")


def hampir_miskin(kota=6.9):
    rows = []
    for t, p in [(2024, "Maret"), (2024, "September")]:
        for daerah, nilai in [("Perkotaan", kota), ("Perdesaan", 10.0), ("Perkotaan+Perdesaan", 8.0)]:
            for model, pilih in [("dagum", True), ("lognormal", False)]:
                rows.append({"tahun": t, "periode": p, "daerah": daerah, "model": model, "batas": 1.2,
                             "persen": nilai if pilih else nilai + 3, "terpilih": pilih})
                rows.append({"tahun": t, "periode": p, "daerah": daerah, "model": model, "batas": 1.5,
                             "persen": 2 * nilai, "terpilih": pilih})
    return pd.DataFrame(rows)


JAKARTA_CSV = """tahun,konsep,jumlah_penduduk,satuan_penduduk,luas_km2,kepadatan_per_km2,sumber,catatan
2010,Sensus Penduduk 2010 (hasil akhir),9607787,jiwa,,,s,
2018,Proyeksi penduduk 2015-2045 (basis SUPAS 2015),10467.6,ribu jiwa,,,s,
2020,Sensus Penduduk 2020,10.56,juta jiwa,,,s,
2021,Estimasi,10.61,juta jiwa,664.01,15978,s,
,Luas daratan DKI Jakarta,,,662.33,,s,
"""


def penduduk_jakarta(tmp_path, teks=JAKARTA_CSV):
    path = tmp_path / "dki.csv"
    path.write_text(teks, encoding="utf-8")
    return jakarta.baca(path)


@pytest.fixture
def processed(tmp_path):
    """A data/processed folder holding every table the registry names, hand-made and small."""
    folder = tmp_path / "processed"
    folder.mkdir()
    tabel = {
        "bps_1276_penduduk_perkotaan": proyeksi(), "p0_daerah": p0_daerah(), "p0_provinsi": p0_provinsi(),
        "gini_daerah": gini(), "hampir_miskin": hampir_miskin(), "penduduk_dki_jakarta": penduduk_jakarta(tmp_path),
    }
    for nama, df in tabel.items():
        df.to_csv(folder / f"{nama}.csv", index=False)
    return folder


def ids_artikel() -> list[str]:
    """CLAIMS.md's ids where ../shared is present, else the registry's."""
    return klaim.id_claims_md(CLAIMS_MD) if CLAIMS_MD.is_file() else list(REGISTRI)


# ----------------------------------------------------------------------------- registry and audit

def test_every_article_claim_gets_one_row_with_status_and_named_data(processed):
    audit = klaim.audit(processed, CLAIMS_MD if CLAIMS_MD.is_file() else None)
    assert list(audit.columns[:6]) == ["id", "klaim", "nilai_artikel", "nilai_hitung", "status", "penjelasan"]
    for id_ in ids_artikel():
        baris = audit[audit["id"] == id_]
        assert len(baris) == 1, id_
        r = baris.iloc[0]
        assert r["status"] in klaim.STATUS
        data = REGISTRI[id_]["data"]
        if data:
            for nama in data:
                assert f"data/processed/{nama}.csv" in r["penjelasan"], (id_, nama)
        else:
            assert "tidak ada tabel" in r["penjelasan"], id_


def test_claims_md_parser_reads_the_first_cell_of_table_rows(tmp_path):
    md = tmp_path / "CLAIMS.md"
    md.write_text("| id | x |\n|---|---|\n| T1 | a |\n| C9 | b |\ntext C3\n", encoding="utf-8")
    assert klaim.id_claims_md(md) == ["T1", "C9"]


def test_a_claims_md_id_without_registry_entry_stops_the_audit(processed, tmp_path):
    md = tmp_path / "CLAIMS.md"
    md.write_text("| T1 | a |\n| Z9 | b |\n", encoding="utf-8")
    with pytest.raises(klaim.KlaimError, match="Z9"):
        klaim.audit(processed, md)


def test_a_registry_id_without_row_stops_the_build():
    registri = [REGISTRI["T1"], REGISTRI["C3"]]
    tabel = pd.DataFrame([{"id": "T1", "status": "cocok", "penjelasan": "x"}])
    with pytest.raises(klaim.KlaimError, match="C3"):
        klaim.periksa_kelengkapan(tabel, registri)


def test_missing_processed_table_is_named(tmp_path):
    with pytest.raises(klaim.KlaimError, match="p0_daerah.csv"):
        klaim.audit(tmp_path, registri=[REGISTRI["C6"]])


def test_registry_rejects_an_unknown_checker(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("- {id: X1, bagian: a, klaim: b, nilai_artikel: {}, data: [], pemeriksa: tebak}\n")
    with pytest.raises(klaim.KlaimError, match="tebak"):
        klaim.muat_registri(path)


def test_rounding_is_half_up_at_the_printed_decimals():
    assert klaim.dalam_pembulatan([11.65, 11.70, 11.749], 11.7, 1).all()
    assert not klaim.dalam_pembulatan([11.75, 11.64], 11.7, 1).any()
    assert klaim.desimal_dari(9.41) == 2 and klaim.desimal_dari(60.0) == 1 and klaim.desimal_dari(7) == 0


# ----------------------------------------------------------------------------- checkers

def test_t1_matches_and_reports_a_changed_value():
    ok = klaim.periksa_tabel_urbanisasi(REGISTRI["T1"], {"bps_1276_penduduk_perkotaan": proyeksi()})
    assert ok.status == klaim.COCOK
    beda = klaim.periksa_tabel_urbanisasi(
        REGISTRI["T1"], {"bps_1276_penduduk_perkotaan": proyeksi((49.8, 53.3, 56.9, 60.0, 63.4, 66.6))})
    assert beda.status == klaim.BERBEDA and "2020" in beda.penjelasan


def test_c1_cannot_be_verified_from_shares_but_reports_ranks():
    h = klaim.periksa_tujuan_urbanisasi(REGISTRI["C1"], {"bps_1276_penduduk_perkotaan": proyeksi()})
    assert h.status == klaim.TAK_TERPERIKSA
    assert list(h.temuan["provinsi"]["peringkat_pangsa"]) == [1, 2]


def test_c2_finds_the_projection_not_a_census_and_the_area_that_fits(tmp_path):
    tabel = {"penduduk_dki_jakarta": penduduk_jakarta(tmp_path), "bps_1276_penduduk_perkotaan": proyeksi()}
    h = klaim.periksa_penduduk_jakarta(REGISTRI["C2"], tabel)
    assert h.status == klaim.ATRIBUSI_KELIRU
    cocok = h.temuan["penduduk"]
    assert list(cocok.loc[cocok["cocok"], "tahun"]) == [2018]
    luas = h.temuan["luas"]
    assert list(luas.loc[luas["cocok"], "luas_km2"]) == [662.33]
    assert "2023" in h.penjelasan


def test_c2_without_a_matching_population_is_not_forced(tmp_path):
    teks = JAKARTA_CSV.replace("10467.6", "10400.0")
    tabel = {"penduduk_dki_jakarta": penduduk_jakarta(tmp_path, teks), "bps_1276_penduduk_perkotaan": proyeksi()}
    h = klaim.periksa_penduduk_jakarta(REGISTRI["C2"], tabel)
    assert h.status == klaim.BERBEDA
    assert not h.temuan["penduduk"]["cocok"].any()


def test_c3_is_never_verified():
    assert klaim.periksa_di_luar_data_bps(REGISTRI["C3"], {}).status == klaim.TAK_TERPERIKSA


def test_c4_lists_every_province_and_the_same_semester():
    tabel = {"p0_daerah": p0_daerah(), "p0_provinsi": p0_provinsi(), "gini_daerah": gini()}
    h = klaim.periksa_provinsi_miskin(REGISTRI["C4"], tabel)
    assert h.status == klaim.COCOK
    prov = h.temuan["provinsi"]
    assert sorted(prov["wilayah"]) == ["DI Yogyakarta", "Lampung"]  # not Indonesia, not 11.75
    assert list(prov.loc[prov["semester_sama"], "wilayah"]) == ["DI Yogyakarta"]
    assert "Gini per provinsi tidak ada" in h.penjelasan


def test_c4_pairing_from_another_semester_is_reported_not_forced():
    tabel = {"p0_daerah": p0_daerah(), "p0_provinsi": p0_provinsi(diy_2019=12.1), "gini_daerah": gini()}
    h = klaim.periksa_provinsi_miskin(REGISTRI["C4"], tabel)
    assert h.status == klaim.ATRIBUSI_KELIRU
    assert not h.temuan["provinsi"]["semester_sama"].any()


def test_c4_without_the_national_rate_differs():
    tabel = {"p0_daerah": p0_daerah(nasional_2019=9.5), "p0_provinsi": p0_provinsi(), "gini_daerah": gini()}
    h = klaim.periksa_provinsi_miskin(REGISTRI["C4"], tabel)
    assert h.status == klaim.BERBEDA and h.temuan["nasional"].empty


def test_c5_finds_the_years_of_55_percent_and_differs_for_the_article_year():
    h = klaim.periksa_pangsa_perkotaan(REGISTRI["C5"], {"bps_1276_penduduk_perkotaan": proyeksi()})
    t = h.temuan["tahunan"]
    assert list(t.loc[t["cocok"], "tahun"]) == [2017, 2018]
    assert h.status == klaim.BERBEDA
    assert h.angka["pangsa_rujukan"] == pytest.approx(56.7 + 4 * 0.66)


def test_c6_matches_and_differs_with_the_near_poor_share():
    ok = klaim.periksa_miskin_kota(REGISTRI["C6"], {"p0_daerah": p0_daerah(), "hampir_miskin": hampir_miskin()})
    assert ok.status == klaim.COCOK
    jauh = klaim.periksa_miskin_kota(REGISTRI["C6"], {"p0_daerah": p0_daerah(), "hampir_miskin": hampir_miskin(3.0)})
    assert jauh.status == klaim.BERBEDA
    tanpa = hampir_miskin()[lambda d: d["tahun"] != 2024]
    kosong = klaim.periksa_miskin_kota(REGISTRI["C6"], {"p0_daerah": p0_daerah(), "hampir_miskin": tanpa})
    assert kosong.status == klaim.TAK_TERPERIKSA


def test_f1_gives_the_series_that_redraws_the_figure():
    h = klaim.periksa_gambar_hampir_miskin(REGISTRI["F1"], {"p0_daerah": p0_daerah(), "hampir_miskin": hampir_miskin()})
    assert h.status == klaim.TAK_TERPERIKSA
    assert set(h.temuan["seri"]["daerah"]) == {"Perkotaan", "Perdesaan"}
    assert len(h.temuan["seri"]) == 4


def test_status_table_shows_every_status_with_words_and_symbol():
    audit = pd.DataFrame([{"id": s[:2], "bagian": "b", "klaim": "k", "nilai_artikel": "1", "nilai_hitung": "1",
                           "status": s} for s in klaim.STATUS])
    t = klaim.tabel_status(audit, "judul")
    for s in klaim.STATUS:
        assert klaim.label_status(s) in t.html


# ----------------------------------------------------------------------------- Jakarta transcription

def test_jakarta_figures_in_people_with_their_precision(tmp_path):
    d = penduduk_jakarta(tmp_path)
    baris = d[d["tahun"] == 2018].iloc[0]
    assert baris["penduduk_jiwa"] == pytest.approx(10_467_600) and baris["presisi_jiwa"] == pytest.approx(50)
    assert d[d["tahun"] == 2020].iloc[0]["presisi_jiwa"] == pytest.approx(5000)


def test_jakarta_unknown_unit_names_line_and_column(tmp_path):
    with pytest.raises(Exception, match=r"baris 3.*satuan_penduduk"):
        penduduk_jakarta(tmp_path, JAKARTA_CSV.replace("ribu jiwa", "ribuan"))
