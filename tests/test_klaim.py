"""The claims audit: registry, each checker on small hand-made tables, the audit's completeness,
the findings the chapter shows, and the registry against the article's CLAIMS.md."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from kompendium import jakarta
from kompendium.cli import main
from kompendium.errors import BpsFormatError
from kompendium.klaim import audit, checkers, presentation, registry
from kompendium.klaim.kontrak import (
    ATRIBUSI_KELIRU,
    BERBEDA,
    COCOK,
    STATUS,
    TAK_TERPERIKSA,
    KlaimError,
)

ROOT = Path(__file__).resolve().parents[1]
# The article's list of claims lives beside the repository; only tests read it.
CLAIMS_MD = ROOT.parent / "shared" / "article" / "CLAIMS.md"
REGISTRI = {e["id"]: e for e in registry.read_registry()}


def tidy(indikator, rows, satuan="persen"):
    """Tidy rows from (kode, wilayah, daerah, tahun, periode, nilai)."""
    return pd.DataFrame([
        {"indikator": indikator, "kode_wilayah": k, "wilayah": w, "daerah": d, "tahun": t, "periode": p,
         "nilai": v, "satuan": satuan, "sumber": "uji.csv"} for k, w, d, t, p, v in rows])


def proyeksi(idn=(49.8, 53.3, 56.7, 60.0, 63.4, 66.6)):
    tahun = [2010, 2015, 2020, 2025, 2030, 2035]
    rows = [("00", "Indonesia", "", t, "Tahunan", v) for t, v in zip(tahun, idn, strict=False)]
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


def _tulis(tmp_path, teks):
    path = tmp_path / "dki.csv"
    path.write_text(teks, encoding="utf-8")
    return path


def penduduk_jakarta(tmp_path, teks=JAKARTA_CSV):
    return jakarta.read_transcription(_tulis(tmp_path, teks))


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


# ----------------------------------------------------------------------------- registry and audit

def test_registry_ids_are_the_articles_claims_md_ids():
    if not CLAIMS_MD.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CLAIMS_MD} must exist under CI")
        pytest.skip(f"{CLAIMS_MD} not present (outside CI)")
    assert registry.read_claims_md_ids(CLAIMS_MD) == list(REGISTRI)
    registry.periksa_claims_md(list(REGISTRI.values()), CLAIMS_MD)


def test_nothing_the_build_reads_lies_outside_the_repository():
    files = [ROOT / "workflow" / "rules" / "klaim.smk", *(ROOT / "src" / "kompendium").rglob("*.py"),
             *(ROOT / "src" / "kompendium" / "data").glob("*.yaml")]
    assert [str(f) for f in files if "../shared" in f.read_text(encoding="utf-8")] == []


def test_every_registry_claim_has_its_section_in_the_audit_chapter():
    notebook = json.loads((ROOT / "notebooks" / "audit.ipynb").read_text(encoding="utf-8"))
    teks = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    judul = re.findall(r"^### ([A-Z]\d+) · (.+)$", teks, flags=re.MULTILINE)
    assert judul == [(e["id"], e["judul"]) for e in REGISTRI.values()]


def test_every_article_claim_gets_one_row_with_status_and_named_data(processed):
    tabel = audit.build_audit(processed)
    assert list(tabel.columns[:6]) == ["id", "klaim", "nilai_artikel", "nilai_hitung", "status", "penjelasan"]
    assert list(tabel["id"]) == list(REGISTRI)
    for r in tabel.itertuples():
        assert r.status in STATUS
        data = REGISTRI[r.id]["data"]
        if data:
            for nama in data:
                assert f"data/processed/{nama}.csv" in r.penjelasan, (r.id, nama)
        else:
            assert "tidak ada tabel" in r.penjelasan, r.id


def test_claims_md_parser_reads_the_first_cell_of_table_rows(tmp_path):
    md = tmp_path / "CLAIMS.md"
    md.write_text("| id | x |\n|---|---|\n| T1 | a |\n| C9 | b |\ntext C3\n", encoding="utf-8")
    assert registry.read_claims_md_ids(md) == ["T1", "C9"]


def test_a_claims_md_with_other_ids_is_reported(tmp_path):
    md = tmp_path / "CLAIMS.md"
    md.write_text("| T1 | a |\n| Z9 | b |\n", encoding="utf-8")
    with pytest.raises(KlaimError, match="Z9"):
        registry.periksa_claims_md([REGISTRI["T1"]], md)


def test_a_registry_id_without_row_stops_the_build():
    registri = [REGISTRI["T1"], REGISTRI["C3"]]
    tabel = pd.DataFrame([{"id": "T1", "status": "cocok", "penjelasan": "x"}])
    with pytest.raises(KlaimError, match="C3"):
        audit.periksa_kelengkapan(tabel, registri)


def test_missing_processed_table_is_named(tmp_path):
    with pytest.raises(KlaimError, match="p0_daerah.csv"):
        audit.build_audit(tmp_path, registri=[REGISTRI["C6"]])


def test_registry_rejects_an_unknown_checker_naming_line_and_key(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("# x\n- {id: X1, bagian: a, judul: j, klaim: b, nilai_artikel: {}, data: [], pemeriksa: tebak}\n")
    with pytest.raises(KlaimError, match=r"r\.yaml \(baris 2, klaim X1, kunci pemeriksa\).*tebak") as e:
        registry.read_registry(path)
    assert "periksa_tabel_urbanisasi" in str(e.value)


@pytest.mark.parametrize("entri, kunci", [
    ("{id: X1, bagian: a, klaim: b, nilai_artikel: {}, data: [], pemeriksa: periksa_di_luar_data_bps}", "judul"),
    ("{id: X1, bagian: a, judul: j, klaim: b, nilai_artikel: {}, data: p0, pemeriksa: periksa_di_luar_data_bps}",
     "data"),
    ("{id: x-1, bagian: a, judul: j, klaim: b, nilai_artikel: {}, data: [], pemeriksa: periksa_di_luar_data_bps}",
     "id"),
    (("{id: X1, bagian: a, judul: j, klaim: b, nilai_artikel: {}, data: [], pemeriksa: periksa_di_luar_data_bps, "
      "atruan: {}}"), "atruan"),
])
def test_registry_names_the_bad_key(tmp_path, entri, kunci):
    path = tmp_path / "r.yaml"
    path.write_text(f"- {entri}\n")
    with pytest.raises(KlaimError, match=f"kunci {kunci}"):
        registry.read_registry(path)


def test_rounding_is_half_up_at_the_printed_decimals():
    assert checkers.dalam_pembulatan([11.65, 11.70, 11.749], 11.7, 1).all()
    assert not checkers.dalam_pembulatan([11.75, 11.64], 11.7, 1).any()
    assert checkers.desimal_dari(9.41) == 2 and checkers.desimal_dari(60.0) == 1 and checkers.desimal_dari(7) == 0


def test_cli_writes_the_audit_and_its_findings(processed, tmp_path):
    out, temuan = tmp_path / "claims_audit.csv", tmp_path / "temuan"
    (temuan).mkdir()
    (temuan / "Z9_lama.csv").write_text("x\n1\n")  # from an earlier run: removed
    assert main(["klaim", "audit", str(processed), str(out), "--findings", str(temuan)]) == 0
    tabel = audit.read_audit(out)
    assert list(tabel["id"]) == list(REGISTRI)
    assert not (temuan / "Z9_lama.csv").exists()
    assert (temuan / "T1_perbandingan.csv").is_file() and (temuan / "C2_luas.csv").is_file()


def test_read_audit_refuses_a_file_that_lacks_a_claim(processed, tmp_path):
    out = tmp_path / "claims_audit.csv"
    audit.build_audit(processed).iloc[1:].to_csv(out, index=False)
    with pytest.raises(KlaimError, match=r"claims_audit\.csv: id tanpa baris \['T1'\]"):
        audit.read_audit(out)


# ----------------------------------------------------------------------------- checkers

def test_t1_matches_and_reports_a_changed_value():
    ok = checkers.periksa_tabel_urbanisasi(REGISTRI["T1"], {"bps_1276_penduduk_perkotaan": proyeksi()})
    assert ok.status == COCOK
    beda = checkers.periksa_tabel_urbanisasi(
        REGISTRI["T1"], {"bps_1276_penduduk_perkotaan": proyeksi((49.8, 53.3, 56.9, 60.0, 63.4, 66.6))})
    assert beda.status == BERBEDA and "2020" in beda.penjelasan


def test_c1_cannot_be_verified_from_shares_but_reports_ranks():
    h = checkers.periksa_tujuan_urbanisasi(REGISTRI["C1"], {"bps_1276_penduduk_perkotaan": proyeksi()})
    assert h.status == TAK_TERPERIKSA
    assert list(h.temuan["provinsi"]["peringkat_pangsa"]) == [1, 2]


def test_c2_finds_the_projection_not_a_census_and_the_area_that_fits(tmp_path):
    tabel = {"penduduk_dki_jakarta": penduduk_jakarta(tmp_path), "bps_1276_penduduk_perkotaan": proyeksi()}
    h = checkers.periksa_penduduk_jakarta(REGISTRI["C2"], tabel)
    assert h.status == ATRIBUSI_KELIRU
    cocok = h.temuan["penduduk"]
    assert list(cocok.loc[cocok["cocok"], "tahun"]) == [2018]
    luas = h.temuan["luas"]
    assert list(luas.loc[luas["cocok"], "luas_km2"]) == [662.33]
    assert "2023" in h.penjelasan


def test_c2_without_a_matching_population_is_not_forced(tmp_path):
    teks = JAKARTA_CSV.replace("10467.6", "10400.0")
    tabel = {"penduduk_dki_jakarta": penduduk_jakarta(tmp_path, teks), "bps_1276_penduduk_perkotaan": proyeksi()}
    h = checkers.periksa_penduduk_jakarta(REGISTRI["C2"], tabel)
    assert h.status == BERBEDA
    assert not h.temuan["penduduk"]["cocok"].any()


def test_c3_is_never_verified():
    assert checkers.periksa_di_luar_data_bps(REGISTRI["C3"], {}).status == TAK_TERPERIKSA


def test_c4_lists_every_province_and_the_same_semester():
    tabel = {"p0_daerah": p0_daerah(), "p0_provinsi": p0_provinsi(), "gini_daerah": gini()}
    h = checkers.periksa_provinsi_miskin(REGISTRI["C4"], tabel)
    assert h.status == COCOK
    prov = h.temuan["provinsi"]
    assert sorted(prov["wilayah"]) == ["DI Yogyakarta", "Lampung"]  # not Indonesia, not 11.75
    assert list(prov.loc[prov["semester_sama"], "wilayah"]) == ["DI Yogyakarta"]
    assert "Gini per provinsi tidak ada" in h.penjelasan


def test_c4_pairing_from_another_semester_is_reported_not_forced():
    tabel = {"p0_daerah": p0_daerah(), "p0_provinsi": p0_provinsi(diy_2019=12.1), "gini_daerah": gini()}
    h = checkers.periksa_provinsi_miskin(REGISTRI["C4"], tabel)
    assert h.status == ATRIBUSI_KELIRU
    assert not h.temuan["provinsi"]["semester_sama"].any()


def test_c4_without_the_national_rate_differs():
    tabel = {"p0_daerah": p0_daerah(nasional_2019=9.5), "p0_provinsi": p0_provinsi(), "gini_daerah": gini()}
    h = checkers.periksa_provinsi_miskin(REGISTRI["C4"], tabel)
    assert h.status == BERBEDA and h.temuan["nasional"].empty


def test_c5_finds_the_years_of_55_percent_and_differs_for_the_article_year():
    h = checkers.periksa_pangsa_perkotaan(REGISTRI["C5"], {"bps_1276_penduduk_perkotaan": proyeksi()})
    t = h.temuan["tahunan"]
    assert list(t.loc[t["cocok"], "tahun"]) == [2017, 2018]
    assert h.status == BERBEDA
    assert h.angka["pangsa_rujukan"] == pytest.approx(56.7 + 4 * 0.66)


def test_c6_matches_and_differs_with_the_near_poor_share():
    ok = checkers.periksa_miskin_kota(REGISTRI["C6"], {"p0_daerah": p0_daerah(), "hampir_miskin": hampir_miskin()})
    assert ok.status == COCOK
    # The band: the chosen family (6,90) and the other family (9,90) bound the estimate.
    assert "(rentang model 6,90–9,90)" in ok.nilai_hitung and "6,90 sampai 9,90 persen" in ok.penjelasan
    jauh = checkers.periksa_miskin_kota(REGISTRI["C6"], {"p0_daerah": p0_daerah(), "hampir_miskin": hampir_miskin(3.0)})
    assert jauh.status == BERBEDA
    tanpa = hampir_miskin()[lambda d: d["tahun"] != 2024]
    kosong = checkers.periksa_miskin_kota(REGISTRI["C6"], {"p0_daerah": p0_daerah(), "hampir_miskin": tanpa})
    assert kosong.status == TAK_TERPERIKSA


def test_f1_gives_the_series_that_redraws_the_figure():
    tabel = {"p0_daerah": p0_daerah(), "hampir_miskin": hampir_miskin()}
    h = checkers.periksa_gambar_hampir_miskin(REGISTRI["F1"], tabel)
    assert h.status == TAK_TERPERIKSA
    assert set(h.temuan["seri"]["daerah"]) == {"Perkotaan", "Perdesaan"}
    assert len(h.temuan["seri"]) == 4
    kota = h.temuan["seri"].query("daerah == 'Perkotaan'").iloc[-1]
    assert (kota["bawah"], kota["atas"]) == (6.9, 9.9)
    assert "hampir miskin 6,90 (rentang model 6,90–9,90)" in h.nilai_hitung


def test_status_table_shows_every_status_with_words_and_symbol():
    tabel = pd.DataFrame(
        [
            {"id": s[:2], "bagian": "b", "klaim": "k", "nilai_artikel": "1", "nilai_hitung": "1", "status": s}
            for s in STATUS
        ]
    )
    t = presentation.render_status_table(tabel, "judul")
    for s in STATUS:
        assert presentation.label_status(s) in t.html and presentation.label_status(s) in t.teks


class Rekam:
    """Stands in for kompendium.tempel.Angka: records what would be glued, and how."""

    def __init__(self):
        self.nilai = {}

    def tempel(self, kunci, nilai, desimal=1):
        self.nilai[kunci] = (nilai, desimal)

    def tempel_tahun(self, kunci, tahun):
        self.nilai[kunci] = (tahun, "tahun")

    def tempel_teks(self, kunci, teks):
        self.nilai[kunci] = (teks, "teks")


def test_chapter_glues_counts_labels_and_each_claims_status(processed):
    tabel = audit.build_audit(processed)
    angka = Rekam()
    presentation.tempel_angka(angka, tabel)
    assert angka.nilai["jumlah_klaim"] == (len(REGISTRI), 0)
    assert sum(angka.nilai[f"jumlah_{k}"][0] for k in presentation.KUNCI_STATUS.values()) == len(REGISTRI)
    assert angka.nilai["status_C3"] == ("? tidak dapat diverifikasi", "teks")
    assert angka.nilai["penjelasan_C3"][0] == tabel.set_index("id").at["C3", "penjelasan"]


def test_findings_are_shown_from_the_files_the_audit_wrote(processed, tmp_path):
    temuan = tmp_path / "temuan"
    audit.write_audit(processed, tmp_path / "claims_audit.csv", temuan)
    t1 = presentation.render_finding(temuan, REGISTRI["T1"], "perbandingan")
    assert "Tabel BPS 1276" in t1.teks and "2035" in t1.teks and "ya" in t1.teks and 'id="T_t1' in t1.html
    c2 = presentation.render_finding(temuan, REGISTRI["C2"], "luas")
    assert "662,33" in c2.teks and "–" in c2.teks  # the land area without a year
    c5 = presentation.render_finding(temuan, REGISTRI["C5"], "tahunan").teks
    assert "2016" in c5 and "2024" in c5 and "2015" not in c5 and "2025" not in c5
    with pytest.raises(KlaimError, match="C9_perbandingan.csv"):
        presentation.render_finding(temuan, {**REGISTRI["T1"], "id": "C9"}, "perbandingan")
    with pytest.raises(KlaimError, match="tidak punya tampilan"):
        presentation.render_finding(temuan, REGISTRI["T1"], "hilang")


# ----------------------------------------------------------------------------- Jakarta transcription


def test_jakarta_figures_in_people_with_their_precision(tmp_path):
    d = penduduk_jakarta(tmp_path)
    baris = d[d["tahun"] == 2018].iloc[0]
    assert baris["penduduk_jiwa"] == pytest.approx(10_467_600) and baris["presisi_jiwa"] == pytest.approx(50)
    assert d[d["tahun"] == 2020].iloc[0]["presisi_jiwa"] == pytest.approx(5000)


def test_jakarta_unknown_unit_names_line_and_column(tmp_path):
    with pytest.raises(BpsFormatError, match=r"baris 3.*satuan_penduduk"):
        penduduk_jakarta(tmp_path, JAKARTA_CSV.replace("ribu jiwa", "ribuan"))


def test_jakarta_processed_table_reads_back_in_its_types(tmp_path):
    out = jakarta.process(_tulis(tmp_path, JAKARTA_CSV), tmp_path / "penduduk_dki_jakarta.csv")
    d = jakarta.read_csv(out)
    pd.testing.assert_frame_equal(d, penduduk_jakarta(tmp_path))
    out.write_text(out.read_text().replace("10467600.0", "banyak"))
    with pytest.raises(BpsFormatError, match="penduduk_dki_jakarta.csv"):
        jakarta.read_csv(out)
