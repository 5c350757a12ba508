"""The book's colours and the one word each is called in the text (captions, alt text, prose).

No matplotlib here: the province pages' prose names the colours of charts it does not draw.
"""

from __future__ import annotations

from kompendium.kosakata import PERDESAAN, PERKOTAAN, TOTAL

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "oranye": "#E69F00",
    "biru_langit": "#56B4E9",
    "hijau": "#009E73",
    "kuning": "#F0E442",
    "biru": "#0072B2",
    "merah": "#D55E00",
    "ungu": "#CC79A7",
    "hitam": "#000000",
}
LATAR = "#BBBBBB"  # the other provinces: context, not focus
#: The colour of each area in every chart.
DAERAH = {
    PERKOTAAN: OKABE_ITO["biru"],
    PERDESAAN: OKABE_ITO["hijau"],
    TOTAL: OKABE_ITO["hitam"],
}

#: How the text names each colour of the palette: one word per colour across the book
#: (#D55E00 is "merah", never "jingga"; #E69F00 is "oranye").
NAMA_WARNA = {
    OKABE_ITO["oranye"]: "oranye",
    OKABE_ITO["biru_langit"]: "biru muda",
    OKABE_ITO["hijau"]: "hijau",
    OKABE_ITO["kuning"]: "kuning",
    OKABE_ITO["biru"]: "biru",
    OKABE_ITO["merah"]: "merah",
    OKABE_ITO["ungu"]: "merah muda",
    OKABE_ITO["hitam"]: "hitam",
    LATAR: "abu-abu",
}


def nama_warna(kode: str) -> str:
    """The word the text uses for a colour of the palette ('#D55E00' -> 'merah')."""
    try:
        return NAMA_WARNA[kode.upper()]
    except KeyError:
        raise ValueError(f"warna {kode!r} tidak ada di palet buku (kompendium.warna.NAMA_WARNA)") from None
