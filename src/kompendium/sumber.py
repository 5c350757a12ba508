"""Source tiers: what each raw file is, in a small closed vocabulary with Indonesian labels.

Every resource of ``data/raw/datapackage.json`` says where its figures come from:

- ``tingkat_sumber``: the file's tier, the farthest from a BPS file among its parts (order of
  :data:`TINGKAT`): a file that holds one figure from a news report is a secondary source, however
  many of its figures come straight from BPS;
- ``penerbit_angka``: the institutions whose figures it copies (``BPS``, ``World Bank``);
- ``asal_angka``: its parts, each ``{bagian, tingkat_sumber, penerbit_angka, sumber, tanggal}``:
  which rows or cells, their tier, who published the figure, the table / publication / outlet it was
  copied from, and that source's date (``None`` when the collected figures do not record one).

:func:`validate_resource` refuses a resource without a valid tier (``kompendium.provenance.verify_raw``
calls it for every file before the workflow starts). No pandas here: the check runs at every start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kompendium.errors import KompendiumError

UNDUHAN_BPS = "unduhan_bps"
TRANSKRIPSI_BPS = "transkripsi_bps"
SEKUNDER = "sekunder"
LEMBAGA_LAIN = "lembaga_lain"

#: The tiers, from a file as BPS serves it to a figure of another institution.
TINGKAT = (UNDUHAN_BPS, TRANSKRIPSI_BPS, SEKUNDER, LEMBAGA_LAIN)

#: Short labels, as shown in the book.
LABEL = {
    UNDUHAN_BPS: "berkas unduhan BPS",
    TRANSKRIPSI_BPS: "tabel atau publikasi BPS, ditranskripsi",
    SEKUNDER: "angka BPS dari laporan sekunder",
    LEMBAGA_LAIN: "angka lembaga lain",
}

#: What each tier means, for the appendix page.
KETERANGAN = {
    UNDUHAN_BPS: "berkas persis seperti yang disajikan situs BPS (identik byte demi byte dengan unduhan BPS)",
    TRANSKRIPSI_BPS: (
        "nilai dari tabel, publikasi atau rilis BPS sendiri, disalin ke tata letak unduhan BPS atau ke "
        "CSV rapi"
    ),
    SEKUNDER: (
        "angka BPS yang disalin dari laporan pihak lain (situs berita, tesis, repositori, koleksi "
        "tabel), bukan dari BPS langsung"
    ),
    LEMBAGA_LAIN: "angka lembaga selain BPS (World Bank)",
}

#: Tiers whose figures do not come from BPS directly: marked wherever they are shown.
BUKAN_DARI_BPS_LANGSUNG = (SEKUNDER, LEMBAGA_LAIN)

BAGIAN_ASAL = ("bagian", "tingkat_sumber", "penerbit_angka", "sumber", "tanggal")


class SumberError(KompendiumError):
    """A raw file's source tier is missing or not valid."""


def terjauh(tingkat: Iterable[str]) -> str:
    """The tier farthest from a BPS file among ``tingkat``."""
    return max(tingkat, key=TINGKAT.index)


def asal(bagian: str, tingkat: str, penerbit: str, sumber: str, tanggal: str | None = None) -> dict:
    """One part of a file's ``asal_angka``."""
    return {
        "bagian": bagian, "tingkat_sumber": tingkat, "penerbit_angka": penerbit,
        "sumber": sumber, "tanggal": tanggal,
    }


def properti(bagian: list[dict]) -> dict:
    """The tier fields of a resource made of these parts (``tingkat_sumber``, ``penerbit_angka``,
    ``asal_angka``), the file's tier derived from its parts."""
    penerbit: list[str] = []
    for b in bagian:
        if b["penerbit_angka"] not in penerbit:
            penerbit.append(b["penerbit_angka"])
    return {
        "tingkat_sumber": terjauh(b["tingkat_sumber"] for b in bagian),
        "penerbit_angka": penerbit,
        "asal_angka": list(bagian),
    }


def unduhan_bps(url: str | None, tanggal: str) -> dict:
    """Tier fields of a file downloaded from BPS and added unchanged (``kompendium data add``)."""
    return properti([asal("semua nilai", UNDUHAN_BPS, "BPS", f"unduhan situs BPS{f' ({url})' if url else ''}",
                          tanggal)])


def _salah(resource: Mapping[str, Any], what: str) -> SumberError:
    path = resource.get("path", "(tanpa path)")
    return SumberError(
        f"datapackage.json, resource {path}: {what}; tingkat yang sah: {', '.join(TINGKAT)} "
        "(lihat kompendium.sumber)"
    )


def validate_resource(resource: Mapping[str, Any]) -> None:
    """Raise :class:`SumberError` (naming the file and the field) unless ``resource`` has a valid tier."""
    tingkat = resource.get("tingkat_sumber")
    if tingkat not in TINGKAT:
        raise _salah(resource, f"tingkat_sumber {tingkat!r} tidak sah")
    bagian = resource.get("asal_angka")
    if not isinstance(bagian, list) or not bagian:
        raise _salah(resource, "asal_angka harus daftar bagian yang tidak kosong")
    for i, b in enumerate(bagian, start=1):
        if not isinstance(b, Mapping) or set(b) != set(BAGIAN_ASAL):
            raise _salah(resource, f"asal_angka[{i}] harus punya tepat kunci {', '.join(BAGIAN_ASAL)}")
        if b["tingkat_sumber"] not in TINGKAT:
            raise _salah(resource, f"asal_angka[{i}].tingkat_sumber {b['tingkat_sumber']!r} tidak sah")
        for kunci in ("bagian", "penerbit_angka", "sumber"):
            if not isinstance(b[kunci], str) or not b[kunci].strip():
                raise _salah(resource, f"asal_angka[{i}].{kunci} kosong")
        if b["tanggal"] is not None and not isinstance(b["tanggal"], str):
            raise _salah(resource, f"asal_angka[{i}].tanggal harus teks atau null")
    harus = properti(bagian)
    if tingkat != harus["tingkat_sumber"]:
        raise _salah(resource, f"tingkat_sumber {tingkat!r}, padahal bagian terjauhnya {harus['tingkat_sumber']!r}")
    if resource.get("penerbit_angka") != harus["penerbit_angka"]:
        raise _salah(resource, f"penerbit_angka harus {harus['penerbit_angka']!r} (penerbit bagian-bagiannya)")


def validate_package(package: Mapping[str, Any]) -> None:
    """Every resource of ``package`` has a valid tier (the first offending one is named)."""
    for resource in package.get("resources", []):
        validate_resource(resource)


def hitung(resources: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Number of files per tier, every tier listed (in :data:`TINGKAT` order)."""
    jumlah = dict.fromkeys(TINGKAT, 0)
    for r in resources:
        jumlah[r["tingkat_sumber"]] += 1
    return jumlah


def bukan_dari_bps_langsung(resource: Mapping[str, Any]) -> bool:
    """Does (part of) this file rest on a secondary report or another institution's figure?"""
    return resource["tingkat_sumber"] in BUKAN_DARI_BPS_LANGSUNG


def render_tanggal(tanggal: str | None) -> str:
    return tanggal or "tanggal tidak tercatat"


def render_asal(resource: Mapping[str, Any], *, hanya_tidak_langsung: bool = False) -> str:
    """The parts of a file as one line: ``bagian: label, penerbit, sumber (tanggal)``; with
    ``hanya_tidak_langsung`` only the parts that do not come from BPS directly."""
    teks = []
    for b in resource["asal_angka"]:
        if hanya_tidak_langsung and b["tingkat_sumber"] not in BUKAN_DARI_BPS_LANGSUNG:
            continue
        teks.append(
            f"{b['bagian']}: {LABEL[b['tingkat_sumber']]} ({b['penerbit_angka']}), {b['sumber']}"
            f" ({render_tanggal(b['tanggal'])})"
        )
    return "; ".join(teks)


def catatan_sumber(resources: Iterable[Mapping[str, Any]]) -> str:
    """A note for a claim or table resting on these raw files: empty when every figure comes from
    BPS directly, else which files rest on a secondary report or another institution's figure.

    For the audit: ``catatan_sumber(berkas)`` with the raw resources behind a claim's tables.
    """
    per_tingkat: dict[str, list[str]] = {}
    for r in resources:
        if bukan_dari_bps_langsung(r):
            per_tingkat.setdefault(r["tingkat_sumber"], []).append(r["path"])
    bagian = [
        f"{LABEL[t]}: {', '.join(sorted(per_tingkat[t]))}" for t in TINGKAT if t in per_tingkat
    ]
    return "; ".join(bagian)


def catatan_tabel(resources: Iterable[Mapping[str, Any]], peta: Mapping[str, Any], tabel: Iterable[str]) -> str:
    """:func:`catatan_sumber` for processed tables (e.g. a claim's ``data`` list): their raw files
    come from ``peta["tabel"]``, the map the workflow writes to ``data/processed/sumber_data.json``.
    A table missing from the map is an error, not an empty note."""
    per_path = {r["path"]: r for r in resources}
    paths: set[str] = set()
    for nama in tabel:
        if nama not in peta["tabel"]:
            raise SumberError(f"sumber_data.json: tabel olahan {nama!r} tidak ada di peta sumber")
        paths.update(peta["tabel"][nama])
    return catatan_sumber(per_path[p] for p in sorted(paths))


def berkas_tabel(package: Mapping[str, Any], tabel: str) -> list[dict]:
    """The raw resources behind one raw table: a BPS table folder, or a transcription by name."""
    prefix = f"{tabel}/"
    found = [r for r in package["resources"] if str(r.get("path", "")).startswith(prefix)]
    return sorted(found or [r for r in package["resources"] if r.get("path") == f"transkripsi/{tabel}.csv"],
                  key=lambda r: r["path"])


# ---------------------------------------------------------------------------- appendix *Sumber data*

def halaman_pemakai(peta: Mapping[str, list[str]]) -> dict[str, str]:
    """Raw file -> the book pages built from it, as text. ``peta``: page -> raw files, as the workflow
    derives it (``data/processed/sumber_data.json``). Province pages are named together when every
    one of them uses the file."""
    provinsi = sorted(h for h in peta if h.startswith("provinsi/"))
    per_berkas: dict[str, list[str]] = {}
    for halaman in sorted(peta):
        for path in peta[halaman]:
            per_berkas.setdefault(path, []).append(halaman)
    teks = {}
    for path, halaman in per_berkas.items():
        bab = [h for h in halaman if not h.startswith("provinsi/")]
        prov = [h for h in halaman if h.startswith("provinsi/")]
        if provinsi and prov == provinsi:
            bab.append(f"semua {len(provinsi)} halaman provinsi")
        else:
            bab += prov
        teks[path] = ", ".join(bab)
    return teks


def ringkasan_tingkat(resources: list[Mapping[str, Any]]) -> list[dict]:
    """One row per tier: label, meaning, number of files."""
    return [
        {"tingkat sumber": LABEL[t], "artinya": KETERANGAN[t], "berkas": n}
        for t, n in hitung(resources).items()
    ]


def baris_lampiran(resources: list[Mapping[str, Any]], peta: Mapping[str, list[str]]) -> list[dict]:
    """One row per raw file: path, tier, publisher, source (per part), sha256, pages using it."""
    pemakai = halaman_pemakai(peta)
    return [
        {
            "berkas": f"data/raw/{r['path']}",
            "tingkat sumber": LABEL[r["tingkat_sumber"]],
            "penerbit angka": ", ".join(r["penerbit_angka"]),
            "sumber dan tanggal": render_asal(r),
            "sha256": str(r["hash"]).removeprefix("sha256:"),
            "dipakai di": pemakai.get(r["path"], "tidak dipakai halaman mana pun"),
        }
        for r in sorted(resources, key=lambda r: r["path"])
    ]


def baris_tidak_langsung(resources: list[Mapping[str, Any]]) -> list[dict]:
    """Every part of a raw file whose figures do not come from BPS directly (no BPS primary source
    in the repository for them): file, part, tier, publisher, source, date."""
    return [
        {
            "berkas": f"data/raw/{r['path']}",
            "bagian": b["bagian"],
            "tingkat sumber": LABEL[b["tingkat_sumber"]],
            "penerbit angka": b["penerbit_angka"],
            "sumber": b["sumber"],
            "tanggal": render_tanggal(b["tanggal"]),
        }
        for r in sorted(resources, key=lambda r: r["path"])
        for b in r["asal_angka"]
        if b["tingkat_sumber"] in BUKAN_DARI_BPS_LANGSUNG
    ]


# ---------------------------------------------------------------------------- README

#: The README's block on where the raw files come from, between these markers, is generated.
README_MULAI = "<!-- sumber-data: generated by `kompendium data sources --readme README.md` -->"
README_AKHIR = "<!-- /sumber-data -->"

_README_TINGKAT = {
    UNDUHAN_BPS: "byte-identical to files as BPS serves them",
    TRANSKRIPSI_BPS: "BPS tables, publications or releases, transcribed (in BPS's layout or as tidy CSV)",
    SEKUNDER: (
        "BPS figures copied from secondary reports (news sites, a thesis, a code repository, a "
        "third-party collection of BPS tables)"
    ),
    LEMBAGA_LAIN: "figures of another institution",
}


def render_readme(resources: list[Mapping[str, Any]]) -> str:
    """The README block: number of raw files per source tier, derived from the datapackage."""
    jumlah = hitung(resources)
    lain = sorted({p for r in resources for p in r["penerbit_angka"] if p != "BPS"})
    baris = [
        README_MULAI,
        f"**Where the numbers come from.** Of the {sum(jumlah.values())} raw files in `data/raw/` (each "
        "with its source tier in `data/raw/datapackage.json`, all listed in the book's appendix *Sumber "
        "data*):",
        "",
    ]
    for t, n in jumlah.items():
        teks = _README_TINGKAT[t] + (f" ({', '.join(lain)})" if t == LEMBAGA_LAIN and lain else "")
        baris.append(f"- {n} {'file' if n == 1 else 'files'}: {teks} (`{t}`)")
    baris += [
        "",
        "A file counts at its part farthest from BPS: one figure from a news report makes it secondary.",
        README_AKHIR,
    ]
    return "\n".join(baris)


def update_readme(teks: str, resources: list[Mapping[str, Any]]) -> str:
    """``teks`` (a README) with its generated block replaced by :func:`render_readme`."""
    mulai, akhir = teks.find(README_MULAI), teks.find(README_AKHIR)
    if mulai < 0 or akhir < mulai:
        raise KompendiumError(f"README: penanda {README_MULAI!r} ... {README_AKHIR!r} tidak ditemukan")
    return teks[:mulai] + render_readme(resources) + teks[akhir + len(README_AKHIR):]
