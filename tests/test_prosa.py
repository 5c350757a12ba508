"""Generated prose on edge cases (small synthetic summaries): no change, a rise, urban above rural,
a split province, equal verdicts; and chart layouts that stay readable on a phone."""

import re

import pytest

from kompendium import kesimpulan
from kompendium.format import perubahan
from kompendium.provinsi import teks

BASIS = {
    "angka": {
        "p0_total": [10.0, 2], "idn_p0_total": [8.5, 2], "p0_total_daerah": [10.0, 2],
        "idn_p0_total_daerah": [8.6, 2], "p0_kota": [9.0, 2], "idn_p0_kota": [6.7, 2],
        "p0_desa": [11.0, 2], "idn_p0_desa": [11.0, 2], "selisih_desa_kota": [2.0, 2],
        "p0_awal": [12.0, 2], "idn_p0_awal": [16.6, 2], "p0_turun": [2.0, 2],
        "peringkat_total": [5.0, 0], "jumlah_peringkat_total": [38.0, 0],
        "gk_kota": [700000.0, 0], "idn_gk_kota": [620000.0, 0], "gk_kota_persen_idn": [113.8, 0],
        "kota_awal": [40.0, 1], "kota_akhir": [50.0, 1], "kota_naik": [10.0, 1],
        "idn_kota_awal": [49.8, 1], "idn_kota_akhir": [66.6, 1],
    },
    "teks": {"nama": "Contoh", "kode": "99", "slug": "contoh", "semester_akhir": "Maret 2025",
             "semester_daerah": "Maret 2025", "semester_gk": "Maret 2025", "semester_awal": "Maret 2010"},
    "tahun": {"proyeksi_awal": 2010, "proyeksi_akhir": 2035},
}


def ringkas(**ubah) -> dict:
    r = {k: dict(v) for k, v in BASIS.items()}
    for kunci, nilai in ubah.items():
        bagian, nama = kunci.split("__")
        if nilai is None:
            r[bagian].pop(nama, None)
        else:
            r[bagian][nama] = nilai
    return r


def halaman(r) -> str:
    return "\n".join(teks.render_section(b, r, "g") for b in teks.BAGIAN)


BURUK = [r"dari (\S+) menjadi \1 persen", r"naik 0,0", r"turun 0,0", r"berubah -", r"jingga",
         r"naik -", r"turun -", "batas_hampir_miskin"]


def tanpa_kalimat_buruk(s: str) -> None:
    for pola in BURUK:
        assert not re.search(pola, s, flags=re.IGNORECASE), (pola, s)


def test_no_change_is_said_as_such():
    r = ringkas(angka__p0_turun=[0.001, 2], angka__p0_total=[12.0, 2], angka__kota_naik=[0.0, 1],
                angka__kota_awal=[100.0, 1], angka__kota_akhir=[100.0, 1], angka__selisih_desa_kota=[0.0, 2],
                angka__p0_kota=[11.0, 2])
    s = halaman(r)
    tanpa_kalimat_buruk(s)
    assert "Pada {glue:text}`semester_akhir` angkanya sama" in s
    assert "di perkotaan tetap {glue:text}`kota_akhir` persen" in s and "Contoh tetap 100,0 persen" in s
    assert "Kemiskinan di perkotaan dan di perdesaan sama besar." in s
    assert "sama di awal dan di akhir, 12,00 persen" in s  # alt text of the trend chart


def test_a_rise_is_written_naik_with_a_positive_number():
    r = ringkas(angka__p0_turun=[-1.5, 2], angka__p0_naik=[1.5, 2], angka__kota_naik=[-2.0, 1],
                angka__kota_turun=[2.0, 1], angka__kota_akhir=[38.0, 1])
    s = halaman(r)
    tanpa_kalimat_buruk(s)
    assert "naik {glue:text}`p0_naik` poin persen" in s and "turun {glue:text}`p0_turun`" not in s
    assert "di perkotaan turun {glue:text}`kota_turun` poin persen" in s
    assert "naik dari 12,00 ke 10,00 persen" in s  # alt text follows the sign, whatever the levels
    assert "turun dari 40,0 ke 38,0 persen" in s


def test_urban_poverty_above_rural_is_said_and_shown():
    r = ringkas(angka__p0_kota=[12.0, 2], angka__p0_desa=[8.0, 2], angka__selisih_desa_kota=[-4.0, 2],
                angka__selisih_kota_desa=[4.0, 2])
    s = halaman(r)
    assert "kemiskinan di perkotaan lebih tinggi daripada di perdesaan" in s
    assert "{glue:text}`selisih_kota_desa` poin persen" in s and "selisih_desa_kota" not in s
    assert "Garis perkotaan berada di atas garis perdesaan" in s


def test_a_split_province_is_flagged_where_its_series_and_projection_are_shown():
    r = ringkas(tahun__pemekaran=2022, teks__pemekaran_provinsi="Papua Selatan, Papua Tengah dan Papua Pegunungan")
    s = {b: teks.render_section(b, r, "g") for b in teks.BAGIAN}
    assert "wilayahnya berubah di tengah seri" in s["tren"]
    assert "Sejak {glue:text}`pemekaran` tanpa wilayah provinsi Papua Selatan" in s["tren"]
    assert "Sejak {glue:text}`pemekaran` garis ini berlaku" in s["gk"]
    assert "memakai batas wilayah tahun 2010" in s["proyeksi"] and "Batas wilayah tahun 2010." in s["proyeksi"]
    assert "pemekaran" not in halaman(ringkas())


def test_poverty_line_alt_text_rounds_and_compares():
    s = teks.render_section("gk", ringkas(), "g")
    assert "di atas garis nasional (114 persen)" in s  # 113.8 rounded, never truncated to 113


def test_colour_words_come_from_the_palette_mapping():
    s = halaman(ringkas())
    assert "berwarna merah" in s and "Merah: {glue:text}`nama`" in s
    assert "peringkat 5, di atas garis putus-putus Indonesia (8,50 persen)" in s


@pytest.mark.parametrize("beda, teks_", [(1.23, "naik 1,2 poin persen"), (-0.5, "turun 0,5 poin persen"),
                                         (0.04, "tidak berubah"), (-0.04, "tidak berubah")])
def test_direction_of_a_change(beda, teks_):
    assert perubahan(beda, 1) == teks_


def test_equal_verdicts_are_named_once():
    assert kesimpulan.kalimat_putusan(["mendukung"] * 3) == "Ketiga putusan di atas sama, yaitu *mendukung*,"
    assert kesimpulan.kalimat_putusan(["mendukung", "memperhalus", "mendukung"]) == \
        "Ketiga putusan di atas (*mendukung*, *memperhalus* dan *mendukung*)"


# ---- charts on a phone ------------------------------------------------------------------------


def _p0_provinsi(n: int = 38):
    import pandas as pd

    from kompendium.provinsi.daftar import daftar_provinsi
    from kompendium.provinsi.ringkasan import dengan_waktu
    from kompendium.wilayah import menurut_kode

    kode = list(daftar_provinsi())[:n]
    baris = [{"indikator": "p0", "kode_wilayah": k, "wilayah": menurut_kode(k).nama, "daerah": "Perkotaan+Perdesaan",
              "tahun": 2025, "periode": "Maret", "nilai": 3.0 + 27.0 * i / n, "satuan": "persen", "sumber": "x"}
             for i, k in enumerate(kode)]
    baris.append({**baris[0], "kode_wilayah": "00", "wilayah": "Indonesia", "nilai": 8.47})
    return dengan_waktu(pd.DataFrame(baris)), kode


@pytest.mark.parametrize("posisi", [0, 19, 37])
def test_province_bar_chart_is_readable_on_a_phone_and_nothing_overlaps(posisi):
    import matplotlib.pyplot as plt

    from kompendium import gaya
    from kompendium.provinsi import grafik

    gaya.terapkan()
    p0, kode = _p0_provinsi()
    fig = grafik.grafik_peringkat(p0, kode[posisi])
    assert gaya.teks_terkecil_px(fig) >= gaya.PX_MINIMUM
    assert gaya.tabrakan(fig) == []
    plt.close(fig)


def test_the_overlap_check_finds_a_label_under_a_bar():
    """The old layout: the national label inside the bars. The check must see it."""
    import matplotlib.pyplot as plt

    from kompendium import gaya

    fig, ax = plt.subplots(figsize=(8, 8))
    ax.barh(["a", "b", "c"], [30, 20, 5])
    ax.axvline(8, linestyle="--")
    ax.annotate("Indonesia 8,25", (8, 0), xytext=(4, 0), textcoords="offset points", fontsize=9)
    assert any(t == "Indonesia 8,25" for t, _ in gaya.tabrakan(fig))
    assert gaya.teks_terkecil_px(fig) < gaya.PX_MINIMUM  # 9 pt on an 8-inch chart: too small on a phone
    plt.close(fig)


def test_kabkota_chart_values_stand_clear_of_bars_and_the_province_line():
    import matplotlib.pyplot as plt
    import pandas as pd

    from kompendium import gaya
    from kompendium.provinsi import grafik

    gaya.terapkan()
    nama = ["Lampung Barat", "Tanggamus", "Lampung Selatan", "Lampung Timur", "Lampung Tengah", "Lampung Utara",
            "Way Kanan", "Tulang Bawang", "Pesawaran", "Pringsewu", "Mesuji", "Tulang Bawang Barat",
            "Pesisir Barat", "Kota Bandar Lampung", "Kota Metro"]
    kode = [f"18{i:02d}" for i in range(1, 14)] + ["1871", "1872"]
    baris = [{"kode_wilayah": k, "wilayah": w, "tahun": 2025, "nilai": 5 + (i * 7) % 11}
             for i, (k, w) in enumerate(zip(kode, nama, strict=True))]
    baris.append({"kode_wilayah": "18", "wilayah": "Lampung", "tahun": 2025, "nilai": 10.0})
    fig = grafik.grafik_kabkota(pd.DataFrame(baris), ["1810", "1871"])
    assert gaya.teks_terkecil_px(fig) >= gaya.PX_MINIMUM
    assert gaya.tabrakan(fig) == []
    plt.close(fig)


def test_runner_writes_glued_sentences_into_alt_text_and_refuses_an_unglued_key():
    import nbformat

    from kompendium.notebook import NotebookError, isi_alt

    nb = nbformat.v4.new_notebook()
    kode = nbformat.v4.new_code_cell("glue")
    kode.outputs = [nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain":
                                                                 "'Garis perdesaan selalu di atas.'"},
                                           metadata={"scrapbook": {"name": "alt_p0", "mime_prefix": "x"}})]
    md = nbformat.v4.new_markdown_cell("```{figure} a.png\n:alt: {glue:text}`alt_p0`\n\nJudul {glue:text}`x`.\n```")
    nb.cells = [kode, md]
    isi_alt(nb)
    assert md.source == "```{figure} a.png\n:alt: Garis perdesaan selalu di atas.\n\nJudul {glue:text}`x`.\n```"
    nb.cells[1] = nbformat.v4.new_markdown_cell(":alt: {glue:text}`tidak_ada`")
    with pytest.raises(NotebookError, match="tidak_ada"):
        isi_alt(nb)
