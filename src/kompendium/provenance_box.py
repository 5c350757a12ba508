"""Provenance under every table and figure: which notebook made it (a link to the executed notebook:
the code the reader's page leaves out), from which raw BPS files (with their sha256 from
datapackage.json), and the command that rebuilds the page."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kompendium import sumber
from kompendium.errors import KompendiumError
from kompendium.provenance import load_datapackage, resources_for


def _per_tingkat(berkas: list[dict]) -> str:
    """'berkas unduhan BPS: 3; angka BPS dari laporan sekunder: 1': the source tiers of these files."""
    return "; ".join(f"{sumber.LABEL[t]}: {n}" for t, n in sumber.hitung(berkas).items() if n)


@dataclass
class AsalUsul:
    """Provenance of one chapter: its notebook and where the raw data live."""

    bab: str  # the notebook's name, e.g. "urbanisasi"
    data_dir: str | Path  # data/processed, as the notebook sees it
    perintah: str = ""  # the rebuild command; default: re-run this chapter's notebook
    halaman: str = ""  # the page under book/_generated ("provinsi/lampung"); default: `bab`

    def __post_init__(self) -> None:
        self.halaman = self.halaman or self.bab
        self.raw_dir = Path(self.data_dir).parent / "raw"
        self._package = load_datapackage(self.raw_dir)
        if not self.perintah:
            self.perintah = (
                f"snakemake --cores 2 --forcerun run_notebook book/_generated/{self.bab}.ipynb"
            )

    def berkas(self, tabel: str) -> list[dict]:
        """The raw files behind one processed table: a BPS table folder, or a transcription."""
        found = resources_for(self.raw_dir, tabel) or [
            r for r in self._package["resources"] if r["path"] == f"transkripsi/{tabel}.csv"
        ]
        if not found:
            raise KompendiumError(
                f"{self.raw_dir / 'datapackage.json'}: tabel {tabel!r} tidak punya berkas mentah; diharapkan "
                f"berkas di data/raw/{tabel}/ atau data/raw/transkripsi/{tabel}.csv")
        return found

    @property
    def tautan_notebook(self) -> str:
        """Where the executed notebook of this page is in the built book, relative to the page:
        Sphinx copies book/_generated/<halaman>.ipynb to _sources/_generated/<halaman>.ipynb."""
        naik = "../" * (self.halaman.count("/") + 1)  # from _generated/<halaman>.html to the root
        return f"{naik}_sources/_generated/{self.halaman}.ipynb"

    def kotak(self, tabel: Iterable[str]) -> KotakAsalUsul:
        """A folded provenance box for a table or figure made from these processed tables."""
        return KotakAsalUsul(self, list(tabel))


class KotakAsalUsul:
    """HTML for the book, a one-line summary as plain text (stable for regression tests)."""

    def __init__(self, asal: AsalUsul, tabel: list[str]) -> None:
        self.asal, self.tabel = asal, tabel
        self.sumber = {t: asal.berkas(t) for t in tabel}

    def __repr__(self) -> str:
        n = sum(len(v) for v in self.sumber.values())
        return f"Asal-usul: notebooks/{self.asal.bab}.ipynb; {n} berkas mentah ({', '.join(self.tabel)})"

    def _repr_html_(self) -> str:
        e = html.escape
        n = sum(len(v) for v in self.sumber.values())
        bagian = []
        for tabel, berkas in self.sumber.items():
            pertama = berkas[0]
            judul = pertama.get("bps_tabel") or pertama.get("title", tabel)
            url = pertama.get("bps_url")
            tautan = f' (<a href="{e(url)}">{e(url)}</a>)' if url else ""
            baris = "".join(
                f"<li><code>data/raw/{e(b['path'])}</code> ({e(sumber.LABEL[b['tingkat_sumber']])})<br>"
                + (f"<strong class='sumber-tidak-langsung'>Bukan dari BPS langsung: "
                   f"{e(sumber.render_asal(b, hanya_tidak_langsung=True))}</strong><br>"
                   if sumber.bukan_dari_bps_langsung(b) else "")
                + f"<span class='sha'>sha256 {e(b['hash'].removeprefix('sha256:'))}</span></li>"
                for b in berkas
            )
            # A transcription is read as it is (its processed copy, if any, has the same values).
            nama = f"data/raw/{pertama['path']}" if pertama["path"].startswith("transkripsi/") else (
                f"data/processed/{tabel}.csv")
            bagian.append(
                f"<details><summary><code>{e(nama)}</code> ({e(_per_tingkat(berkas))}): "
                f"{e(str(judul))}{tautan}, {len(berkas)} berkas</summary><ul>{baris}</ul></details>"
            )
        semua = [b for berkas in self.sumber.values() for b in berkas]
        return (
            "<details class='asal-usul'><summary>Asal-usul dan kode: buku catatan "
            f"<code>notebooks/{e(self.asal.bab)}.ipynb</code>, {n} berkas mentah "
            f"({e(_per_tingkat(semua))})</summary>"
            f"<p>Kode: <a href=\"{e(self.asal.tautan_notebook)}\">buku catatan yang telah dijalankan "
            f"(.ipynb, kode dan keluarannya)</a>, dari sumber <code>notebooks/{e(self.asal.bab)}.ipynb</code>. "
            f"Bangun ulang halaman ini: <code>{e(self.asal.perintah)}</code></p>"
            f"<p>Tabel olahan dan berkas mentah (sidik jari sha256 seperti tercatat di "
            f"<code>data/raw/datapackage.json</code>):</p>{''.join(bagian)}</details>"
        )
