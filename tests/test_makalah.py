"""The reproduced paper: Table 1 in the article's order, Figure 1's series, verdicts from the audit,
and (slow, needs TeX) the PDF's text."""

from __future__ import annotations

import os
import shutil
import subprocess

import pandas as pd
import pytest
import yaml
from conftest import ROOT

from kompendium import kosakata, makalah, tidy
from kompendium.klaim import audit, registry
from kompendium.klaim.presentation import label_status

TAHUN_ARTIKEL = [2035, 2030, 2025, 2020, 2015, 2010]


def _proyeksi(tahun=(2010, 2015, 2020, 2025, 2030, 2035)) -> pd.DataFrame:
    baris = [{"indikator": kosakata.PERSEN_PENDUDUK_PERKOTAAN, "kode_wilayah": kode, "wilayah": nama,
              "daerah": "", "tahun": t, "periode": kosakata.TAHUNAN, "nilai": nilai + t / 100,
              "satuan": "persen", "sumber": "x.csv"}
             for t in tahun for kode, nama, nilai in (("00", "Indonesia", 0.0), ("31", "DKI Jakarta", 50.0))]
    return pd.DataFrame(baris)


def test_tabel_1_is_the_national_row_in_the_articles_column_order():
    t = makalah.tabel_1(_proyeksi(), TAHUN_ARTIKEL)
    assert list(t.columns) == TAHUN_ARTIKEL
    assert list(t.index) == ["Indonesia"]
    assert t.loc["Indonesia", 2035] == pytest.approx(20.35)  # the national row, not DKI Jakarta's


def test_tabel_1_names_the_missing_year():
    with pytest.raises(makalah.MakalahError, match=r"2035"):
        makalah.tabel_1(_proyeksi(tahun=(2010, 2015)), TAHUN_ARTIKEL)


def test_list_table_has_a_glue_role_per_cell_and_the_caption():
    t = makalah.tabel_1(_proyeksi(), TAHUN_ARTIKEL)
    teks = makalah.render_list_table(t, "Judul tabel", "tabel-x")
    assert teks.startswith(":::{list-table} Judul tabel\n") and ":name: tabel-x" in teks
    # Header and value cells in the article's order, every number a glue role (none typed).
    urutan = [teks.index(f"`t1_nilai_{th}`") for th in TAHUN_ARTIKEL]
    assert urutan == sorted(urutan)
    assert all(f"{{glue:text}}`t1_tahun_{th}`" in teks for th in TAHUN_ARTIKEL)
    assert "20.35" not in teks and "20,35" not in teks


def _hampir() -> pd.DataFrame:
    baris = []
    for daerah in (kosakata.PERKOTAAN, kosakata.PERDESAAN, kosakata.TOTAL):
        for tahun, periode, p0 in ((2024, "Maret", 7.0), (2023, "September", 7.5)):
            for batas, persen, pilih in ((1.2, 6.5, True), (1.2, 9.0, False), (1.5, 20.0, True)):
                baris.append({"tahun": tahun, "periode": periode, "daerah": daerah, "model": "m",
                              "batas": batas, "persen": persen, "terpilih": pilih, "p0": p0,
                              "sumber": "s"})
    return pd.DataFrame(baris)


def test_seri_gambar_1_keeps_the_chosen_estimate_of_both_areas_in_time_order():
    seri = makalah.seri_gambar_1(_hampir(), 1.2)
    assert set(seri["daerah"]) == {kosakata.PERKOTAAN, kosakata.PERDESAAN}
    assert (seri["hampir_miskin"] == 6.5).all()
    kota = seri[seri["daerah"] == kosakata.PERKOTAAN]
    assert list(kota["semester"]) == ["September 2023", "Maret 2024"]
    assert makalah.terbaru(seri, kosakata.PERKOTAAN)["semester"] == "Maret 2024"


def test_seri_gambar_1_errors_name_the_file_and_what_is_missing():
    with pytest.raises(makalah.MakalahError, match=r"batas 1\.3"):
        makalah.seri_gambar_1(_hampir(), 1.3, "hampir_miskin.csv")
    dobel = _hampir()
    dobel.loc[1, "terpilih"] = True
    with pytest.raises(makalah.MakalahError, match=r"hampir_miskin.csv: baris 2: lebih dari satu"):
        makalah.seri_gambar_1(dobel, 1.2, "hampir_miskin.csv")
    with pytest.raises(makalah.MakalahError, match=r"kolom \['p0'\]"):
        makalah.seri_gambar_1(_hampir().drop(columns="p0"), 1.2)


class _Angka:
    def __init__(self):
        self.nilai = {}

    def tempel(self, k, v, d=1):
        self.nilai[k] = v

    def tempel_tahun(self, k, v):
        self.nilai[k] = int(v)

    def tempel_teks(self, k, v):
        self.nilai[k] = v


def test_every_claim_gets_its_verdict_and_the_articles_numbers():
    registri = registry.read_registry()
    statuses = ["cocok", "berbeda", "tidak-dapat-diverifikasi", "cocok-atribusi-keliru"]
    tabel = pd.DataFrame({"id": [e["id"] for e in registri],
                          "status": [statuses[i % 4] for i in range(len(registri))],
                          "nilai_hitung": "x"})
    angka = _Angka()
    makalah.tempel_klaim(angka, registri, tabel)
    for i, e in enumerate(registri):
        assert angka.nilai[f"status_{e['id']}"] == label_status(statuses[i % 4])
    assert angka.nilai["artikel_C4_nasional"] == 9.41
    assert angka.nilai["artikel_C2_tahun_disebut"] == 2023
    assert angka.nilai["tahun_C3_2010"] == 2010
    with pytest.raises(makalah.MakalahError, match="C6"):
        makalah.tempel_klaim(_Angka(), registri, tabel[tabel["id"] != "C6"])


def test_the_paper_glues_every_key_it_shows_and_is_registered():
    """Every glue role of the paper notebook is glued by the functions it calls (none typed)."""
    import json
    import re

    nb = json.loads((ROOT / "notebooks" / "makalah.ipynb").read_text(encoding="utf-8"))
    teks = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    roles = set(re.findall(r"\{glue:text\}`([^`]+)`", teks))
    registri = registry.read_registry()
    angka = _Angka()
    tabel = pd.DataFrame({"id": [e["id"] for e in registri], "status": "cocok", "nilai_hitung": "x"})
    makalah.tempel_klaim(angka, registri, tabel)
    for k in ("g1_batas", "g1_semester_awal", "data_vintage", "commit"):
        angka.nilai[k] = 0
    for awalan in ("g1_kota", "g1_desa"):
        for akhir in ("semester", "miskin", "hampir"):
            angka.nilai[f"{awalan}_{akhir}"] = 0
    assert roles - set(angka.nilai) == set()
    # No digits typed in the paper's prose outside roles, labels and file names.
    polos = re.sub(r"`[^`]*`|\([a-z0-9-]+\)=|:name: \S+|\w*[A-Za-z_]\w*", "", teks)
    assert re.findall(r"\d+", polos) == []
    smk = (ROOT / "workflow" / "rules" / "makalah.smk").read_text(encoding="utf-8")
    assert 'register_notebook(\n    "makalah"' in smk
    assert 'include: "rules/makalah.smk"' in (ROOT / "workflow" / "Snakefile").read_text(encoding="utf-8")
    toc = yaml.safe_load((ROOT / "book" / "_toc_makalah.yml").read_text(encoding="utf-8"))
    assert toc["root"] == "_generated/makalah"


PDF = ROOT / "book" / "_build" / "makalah" / "makalah.pdf"


@pytest.mark.slow
def test_paper_pdf_shows_table_1_figure_1_and_the_verdicts():
    """The built PDF (bash build.sh, or `snakemake paper_pdf`) carries Table 1's values in the
    article's order, Figure 1's title and caption labels, and the verdicts."""
    if not (shutil.which("xelatex") and shutil.which("pdftotext")):
        if os.environ.get("CI"):
            pytest.fail("CI is set but TeX Live or poppler-utils is missing (.ci/run installs them)")
        pytest.skip("TeX Live (xelatex) or pdftotext not installed")
    if not PDF.is_file():
        subprocess.run([shutil.which("snakemake") or "snakemake", "--cores", "2", "paper_pdf"],
                       cwd=ROOT, check=True, capture_output=True)
    teks = subprocess.run(["pdftotext", "-layout", str(PDF), "-"], check=True, capture_output=True,
                          text=True).stdout
    proyeksi = tidy.read_csv(ROOT / "data" / "processed" / "bps_1276_penduduk_perkotaan.csv")
    tahun = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))[
        "urbanisasi"]["tahun_artikel"]
    t = makalah.tabel_1(proyeksi, tahun)
    nilai = " +".join(f"{t.iloc[0][th]:.1f}".replace(".", ",") for th in tahun)
    tahun_baris = " +".join(str(th) for th in tahun)
    import re

    assert re.search(tahun_baris, teks), "Table 1's years are not in the article's order"
    assert re.search(r"Indonesia +" + nilai, teks), "Table 1's values are missing"
    assert "Tabel 1" in teks and "Gambar 1" in teks
    assert makalah.JUDUL_GAMBAR_1 in teks
    hasil = audit.read_audit(ROOT / "data" / "processed" / "claims_audit.csv")
    for status in set(hasil["status"]):
        assert label_status(status).split(" ", 1)[1] in teks
