"""The audit's status badges keep WCAG AA contrast (4.5:1) between their text and their colour."""

import pytest

from kompendium.klaim.presentation import LENCANA


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast("#D55E00", "#FFFFFF") == pytest.approx(3.86, abs=0.01)  # what axe-core reported


@pytest.mark.parametrize("status", sorted(LENCANA))
def test_badge_text_is_readable(status):
    latar, teks, _, _ = LENCANA[status]
    assert contrast(latar, teks) >= 4.5, (status, latar, teks)
