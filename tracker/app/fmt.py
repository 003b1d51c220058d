"""Numbers as Indonesian readers write them: ``Rp 3.076.120.000``, ``62,5%``.

Done by hand rather than through ``locale`` because the server's locale is whatever the
machine has (often ``C``), and the figures must read the same on every deployment.
"""

from __future__ import annotations

import math


def number(value: float | int | None, decimals: int = 0) -> str:
    """``1234567.5`` → ``1.234.567,5``: dot groups thousands, comma marks decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{abs(value):,.{decimals}f}"  # 1,234,567.50
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"-{text}" if value < 0 and text.strip("0.,") else text


def rupiah(value: float | int | None) -> str:
    """Whole Rupiah with the currency in front: ``Rp 3.076.120.000``, ``-Rp 1.000``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    amount = round(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {number(abs(amount))}"


def percent(ratio: float | None, decimals: int = 1) -> str:
    """A 0–1 ratio as ``62,5%`` (``–`` when there is nothing to divide)."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "–"
    return f"{number(ratio * 100, decimals)}%"


# Indonesian short scales: triliun, miliar, juta (``M`` is miliar, 10^9, not million).
_SCALES = ((10**12, "T"), (10**9, "M"), (10**6, "jt"))


def compact_rupiah(value: float | int | None, decimals: int = 2) -> str:
    """Large sums shortened so a metric never truncates: ``Rp 4,24 T`` (triliun), ``Rp 3,08 M``
    (miliar), ``Rp 147,64 jt`` (juta); below a juta the exact figure. Pages put the exact
    figure (:func:`rupiah`) on hover."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    amount = round(value)
    sign = "-" if amount < 0 else ""
    for i, (size, unit) in enumerate(_SCALES):
        if abs(amount) >= size:
            shown = round(abs(amount) / size, decimals)
            if shown >= 1000 and i > 0:  # 999.999.999.999 reads "Rp 1,00 T", not "1.000,00 M"
                size, unit = _SCALES[i - 1]
                shown = round(abs(amount) / size, decimals)
            return f"{sign}Rp {number(shown, decimals)} {unit}"
    return rupiah(amount)
