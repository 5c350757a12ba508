"""Province pages, module by module: the page list (daftar), the summaries and the prepare job
(ringkasan), the charts (grafik), the prose templates (teks) and what the notebook does (halaman)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from kompendium.cli import build_parser
from kompendium.errors import KompendiumError
from kompendium.kosakata import PERDESAAN as D
from kompendium.kosakata import PERKOTAAN as K
from kompendium.kosakata import TOTAL as T
from kompendium.provinsi import daftar, halaman, ringkasan, teks

TIGA = {"18": "lampung", "31": "dki-jakarta", "96": "papua-tengah"}


def tidy(rows: list[tuple], indikator: str = "p0") -> pd.DataFrame:
    """A small tidy table: (kode, wilayah, daerah, tahun, periode, nilai) rows."""
    df = pd.DataFrame(rows, columns=["kode_wilayah", "wilayah", "daerah", "tahun", "periode", "nilai"])
    return df.assign(indikator=indikator)


def tabel_mentah() -> dict[str, pd.DataFrame]:
    """Indonesia, Lampung, DKI Jakarta (no rural figures), Papua Tengah (created 2022, late data,
    no projection). September 2025 carries province totals only, as in BPS's release."""
    p0 = []
    for kode, nama, nilai in (("00", "Indonesia", 9.0), ("18", "Lampung", 11.0), ("31", "DKI Jakarta", 4.0),
                              ("96", "Papua Tengah", 30.0)):
        for tahun, periode, geser in ((2021, "Maret", 1.0), (2025, "Maret", 0.0)):
            ada = kode != "96" or tahun == 2025
            p0 += [(kode, nama, T, tahun, periode, nilai + geser if ada else None),
                   (kode, nama, K, tahun, periode, nilai - 2 + geser if ada else None),
                   (kode, nama, D, tahun, periode, None if kode == "31" or not ada else nilai + 2 + geser)]
        p0 += [(kode, nama, T, 2025, "September", nilai - 0.5), (kode, nama, K, 2025, "September", None),
               (kode, nama, D, 2025, "September", None)]
    p0_tabel = tidy(p0)
    gk = tidy([(k, n, d, 2025, "Maret", v) for k, n, d, v in (
        ("00", "Indonesia", K, 600000.0), ("00", "Indonesia", D, 550000.0),
        ("18", "Lampung", K, 660000.0), ("18", "Lampung", D, 590000.0),
        ("31", "DKI Jakarta", K, 850000.0), ("31", "DKI Jakarta", D, None),
        ("96", "Papua Tengah", K, 1000000.0), ("96", "Papua Tengah", D, 900000.0))], "garis_kemiskinan")
    proyeksi = tidy([(k, n, "", t, "Tahunan", v) for k, n, t, v in (
        ("00", "Indonesia", 2010, 49.8), ("00", "Indonesia", 2035, 66.6),
        ("18", "Lampung", 2010, 25.7), ("18", "Lampung", 2035, 42.4),
        ("31", "DKI Jakarta", 2010, 100.0), ("31", "DKI Jakarta", 2035, 100.0))], "persen_penduduk_perkotaan")
    return {"p0": p0_tabel, "gk": gk, "proyeksi": proyeksi,
            "p0_nasional": p0_tabel[p0_tabel["kode_wilayah"] == "00"], "gk_nasional": gk[gk["kode_wilayah"] == "00"]}


@pytest.fixture
def tabel() -> dict[str, pd.DataFrame]:
    return {k: ringkasan.dengan_waktu(v) for k, v in tabel_mentah().items()}


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """The fixture tables as processed CSVs; the page list cut down to their three provinces."""
    folder = tmp_path / "processed"
    folder.mkdir()
    for kunci, df in tabel_mentah().items():
        df.to_csv(folder / f"{daftar.TABEL[kunci]}.csv", index=False)
    from kompendium.provinsi import grafik

    for modul in (ringkasan, grafik):
        monkeypatch.setattr(modul, "daftar_provinsi", lambda: dict(TIGA))
    return folder


@pytest.fixture
def kabkota() -> pd.DataFrame:
    return pd.DataFrame({
        "kode_wilayah": ["18", "1801", "1810", "1871", "18", "1810"],
        "wilayah": ["Lampung", "Lampung Barat", "Pringsewu", "Kota Bandar Lampung", "Lampung", "Pringsewu"],
        "tahun": [2025, 2025, 2025, 2025, 2024, 2024],
        "nilai": [10.0, 9.9, 7.6, 7.9, 10.6, 8.0],
    })


def glue_roles(markdown: str) -> set[str]:
    return set(re.findall(r"\{glue:text\}`([^`]+)`", markdown))


class Rekam:
    """Stands in for kompendium.tempel.Angka: records what would be glued."""

    def __init__(self) -> None:
        self.kunci: dict[str, object] = {}

    def _catat(self, kunci, nilai):
        assert kunci not in self.kunci, f"{kunci} ditempel dua kali"
        self.kunci[kunci] = nilai

    def tempel(self, kunci, nilai, desimal=1):
        assert isinstance(nilai, (int, float)) and not isinstance(nilai, bool)
        self._catat(kunci, nilai)

    def tempel_tahun(self, kunci, tahun):
        self._catat(kunci, tahun)

    def tempel_teks(self, kunci, teks):
        self._catat(kunci, teks)


# ---- daftar -------------------------------------------------------------------------------


def test_slug_is_url_safe():
    assert daftar.slug("DKI Jakarta") == "dki-jakarta"
    assert daftar.slug("Kepulauan Bangka Belitung") == "kepulauan-bangka-belitung"
    assert daftar.slug(" Papua  Barat Daya ") == "papua-barat-daya"
    with pytest.raises(ValueError):
        daftar.slug("()")


def test_province_list_comes_from_the_region_table():
    d = daftar.daftar_provinsi()
    assert len(d) == 38
    assert d["18"] == "lampung" and d["96"] == "papua-tengah"
    assert "00" not in d
    assert len(set(d.values())) == len(d)


def test_page_parameters_give_kabkota_only_where_there_is_data():
    lampung = daftar.parameter_halaman("lampung", "18", ["1810", "3171"])
    assert lampung["provinsi"] == "18" and lampung["kabkota_csv"] == "p0_kabkota_lampung.csv"
    assert lampung["kabkota_sorot"] == ["1810"]
    assert lampung["ringkasan_path"].endswith("data/processed/provinsi/lampung.json")
    assert lampung["gambar_dir"] == "../figures/provinsi/lampung"
    aceh = daftar.parameter_halaman("aceh", "11", ["1810"])
    assert aceh["kabkota_csv"] == "" and aceh["kabkota_sorot"] == []
    lain = daftar.parameter_halaman("aceh", "11", ["1101"], kabkota={"11": "p0_kabkota_aceh"})
    assert lain["kabkota_csv"] == "p0_kabkota_aceh.csv" and lain["kabkota_sorot"] == ["1101"]


def test_page_list_imports_neither_pandas_nor_matplotlib():
    """The Snakefile imports daftar while it parses the workflow: it must stay cheap."""
    kode = ("import sys, kompendium.provinsi.daftar as d; d.daftar_provinsi(); "
            "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'jinja2') if m in sys.modules))")
    hasil = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, check=True)
    assert hasil.stdout.strip() == "[]"


# ---- ringkasan ----------------------------------------------------------------------------


def test_a_table_with_other_provinces_is_refused(tabel):
    with pytest.raises(KompendiumError, match=r"p0_provinsi\.csv \(kolom kode_wilayah\).*tidak ada di data: \['11'"):
        ringkasan.periksa_provinsi(tabel["p0"], "p0_provinsi.csv")


def test_rank_one_is_the_highest_and_ties_share():
    rank = ringkasan.peringkat(pd.Series({"a": 5.0, "b": 9.0, "c": 5.0, "d": 1.0}))
    assert rank.to_dict() == {"a": 2.0, "b": 1.0, "c": 2.0, "d": 4.0}


def test_periods_in_time_order_from_the_vocabulary(tabel):
    p0 = tabel["p0"]
    assert ringkasan.terakhir(p0, T) == 20252  # September 2025: totals only
    assert ringkasan.terakhir(p0, K) == 20251
    assert ringkasan.label_urut(20252) == "September 2025"
    assert p0.loc[p0["periode"] == "September", "waktu"].iloc[0] == 2025.75


def test_latest_semester_with_urban_rural_figures_is_used_for_them(tabel):
    r = ringkasan.ringkas("18", tabel)
    a = r["angka"]
    assert r["teks"]["semester_akhir"] == "September 2025"
    assert r["teks"]["semester_daerah"] == "Maret 2025"
    assert a["p0_total"] == [10.5, 2] and a["idn_p0_total"] == [8.5, 2]
    assert a["p0_kota"] == [9.0, 2] and a["p0_desa"] == [13.0, 2] and a["idn_p0_kota"] == [7.0, 2]
    assert a["selisih_desa_kota"][0] == pytest.approx(4.0)
    # Papua Tengah 29.5 > Lampung 10.5 > DKI 3.5
    assert a["peringkat_total"] == [2.0, 0] and a["jumlah_peringkat_total"] == [3.0, 0]
    assert a["p0_awal"] == [12.0, 2] and r["teks"]["semester_awal"] == "Maret 2021"
    assert a["p0_turun"][0] == pytest.approx(1.5)
    assert a["gk_kota"] == [660000.0, 0] and a["gk_kota_persen_idn"][0] == pytest.approx(110.0)
    assert a["kota_awal"] == [25.7, 1] and r["tahun"] == {"proyeksi_awal": 2010, "proyeksi_akhir": 2035}


def test_missing_figures_are_left_out(tabel):
    dki = ringkasan.ringkas("31", tabel)
    assert "p0_desa" not in dki["angka"] and "gk_desa" not in dki["angka"]
    assert "selisih_desa_kota" not in dki["angka"]
    papua_tengah = ringkasan.ringkas("96", tabel)
    assert "kota_akhir" not in papua_tengah["angka"] and "proyeksi_awal" not in papua_tengah["tahun"]
    assert papua_tengah["tahun"]["dibentuk"] == 2022
    assert papua_tengah["teks"]["semester_awal"] == "Maret 2025"


def test_summary_table_shows_a_dash_where_bps_publishes_nothing(tabel):
    df = ringkasan.tabel_ringkas(ringkasan.ringkas("31", tabel))
    assert list(df.columns) == ["DKI Jakarta", "Indonesia"]
    assert df.loc["Penduduk miskin, perdesaan (%), Maret 2025"].tolist() == ["–", "11,00"]
    assert df.loc["Garis kemiskinan, perkotaan (Rp/kapita/bulan), Maret 2025"].tolist() == ["850.000", "600.000"]


def test_prepare_job_writes_every_summary_the_index_table_and_page(data_dir, tmp_path):
    keluaran, indeks_md = tmp_path / "provinsi", tmp_path / "book" / "provinsi.md"
    hasil = ringkasan.write_summaries(data_dir, keluaran, indeks_md)
    assert [r["teks"]["slug"] for r in hasil] == list(TIGA.values())
    lampung = json.loads((keluaran / "lampung.json").read_text(encoding="utf-8"))
    assert lampung["angka"]["p0_total"] == [10.5, 2]
    assert "<table" in lampung["tabel"]["html"] and "10,50" in lampung["tabel"]["teks"]
    indeks = pd.read_csv(keluaran / "indeks.csv", dtype={"kode": str})
    assert indeks["kode"].tolist() == ["18", "31", "96"] and indeks["kota_akhir"].isna().sum() == 1
    assert "[Papua Tengah](provinsi/papua-tengah.ipynb)" in indeks_md.read_text(encoding="utf-8")
    assert not list(keluaran.glob(".*"))  # atomic writes leave no temporary files


def test_prepare_job_names_the_table_with_other_provinces(data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(ringkasan, "daftar_provinsi", lambda: {**TIGA, "11": "aceh"})
    with pytest.raises(KompendiumError, match=r"p0_provinsi\.csv.*tidak ada di data: \['11'\]"):
        ringkasan.write_summaries(data_dir, tmp_path / "out", tmp_path / "provinsi.md")


def test_kabkota_summary_ranks_the_highlighted_district(kabkota):
    hasil = ringkasan.ringkas_kabkota(kabkota, "18", ["1810"])
    assert hasil["tahun"] == 2025 and hasil["jumlah"] == 3 and hasil["provinsi"] == 10.0
    assert hasil["sorot"] == [{"kode": "1810", "nama": "Pringsewu", "p0": 7.6, "peringkat": 3}]
    with pytest.raises(KompendiumError, match=r"kabkota_sorot.*\['1899'\].*tahun 2025"):
        ringkasan.ringkas_kabkota(kabkota, "18", ["1899"])


# ---- teks ---------------------------------------------------------------------------------


def sections(r: dict, folder: str = "g") -> dict[str, str]:
    return {b: teks.render_section(b, r, folder) for b in teks.BAGIAN}


@pytest.mark.parametrize("kode", ["18", "31", "96"])
def test_every_glue_role_in_the_prose_has_a_glued_value(tabel, kode):
    r = ringkasan.ringkas(kode, tabel)
    rekam = Rekam()
    halaman.glue_summary(rekam, r)
    dipakai = glue_roles("\n".join(sections(r).values()))
    assert dipakai and dipakai <= set(rekam.kunci), dipakai - set(rekam.kunci)
    # Ranks are glued as integers ("2", not "2,0").
    assert isinstance(rekam.kunci["peringkat_total"], int)


def test_overview_paragraph_is_one_line_as_written(tabel):
    """Pins the whitespace the templates produce: one paragraph line, one final newline."""
    r = ringkasan.ringkas("18", tabel)
    assert teks.render_section("ringkasan", r, "g") == (
        "Pada {glue:text}`semester_akhir`, {glue:text}`p0_total` persen penduduk {glue:text}`nama` hidup "
        "di bawah garis kemiskinan, sedangkan angka nasionalnya {glue:text}`idn_p0_total` persen. "
        "Rincian menurut daerah (perkotaan dan perdesaan) yang terbaru adalah untuk "
        "{glue:text}`semester_daerah`, saat angka provinsinya {glue:text}`p0_total_daerah` persen. Di perkotaan "
        "{glue:text}`p0_kota` persen penduduknya miskin (nasional {glue:text}`idn_p0_kota`), di perdesaan "
        "{glue:text}`p0_desa` persen (nasional {glue:text}`idn_p0_desa`). Kemiskinan di perdesaan lebih tinggi "
        "{glue:text}`selisih_desa_kota` poin persen daripada di perkotaan, seperti pola nasional.\n"
    )


def test_figure_block_has_alt_text_a_caption_and_a_unique_name(tabel):
    r = ringkasan.ringkas("18", tabel)
    blok = teks.render_section("tren", r, "../figures/provinsi/lampung")
    teks_awal, gambar = blok.split("\n\n", 1)
    assert teks_awal.count("\n") == 0
    assert gambar == (
        "```{figure} ../figures/provinsi/lampung/p0.png\n"
        ":name: fig-lampung-p0\n"
        ":alt: Grafik garis persentase penduduk miskin Lampung di perkotaan (biru) dan perdesaan (hijau), "
        "Maret 2021 sampai September 2025, dengan garis putus-putus untuk Indonesia. Garis perdesaan berada "
        "di atas garis perkotaan pada semester terakhir yang memuat rincian daerah (13,00 dan 9,00 persen). "
        "Persentase penduduk miskin seluruh provinsi turun dari 12,00 ke 10,50 persen.\n"
        ":width: 100%\n\n"
        "Persentase penduduk miskin {glue:text}`nama` menurut daerah, dibandingkan dengan Indonesia "
        "(garis putus-putus). Sumber: BPS {cite}`bpskemiskinan`.\n"
        "```\n"
    )
    nama = [re.search(r":name: (\S+)", s).group(1) for s in sections(r).values() if ":name:" in s]
    assert len(nama) == len(set(nama)) == 4


def test_province_without_rural_figures_says_so(tabel):
    s = sections(ringkasan.ringkas("31", tabel))
    assert "tidak menerbitkan angka perdesaan" in s["ringkasan"]
    assert "perdesaan garisnya" not in s["gk"]


def test_province_without_projection_has_no_chart_and_says_why(tabel):
    """Papua Tengah: created 2022, after the 2010 projection; its series starts late."""
    s = sections(ringkasan.ringkas("96", tabel))
    assert "tidak ada angka proyeksi" in s["proyeksi"] and "{figure}" not in s["proyeksi"]
    assert s["proyeksi"].endswith("provinsi induknya, Papua.\n") and s["proyeksi"].count("\n") == 1
    assert "dibentuk tahun {glue:text}`dibentuk`" in s["tren"]
    lampung = sections(ringkasan.ringkas("18", tabel))
    assert "fig-lampung-kota" in lampung["proyeksi"] and "dibentuk" not in lampung["tren"]


def test_rising_poverty_and_missing_poverty_line_read_correctly(tabel):
    r = ringkasan.ringkas("18", tabel)
    r["angka"]["p0_turun"], r["angka"]["p0_naik"] = [-1.0, 2], [1.0, 2]
    del r["angka"]["gk_kota"]
    s = sections(r)
    assert "turun" not in s["tren"]
    assert "{glue:text}`nama` naik {glue:text}`p0_naik` poin persen, menjadi {glue:text}`p0_total`" in s["tren"]
    assert s["gk"].startswith("BPS tidak menerbitkan garis kemiskinan perkotaan")


def test_unknown_section_or_missing_value_is_an_error(tabel):
    r = ringkasan.ringkas("18", tabel)
    with pytest.raises(ValueError, match="kesimpulan"):
        teks.render_section("kesimpulan", r, "g")
    del r["angka"]["p0_total"]  # the alt text needs it: StrictUndefined, not an empty string
    with pytest.raises(Exception, match="p0_total"):
        teks.render_section("tren", r, "g")


def test_kabkota_section_glues_each_highlighted_district(kabkota):
    kk = ringkasan.ringkas_kabkota(kabkota, "18", ["1810", "1871"])
    bagian = teks.render_kabkota(kk, "f/kabkota.png", "lampung")
    rekam = Rekam()
    halaman.glue_kabkota(rekam, kk)
    rekam.tempel_teks("nama", "Lampung")
    assert glue_roles(bagian) <= set(rekam.kunci)
    assert ":alt: Diagram batang mendatar persentase penduduk miskin 3 kabupaten/kota tahun 2025" in bagian
    assert "Batang Pringsewu (7,60 persen, peringkat 3), Kota Bandar Lampung" in bagian
    assert "berwarna oranye" in bagian and "jingga" not in bagian.lower()
    assert "Oranye: {glue:text}`kk_sorot_0_nama`, {glue:text}`kk_sorot_1_nama`.\n```\n" in bagian
    assert ":name: fig-lampung-kabkota" in bagian


def test_province_without_kabkota_table_says_so():
    bagian = teks.render_kabkota_kosong()
    assert bagian.startswith("Kompendium ini belum memuat data kemiskinan kabupaten/kota")
    assert bagian.endswith("{cite}`nata2024`.\n") and bagian.count("\n") == 1


def test_index_page_links_every_province_in_a_sortable_table(tabel):
    rs = [ringkasan.ringkas(k, tabel) for k in TIGA]
    indeks = ringkasan.data_indeks(rs).assign(p0_total_daerah=[r["angka"]["p0_total_daerah"][0] for r in rs])
    halaman_md = teks.render_index(indeks, rs[0]["teks"])
    assert halaman_md.startswith("# Halaman provinsi\n\n")
    assert ":class: tabel-urut" in halaman_md
    # Each column names its semester: the urban/rural figures sit beside the total of their own semester.
    assert "| Provinsi | Kode | P0 Maret 2025 (%) | P0 perkotaan Maret 2025 (%) | P0 perdesaan Maret 2025 (%) " \
           "| P0 September 2025 (%) | Peringkat September 2025 | GK perkotaan Maret 2025 (Rp) " \
           "| Perkotaan 2035 (%) |\n|:--|:--|--:|--:|--:|--:|--:|--:|--:|\n" in halaman_md
    assert "| [Lampung](provinsi/lampung.ipynb) | 18 | " in halaman_md
    assert "| [DKI Jakarta](provinsi/dki-jakarta.ipynb) | 31 | " in halaman_md
    assert "Tabel di bawah memuat 3 provinsi" in halaman_md and "jadi 1 provinsi yang dibentuk" in halaman_md
    assert "pada 2035. Proyeksi ini\n  disusun" in halaman_md  # the list items keep their line breaks
    assert halaman_md.endswith("|\n:::\n")
    assert "<script" not in halaman_md  # Jupyter Book loads book/_static/tabel-urut.js on every page


# ---- halaman (the notebook's side) ---------------------------------------------------------


def test_summary_is_read_for_the_right_province(tmp_path, tabel):
    path = tmp_path / "lampung.json"
    path.write_text(json.dumps(ringkasan.ringkas("18", tabel)), encoding="utf-8")
    assert halaman.read_summary(path, "18")["teks"]["nama"] == "Lampung"
    with pytest.raises(KompendiumError, match="kode provinsi 18, padahal parameter provinsi = '31'"):
        halaman.read_summary(path, "31")
    with pytest.raises(KompendiumError, match="belum dibuat"):
        halaman.read_summary(tmp_path / "aceh.json", "11")


def test_stored_table_shows_its_html_and_text():
    tabel = halaman.tabel({"tabel": {"html": "<table></table>", "teks": "judul\nA | B"}})
    assert tabel._repr_html_() == "<table></table>" and repr(tabel) == "judul\nA | B"


# ---- grafik -------------------------------------------------------------------------------


def test_charts_of_a_province_without_projection(data_dir, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from kompendium import gaya
    from kompendium.provinsi import grafik

    disimpan = []  # saving PNGs is the slow part; write_kabkota_chart below saves a real one

    def simpan(fig, path):
        disimpan.append(path.relative_to(tmp_path / "gambar").as_posix())
        plt.close(fig)

    monkeypatch.setattr(gaya, "simpan", simpan)
    folder = grafik.draw_charts(data_dir, tmp_path / "gambar")
    assert folder == [str(tmp_path / "gambar" / slug) for slug in TIGA.values()]
    assert [p for p in disimpan if p.startswith("lampung/")] == \
        ["lampung/p0.png", "lampung/gk.png", "lampung/peringkat.png", "lampung/perkotaan.png"]
    assert [p for p in disimpan if p.startswith("papua-tengah/")] == \
        ["papua-tengah/p0.png", "papua-tengah/gk.png", "papua-tengah/peringkat.png"]


def test_rank_chart_highlights_the_province(tabel):
    import matplotlib.pyplot as plt

    from kompendium.provinsi import grafik

    fig = grafik.grafik_peringkat(tabel["p0"], "18")
    ax = fig.axes[0]
    assert ax.get_title() == "Persentase penduduk miskin\nmenurut provinsi, September 2025"
    merah = [b.get_facecolor() for b in ax.patches]
    assert len(merah) == 3 and len(set(merah)) == 2
    plt.close(fig)


def test_kabkota_chart_refuses_an_unknown_district(kabkota, tmp_path):
    from kompendium.provinsi import grafik

    path = grafik.write_kabkota_chart(kabkota, ["1810"], tmp_path / "kk" / "kabkota.png")
    assert path.stat().st_size > 0
    with pytest.raises(KompendiumError, match="1899"):
        grafik.grafik_kabkota(kabkota, ["1899"])


# ---- cli ----------------------------------------------------------------------------------


def test_cli_commands_in_english_with_the_old_spellings_kept():
    p = build_parser()
    baru = p.parse_args(["provinsi", "draw", "d", "f", "--processes", "2"])
    lama = p.parse_args(["provinsi", "gambar", "d", "f", "--proses", "2"])
    assert baru.func is lama.func and baru.processes == lama.processes == 2
    assert p.parse_args(["provinsi", "siapkan", "d", "o", "i"]).func is \
        p.parse_args(["provinsi", "prepare", "d", "o", "i"]).func
