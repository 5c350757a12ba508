"""Vintages: the snapshot of a build, its file, and the comparison of two snapshots (small hand-made data)."""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path

import pytest

from kompendium import perubahan, vintage
from kompendium.cli import main
from kompendium.errors import KompendiumError
from kompendium.provenance import record_resource, write_datapackage
from kompendium.tempel import Angka, Bilangan

KOLOM = "indikator,kode_wilayah,wilayah,daerah,tahun,periode,nilai,satuan,sumber\n"


def _proyek(root: Path) -> Path:
    """A tiny built project: one BPS table (raw + processed), glued numbers, claims and conclusions."""
    raw = root / "data" / "raw"
    (raw / "p0_daerah").mkdir(parents=True)
    (raw / "transkripsi").mkdir()
    (raw / "p0_daerah" / "P0, 2024.csv").write_text("isi tidak dibaca di sini\n", encoding="utf-8")
    (raw / "transkripsi" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    write_datapackage(raw, {"name": "uji", "resources": []})
    record_resource(raw, raw / "p0_daerah" / "P0, 2024.csv")
    record_resource(raw, raw / "transkripsi" / "x.csv")
    processed = root / "data" / "processed"
    (processed / "angka").mkdir(parents=True)
    (processed / "p0_daerah.csv").write_text(
        KOLOM
        + "p0,00,Indonesia,Perkotaan,2024,Maret,7.09,persen,f\n"
        + "p0,00,Indonesia,Perkotaan,2024,September,6.66,persen,f\n"
        + "p0,00,Indonesia,Perdesaan,2024,September,,persen,f\n",
        encoding="utf-8")
    (processed / "angka" / "bab.json").write_text(json.dumps(
        {"turun": -0.43, "kata": "turun", "naik": 2.4000000001, "kalimat": "dari 7,1 menjadi 7,0"}),
        encoding="utf-8")
    # The chapter as executed (what the book shows) and as written (where each number is cited).
    _notebook(root / "book" / "_generated" / "bab.ipynb",
              glue={"turun": "-0,4", "kata": "turun", "naik": "2,4", "kalimat": "dari 7,1 menjadi 7,0"})
    _notebook(root / "notebooks" / "bab.ipynb", markdown=[
        "# Bab contoh\n\nPengantar tanpa angka.",
        ("## Kemiskinan kota\n\nPada 2024 kemiskinan {glue:text}`kata`. Angkanya **berubah "
         "{glue:text}`turun` poin**, lalu\n{glue:text}`naik` poin.\n\n- Kalimat: {glue:text}`kalimat`.")])
    (processed / "angka" / "perubahan_data.json").write_text(json.dumps({"n": 1}), encoding="utf-8")
    (processed / "claims_audit.csv").write_text(
        "id,klaim,nilai_artikel,nilai_hitung,status,penjelasan\nC6,x,7,7.09,cocok,y\n", encoding="utf-8")
    (processed / "kesimpulan.csv").write_text("id,putusan,teks\nK1,mendukung,z\n", encoding="utf-8")
    (processed / "lain.csv").write_text("tahun,nilai\n2024,1\n", encoding="utf-8")
    # The workflow's last step before the book: the comparison, newer than everything it read.
    (processed / "perubahan_data.json").write_text("{}", encoding="utf-8")
    lama = time.time() - 100
    for p in [*raw.rglob("*"), *processed.rglob("*")]:
        if p.name != "perubahan_data.json":
            os.utime(p, (lama, lama))
    return root


def _notebook(path: Path, *, glue: dict[str, str] | None = None, markdown: list[str] = ()) -> None:
    """A notebook with Markdown cells and MyST-NB glue outputs (as papermill leaves them)."""
    outputs = [{"output_type": "display_data", "data": {"application/papermill.record/text/plain": repr(t)},
                "metadata": {"scrapbook": {"mime_prefix": "application/papermill.record/", "name": k}}}
               for k, t in (glue or {}).items()]
    cells = [{"cell_type": "markdown", "metadata": {}, "source": m} for m in markdown]
    cells.append({"cell_type": "code", "metadata": {}, "source": "", "outputs": outputs, "execution_count": 1})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                    encoding="utf-8")


@pytest.fixture()
def proyek(tmp_path: Path) -> Path:
    return _proyek(tmp_path / "proyek")


def test_snapshot_records_values_numbers_and_verdicts(proyek):
    dok = vintage.potret(proyek, "2024-09")
    assert dok["nama"] == "2024-09" and dok["format"] == vintage.FORMAT
    assert set(dok["berkas"]) == {"p0_daerah/P0, 2024.csv", "transkripsi/x.csv"}
    # Only BPS table folders are tables; missing values are left out.
    assert dok["nilai"] == {"p0_daerah": {"p0|00|Indonesia|Perkotaan": {"2024|Maret": 7.09,
                                                                         "2024|September": 6.66}}}
    # This page's own numbers are not recorded (it would compare itself); glued numbers are recorded at
    # the decimals the book shows them with, so noise below them never enters a record.
    assert dok["angka"] == {"bab": {"turun": -0.4, "kata": "turun", "naik": 2.4, "kalimat": "dari 7,1 menjadi 7,0"}}
    assert dok["desimal"] == {"bab": {"turun": 1, "naik": 1}}
    assert dok["putusan"] == {"claims_audit": {"C6": {"status": "cocok", "nilai_hitung": "7.09"}},
                              "kesimpulan": {"K1": {"putusan": "mendukung"}}}


def test_snapshot_refuses_a_stale_or_missing_build_and_a_bad_name(proyek):
    with pytest.raises(KompendiumError, match="YYYY-03 atau YYYY-09"):
        vintage.potret(proyek, "2024-12")
    # A file added (or a chapter re-run) after the last complete build: the record would be stale.
    raw_file = proyek / "data" / "raw" / "p0_daerah" / "P0, 2024.csv"
    later = time.time() + 60
    os.utime(raw_file, (later, later))
    with pytest.raises(KompendiumError, match="P0, 2024.csv: lebih baru dari"):
        vintage.potret(proyek, "2024-09")
    os.utime(proyek / "data" / "processed" / "perubahan_data.json", (later + 1, later + 1))
    vintage.potret(proyek, "2024-09")
    (proyek / "data" / "processed" / "perubahan_data.json").unlink()
    with pytest.raises(KompendiumError, match="perubahan_data.json: tidak ada"):
        vintage.potret(proyek, "2024-09")
    (proyek / "data" / "processed" / "p0_daerah.csv").unlink()
    with pytest.raises(KompendiumError, match="p0_daerah.csv: tidak ada"):
        vintage.potret(proyek, "2024-09", cek_kesegaran=False)


def test_vintage_file_is_deterministic_and_not_overwritten_by_accident(proyek, tmp_path):
    dok = vintage.potret(proyek, "2024-09")
    path = vintage.write(tmp_path / "vintages", dok)
    teks = path.read_text(encoding="utf-8")
    assert '   "2024|Maret": 7.09,\n' in teks  # one value per line: a revision is a one-line diff
    assert teks.endswith("}\n") and (path.stat().st_mode & 0o777) == 0o644
    assert vintage.read(path) == dok
    with pytest.raises(KompendiumError, match="--replace"):
        vintage.write(tmp_path / "vintages", dok)
    # Keys are written sorted, so a snapshot of the same build gives the same bytes.
    dok_lagi = vintage.potret(proyek, "2024-09")
    vintage.write(tmp_path / "vintages", dict(reversed(dok_lagi.items())), ganti=True)
    assert path.read_text(encoding="utf-8") == teks
    assert not [p for p in path.parent.iterdir() if p.name != path.name]  # no temporary file left


def test_reading_values_skips_missing_and_names_a_bad_value(proyek, tmp_path):
    csv = proyek / "data" / "processed" / "p0_daerah.csv"
    assert vintage.read_values(csv) == {"p0|00|Indonesia|Perkotaan": {"2024|Maret": 7.09,
                                                                      "2024|September": 6.66}}
    rusak = tmp_path / "rusak.csv"
    rusak.write_text(KOLOM + "p0,00,Indonesia,Perkotaan,2024,Maret,7.09,persen,f\n"
                     + "p0,00,Indonesia,Perdesaan,2024,Maret,tujuh,persen,f\n", encoding="utf-8")
    with pytest.raises(KompendiumError, match=r"rusak.csv \(baris 3, kolom nilai\).*'tujuh'"):
        vintage.read_values(rusak)
    rusak.write_text("indikator,nilai\np0,1\n", encoding="utf-8")
    with pytest.raises(KompendiumError, match="tidak ada.*kode_wilayah"):
        vintage.read_values(rusak)


def test_loading_a_broken_vintage_names_the_file(tmp_path):
    p = tmp_path / "2024-09.json"
    p.write_text('{"nama": "2024-09",\n', encoding="utf-8")
    with pytest.raises(KompendiumError, match=r"2024-09.json \(baris 2\)"):
        vintage.read(p)
    p.write_text('{"nama": "2024-09"}', encoding="utf-8")
    with pytest.raises(KompendiumError, match="berkas"):
        vintage.read(p)


def _ubah(dok: dict) -> dict:
    baru = copy.deepcopy(dok)
    baru["nama"] = "2025-09"
    seri = baru["nilai"]["p0_daerah"]["p0|00|Indonesia|Perkotaan"]
    seri["2025|Maret"] = 6.73                      # a new period
    seri["2024|September"] = 6.6                   # a revised past value
    baru["nilai"]["p0_daerah"]["p0|00|Indonesia|Perdesaan"] = {"2024|September": 11.34}  # filled in
    del seri["2024|Maret"]                         # removed
    baru["angka"]["bab"] = {"turun": 0.2, "kata": "naik", "baru": 1, "naik": 2.5,
                            "kalimat": "dari 7,1 menjadi 6,9"}
    baru["putusan"]["kesimpulan"]["K1"]["putusan"] = "memperhalus"
    baru["berkas"]["p0_daerah/P0, 2025.csv"] = "ab"
    baru["berkas"]["p0_daerah/P0, 2024.csv"] = "cd"
    return baru


def test_comparison_separates_new_periods_revisions_and_removals(proyek):
    lama = vintage.potret(proyek, "2024-09")
    b = vintage.bandingkan(lama, _ubah(lama))
    assert (b["lama"], b["baru"]) == ("2024-09", "2025-09")
    assert b["nilai"]["periode_baru"] == [{"tabel": "p0_daerah", "tahun": 2025, "periode": "Maret",
                                           "jumlah_nilai": 1}]
    baru = {(r["daerah"], r["tahun"], r["periode"]): r["periode_baru"] for r in b["nilai"]["baru"]}
    assert baru == {("Perkotaan", 2025, "Maret"): True, ("Perdesaan", 2024, "September"): False}
    [revisi] = b["nilai"]["revisi"]
    assert (revisi["tahun"], revisi["periode"], revisi["lama"], revisi["baru"]) == (2024, "September", 6.66, 6.6)
    assert revisi["selisih"] == pytest.approx(-0.06)
    assert [(r["tahun"], r["periode"]) for r in b["nilai"]["hilang"]] == [(2024, "Maret")]
    angka = {r["kunci"]: r for r in b["angka"]["berubah"]}
    assert (angka["turun"]["jenis"], angka["turun"]["arah_berubah"]) == ("angka", True)
    # A verdict word that changes turns a statement around; a sentence with numbers merely follows them.
    assert (angka["kata"]["jenis"], angka["kata"]["arah_berubah"]) == ("kata", True)
    assert angka["kalimat"]["jenis"] == "teks" and not angka["kalimat"]["arah_berubah"]
    assert angka["naik"]["jenis"] == "angka" and not angka["naik"]["arah_berubah"]
    assert [r["kunci"] for r in b["angka"]["baru"]] == ["baru"]
    assert b["putusan"]["berubah"] == [{"tabel": "kesimpulan", "id": "K1", "kolom": "putusan",
                                        "lama": "mendukung", "baru": "memperhalus"}]
    assert b["berkas"] == {"baru": ["p0_daerah/P0, 2025.csv"], "diganti": ["p0_daerah/P0, 2024.csv"],
                           "hilang": []}
    r = b["ringkasan"]
    assert (r["periode_baru"], r["nilai_baru"], r["nilai_baru_periode_lama"], r["nilai_revisi"],
            r["nilai_hilang"], r["angka_arah_berubah"], r["putusan_berubah"]) == (1, 2, 1, 1, 1, 2, 1)
    assert r["ada_perubahan"]


def test_an_identical_build_has_no_changes(proyek):
    dok = vintage.potret(proyek, "2024-09")
    b = vintage.bandingkan(dok, copy.deepcopy(dok))
    assert not b["ringkasan"]["ada_perubahan"]
    assert perubahan.kalimat_ringkasan(b).startswith("Tidak ada perubahan")


def test_baseline_is_the_newest_vintage_before_the_current_one(tmp_path):
    d = tmp_path / "vintages"
    d.mkdir()
    assert vintage.pilih_pembanding(d, "2025-09") is None
    for nama in ("2023-09", "2024-09", "2025-09", "catatan"):
        (d / f"{nama}.json").write_text("{}", encoding="utf-8")
    assert vintage.pilih_pembanding(d, "2025-09").stem == "2024-09"
    assert vintage.pilih_pembanding(d, "2026-03").stem == "2025-09"
    # The first recorded vintage is compared with itself: a check that the build still matches it.
    assert vintage.pilih_pembanding(d, "2023-09").stem == "2023-09"


def test_record_and_compare_commands(proyek, capsys):
    (proyek / "config").mkdir()
    (proyek / "config" / "config.yaml").write_text('data_vintage: "2024-09"\n', encoding="utf-8")
    assert main(["vintage", "compare", "--root", str(proyek)]) == 0
    assert "belum ada vintage" in capsys.readouterr().out
    assert main(["vintage", "record", "--root", str(proyek)]) == 0
    assert (proyek / "vintages" / "2024-09.json").is_file()
    assert main(["vintage", "record", "--root", str(proyek)]) == 2
    # A revised value after the record: flagged as a revision, not as a new period.
    csv = proyek / "data" / "processed" / "p0_daerah.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("6.66", "6.6"), encoding="utf-8")
    out = proyek / "banding.json"
    assert main(["vintage", "compare", "--root", str(proyek), "--output", str(out)]) == 0
    b = json.loads(out.read_text(encoding="utf-8"))
    assert b["lama"] == "2024-09" and b["ringkasan"]["nilai_revisi"] == 1
    assert b["ringkasan"]["periode_baru"] == 0
    assert "nilai_revisi: 1" in capsys.readouterr().out


def test_page_tables_and_sentences(proyek):
    lama = vintage.potret(proyek, "2024-09")
    b = vintage.bandingkan(lama, _ubah(lama))
    assert perubahan.tabel_periode_baru(b).to_dict("records") == [
        {"Tabel": "p0_daerah", "Periode": "Maret 2025", "Jumlah nilai": 1}]
    rev = perubahan.tabel_revisi(b).iloc[0]
    assert (rev["Indikator"], rev["Lama"], rev["Baru"], rev["Selisih"]) == (
        "Persentase penduduk miskin (P0)", "6,66", "6,6", "-0,06")
    assert perubahan.teks_selisih(0.1) == "+0,1"
    assert perubahan.tabel_angka(b)["Arah"].tolist() == ["teks", "kata berganti", "sama", "berbalik"]
    kalimat = perubahan.kalimat_ringkasan(b)
    assert "1 periode baru" in kalimat and "1 nilai lama direvisi" in kalimat and "Perhatian: 3 status" in kalimat
    assert perubahan.teks_nilai(629561.0) == "629.561" and perubahan.teks_nilai(0.395) == "0,395"
    tabel = perubahan.tabel_semua(b)
    assert {k: len(v) for k, v in tabel.items()} == {
        "periode_baru": 1, "revisi": 1, "terisi": 1, "hilang": 1, "ganti_nama": 0, "angka": 4, "putusan": 1,
        "berkas": 2}
    assert perubahan.tabel_terisi(b).iloc[0]["Periode"] == "September 2024"
    kalimat = perubahan.kalimat_bagian(tabel)
    assert kalimat["kalimat_revisi"].startswith("Ada 1 nilai lama")
    assert kalimat["kalimat_angka"].startswith("Ada 4 angka")
    assert set(kalimat) == set(perubahan.KUNCI_KALIMAT.values())


def test_page_summary_and_empty_sections(proyek, tmp_path, monkeypatch):
    dok = vintage.potret(proyek, "2024-09")
    b = vintage.bandingkan(dok, copy.deepcopy(dok))
    kalimat = perubahan.kalimat_bagian(perubahan.tabel_semua(b))
    assert kalimat["kalimat_periode"] == "Tidak ada periode baru."
    assert kalimat["kalimat_berkas"] == "Tidak ada berkas mentah yang berubah."
    ringkas = perubahan.ringkas(vintage.bandingkan(dok, _ubah(dok)))
    assert ringkas["vintage_baru"] == "2025-09"
    assert ringkas["n_nilai_revisi"] == Bilangan(1, 0) and ringkas["n_angka_kata_berubah"] == Bilangan(1, 0)
    assert {k for k in ringkas if k.startswith("n_")} == {f"n_{k}" for k in perubahan.RINGKASAN_DIKUTIP}
    # Glued as the page's prose cites them: counts without decimals.
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda k, v, display=True: glued.__setitem__(k, v))
    Angka(tmp_path / "a.json").tempel_semua(ringkas)
    assert glued["n_nilai_baru"] == "2" and glued["vintage_baru"] == "2025-09"


def test_reading_the_comparison_names_the_file(tmp_path):
    p = tmp_path / "perubahan_data.json"
    p.write_text('{"lama": null,\n', encoding="utf-8")
    with pytest.raises(KompendiumError, match=r"perubahan_data.json \(baris 2\)"):
        perubahan.read_perbandingan(p)
    p.write_text('{"lama": null, "baru": "2025-09"}', encoding="utf-8")
    with pytest.raises(KompendiumError, match="ringkasan"):
        perubahan.read_perbandingan(p)


# ----------------------------------------------------------------------------- published precision


def test_glued_numbers_are_compared_at_the_decimals_the_book_shows(proyek):
    lama = vintage.potret(proyek, "2024-09")
    baru = copy.deepcopy(lama)
    baru["angka"]["bab"]["naik"] = 2.4499   # another machine's fit: still shown as 2,4
    b = vintage.bandingkan(lama, baru)
    assert b["angka"]["berubah"] == [] and not b["ringkasan"]["ada_perubahan"]
    baru["angka"]["bab"]["naik"] = 2.46     # shown as 2,5: a change readers see
    [r] = vintage.bandingkan(lama, baru)["angka"]["berubah"]
    assert (r["kunci"], r["lama"], r["baru"], r["desimal"]) == ("naik", 2.4, 2.46, 1)
    # Showing more decimals is a change too, even when the value is the same.
    baru["angka"]["bab"]["naik"] = 2.4
    baru["desimal"]["bab"]["naik"] = 2
    [r] = vintage.bandingkan(lama, baru)["angka"]["berubah"]
    assert (r["desimal_lama"], r["desimal"]) == (1, 2)


def test_a_full_precision_record_of_format_1_is_compared_at_the_builds_decimals(proyek, tmp_path):
    lama = vintage.potret(proyek, "2024-09")
    lama = {**lama, "format": 1, "angka": {"bab": {**lama["angka"]["bab"], "naik": 2.4123456789,
                                                   "turun": -0.4312}}}
    del lama["desimal"]
    path = tmp_path / "2024-09.json"
    path.write_text(json.dumps(lama), encoding="utf-8")
    dibaca = vintage.read(path)
    assert dibaca["desimal"] == {}
    b = vintage.bandingkan(dibaca, vintage.potret(proyek, "2024-09"))
    assert b["angka"]["berubah"] == []


def test_bps_values_are_compared_at_the_decimals_bps_publishes(proyek):
    assert vintage.desimal_terbit([9.36, 12.1, 7.0]) == 2
    assert vintage.desimal_terbit([10467630.0, 25220000.000000004]) == 0
    assert vintage.desimal_terbit([0.384, 0.4]) == 3
    lama = vintage.potret(proyek, "2024-09")
    baru = copy.deepcopy(lama)
    seri = baru["nilai"]["p0_daerah"]["p0|00|Indonesia|Perkotaan"]
    seri["2024|Maret"] = 7.0900000000004    # float noise below BPS's two decimals
    assert vintage.bandingkan(lama, baru)["nilai"]["revisi"] == []
    seri["2024|Maret"] = 7.091              # a third decimal: BPS published a finer value
    assert len(vintage.bandingkan(lama, baru)["nilai"]["revisi"]) == 1


def test_desimal_tampil_reads_the_indonesian_text():
    assert vintage.desimal_tampil(49.8, "49,8") == 1
    assert vintage.desimal_tampil(10467630, "10.467.630") == 0
    assert vintage.desimal_tampil(-0.07, "-0,07") == 2
    assert vintage.desimal_tampil(2010, "2010") == 0
    assert vintage.desimal_tampil("turun", "turun") is None
    assert vintage.desimal_tampil(1.5, None) is None
    assert vintage.desimal_tampil(1.5, "1,5 persen") is None


# ----------------------------------------------------------------------------- where readers see a number


def test_numbers_are_named_by_their_sentence_never_by_their_key(proyek):
    tempat = vintage.tempat_angka(proyek)
    assert tempat["bab", "turun"] == {
        "tempat": "Bab contoh › Kemiskinan kota",
        # The other glued values as the book shows them; the number itself marked.
        "kalimat": "Angkanya berubah […] poin, lalu 2,4 poin."}
    assert tempat["bab", "kata"]["kalimat"] == "Pada 2024 kemiskinan […]."
    assert tempat["bab", "kalimat"]["kalimat"] == "Kalimat: […]."
    lama = vintage.potret(proyek, "2024-09")
    b = vintage.beri_label(vintage.bandingkan(lama, _ubah(lama)), proyek)
    tabel = perubahan.tabel_angka(b)
    assert list(tabel.columns) == ["Di mana", "Kalimat", "Lama", "Baru", "Arah"]
    teks = tabel.to_string()
    for kunci in ("turun", "naik", "kalimat"):
        assert f"'{kunci}'" not in teks and kunci not in tabel["Di mana"].tolist()
    baris = tabel.set_index("Kalimat").loc["Angkanya berubah […] poin, lalu 2,4 poin."]
    assert (baris["Lama"], baris["Baru"], baris["Arah"]) == ("-0,4", "0,2", "berbalik")
    # A number no page cites: the chapter, and that it is not cited.
    [baru] = b["angka"]["baru"]
    assert baru["tempat"] == "Bab" and "tidak dikutip" in baru["kalimat"]


def test_differences_from_the_record_name_the_sentence_and_both_values(proyek):
    lama = vintage.potret(proyek, "2024-09")
    baru = copy.deepcopy(lama)
    baru["angka"]["bab"]["naik"] = 2.46
    baru["putusan"]["claims_audit"]["C6"]["status"] = "berbeda"
    b = vintage.beri_label(vintage.bandingkan(lama, baru), proyek)
    pesan = vintage.selisih_rekaman(b)
    assert pesan[0] == ('angka berubah: Bab contoh › Kemiskinan kota: "Angkanya berubah -0,4 poin, lalu […] '
                        'poin.": 2,4 -> 2,5')
    assert pesan[1] == "putusan berubah: claims_audit C6 kolom status: 'cocok' -> 'berbeda'"
    assert vintage.selisih_rekaman(vintage.bandingkan(lama, lama)) == []


# ----------------------------------------------------------------------------- edge cases of the summary


def _ringkasan_dengan(proyek, ubah) -> tuple[dict, str]:
    lama = vintage.potret(proyek, "2024-09")
    baru = copy.deepcopy(lama)
    ubah(baru)
    b = vintage.bandingkan(lama, baru)
    return b, perubahan.kalimat_ringkasan(b)


def test_only_raw_files_is_said_only_when_nothing_else_changed(proyek):
    def hanya_berkas(d):
        d["berkas"]["p0_daerah/P0, 2024.csv"] = "lain"
    _, kalimat = _ringkasan_dengan(proyek, hanya_berkas)
    assert "hanya berkas mentah yang berubah" in kalimat

    def terisi(d):  # a past period filled in, with its file
        hanya_berkas(d)
        d["nilai"]["p0_daerah"]["p0|00|Indonesia|Perdesaan"] = {"2024|September": 11.34}
    _, kalimat = _ringkasan_dengan(proyek, terisi)
    assert "hanya berkas" not in kalimat and "1 nilai periode lama yang dulu kosong kini terisi" in kalimat

    def status(d):  # a claim status changed (e.g. the audit's rule changed), no file changed
        d["putusan"]["claims_audit"]["C6"]["status"] = "berbeda"
    _, kalimat = _ringkasan_dengan(proyek, status)
    assert "hanya berkas" not in kalimat and "1 status klaim atau putusan berubah" in kalimat
    assert "Perhatian: 1 status" in kalimat


def test_removed_files_are_listed_and_counted(proyek):
    def hapus(d):
        del d["berkas"]["p0_daerah/P0, 2024.csv"]
        del d["nilai"]["p0_daerah"]["p0|00|Indonesia|Perkotaan"]["2024|Maret"]
    b, kalimat = _ringkasan_dengan(proyek, hapus)
    assert b["berkas"]["hilang"] == ["p0_daerah/P0, 2024.csv"] and b["ringkasan"]["berkas_hilang"] == 1
    assert perubahan.tabel_berkas(b).to_dict("records") == [
        {"Berkas": "p0_daerah/P0, 2024.csv", "Perubahan": "dihapus"}]
    assert "1 nilai hilang" in kalimat


def test_added_and_dropped_claims_are_reported(proyek):
    def klaim(d):
        del d["putusan"]["claims_audit"]["C6"]
        d["putusan"]["claims_audit"]["C7"] = {"status": "cocok", "nilai_hitung": "1"}
    b, kalimat = _ringkasan_dengan(proyek, klaim)
    assert (b["ringkasan"]["putusan_baru"], b["ringkasan"]["putusan_hilang"]) == (1, 1)
    assert "1 klaim atau kesimpulan baru" in kalimat and "1 klaim atau kesimpulan dihapus" in kalimat
    assert "hanya berkas" not in kalimat
    assert perubahan.tabel_putusan(b).to_dict("records") == [
        {"Tabel": "claims_audit", "Id": "C7", "Perubahan": "baru", "Lama": "–", "Baru": "cocok"},
        {"Tabel": "claims_audit", "Id": "C6", "Perubahan": "dihapus", "Lama": "cocok", "Baru": "–"}]
    ringkas = perubahan.ringkas(b)
    assert ringkas["n_putusan_baru"] == Bilangan(1, 0) and ringkas["n_putusan_hilang"] == Bilangan(1, 0)


def test_a_renamed_region_is_a_rename_not_dropped_and_filled_values(proyek):
    def ganti(d):
        tabel = d["nilai"]["p0_daerah"]
        tabel["p0|00|INDONESIA|Perkotaan"] = tabel.pop("p0|00|Indonesia|Perkotaan")
    b, kalimat = _ringkasan_dengan(proyek, ganti)
    assert b["nilai"]["ganti_nama"] == [{"tabel": "p0_daerah", "kode_wilayah": "00", "lama": "Indonesia",
                                         "baru": "INDONESIA"}]
    assert b["nilai"]["baru"] == [] and b["nilai"]["hilang"] == [] and b["nilai"]["revisi"] == []
    assert "1 wilayah berganti nama" in kalimat
    assert perubahan.tabel_ganti_nama(b).to_dict("records") == [
        {"Tabel": "p0_daerah", "Kode wilayah": "00", "Nama lama": "Indonesia", "Nama baru": "INDONESIA"}]

    def ganti_dan_revisi(d):
        ganti(d)
        d["nilai"]["p0_daerah"]["p0|00|INDONESIA|Perkotaan"]["2024|Maret"] = 7.2
    b, _ = _ringkasan_dengan(proyek, ganti_dan_revisi)
    [r] = b["nilai"]["revisi"]
    assert (r["wilayah"], r["lama"], r["baru"]) == ("INDONESIA", 7.09, 7.2)
