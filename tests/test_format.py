"""Numbers in the book are written the Indonesian way, and every glued number is recorded."""

import json
import math

import numpy as np
import pytest

from kompendium.format import angka, desimal_tick, persen
from kompendium.tempel import Angka, Bilangan, Tahun


@pytest.mark.parametrize(
    "nilai, desimal, teks",
    [(49.8, 1, "49,8"), (10467630, 0, "10.467.630"), (15804.4, 0, "15.804"), (0.395, 3, "0,395"),
     (1234.5, 2, "1.234,50"), (-3.25, 1, "-3,3"),
     # One rounding rule, half away from zero on the number as the data write it; never truncated.
     (113.8, 0, "114"), (112.9, 0, "113"), (2.5, 0, "3"), (12.345, 2, "12,35"), (0.125, 2, "0,13"),
     (-0.001, 1, "0,0"), (np.float64(7.25), 1, "7,3"), (np.int64(5), 0, "5")],
)
def test_angka(nilai, desimal, teks):
    assert angka(nilai, desimal) == teks


@pytest.mark.parametrize(
    "lokasi, minimum, desimal",
    [([0, 2.5, 5, 7.5, 10], 0, 1), ([0, 5, 10], 0, 0), ([0, 5, 10], 1, 1), ([0.25, 0.5], 0, 2),
     ([2010, 2012], 0, 0)],
)
def test_tick_decimals_write_every_tick_exactly(lokasi, minimum, desimal):
    assert desimal_tick(lokasi, minimum) == desimal


def test_axis_ticks_every_two_and_a_half_are_not_written_as_whole_numbers():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MultipleLocator

    from kompendium import gaya

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 19])
    gaya.sumbu_angka(ax, 0)
    fig.canvas.draw()
    # The automatic axis steps by 1, 2 or 5: whole ticks, written whole.
    teks = [t.get_text() for t in ax.get_yticklabels() if 0 <= t.get_position()[1] <= 19]
    assert teks and all("," not in t for t in teks)
    # Ticks every 2.5 (placed by hand) keep their decimal: no "2" or "8" for 2.5 and 7.5.
    ax.yaxis.set_major_locator(MultipleLocator(2.5))
    fig.canvas.draw()
    teks = [t.get_text() for t in ax.get_yticklabels() if 0 <= t.get_position()[1] <= 19]
    assert teks[:4] == ["0,0", "2,5", "5,0", "7,5"]
    plt.close(fig)


def test_missing_is_a_dash_not_nan():
    assert angka(math.nan) == "–"
    assert persen(7.1) == "7,1%"


def test_glued_numbers_are_recorded_natively(tmp_path, monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda k, v, display=True: glued.__setitem__(k, v))
    import numpy as np

    rec = Angka(tmp_path / "angka" / "bab.json")
    rec.tempel("p0", np.float64(6.733333333), 2)
    rec.tempel_tahun("tahun", np.int64(2035))
    rec.tempel_teks("provinsi", "Lampung")
    assert glued == {"p0": "6,73", "tahun": "2035", "provinsi": "Lampung"}
    saved = json.loads(rec.simpan().read_text())
    assert saved == {"p0": 6.733333333, "tahun": 2035, "provinsi": "Lampung"}
    assert type(saved["tahun"]) is int


def test_glue_refuses_a_missing_value_and_a_reused_key(monkeypatch):
    monkeypatch.setattr("myst_nb.glue", lambda *a, **k: None)
    rec = Angka("unused.json")
    with pytest.raises(ValueError, match="NaN"):
        rec.tempel("x", float("nan"))
    rec.tempel("y", 1.0)
    with pytest.raises(ValueError, match="dua kali"):
        rec.tempel("y", 2.0)


def test_glue_all_dispatches_on_the_kind_of_value(tmp_path, monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda k, v, display=True: glued.__setitem__(k, v))
    rec = Angka(tmp_path / "bab.json")
    rec.tempel_semua({"jumlah": Bilangan(10467630, 0), "persen": Bilangan(49.84, 2), "bawaan": Bilangan(7.06),
                      "tahun": Tahun(2035), "nama": "Lampung"})
    assert glued == {"jumlah": "10.467.630", "persen": "49,84", "bawaan": "7,1", "tahun": "2035",
                     "nama": "Lampung"}
    with pytest.raises(TypeError, match="'x'.*float"):
        rec.tempel_semua({"x": 1.5})
    path = rec.simpan()
    teks = path.read_text(encoding="utf-8")
    # Deterministic record: sorted keys, one per line, final newline; nothing else left in the folder.
    assert teks.startswith('{\n "bawaan": 7.06,') and teks.endswith("}\n")
    assert [p.name for p in path.parent.iterdir()] == ["bab.json"]
