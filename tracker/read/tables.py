"""The parsed records as pandas DataFrames, one per level, for notebooks and the dashboard.

Every row carries ``satker`` and ``year`` and its parents' codes and positions, so frames of
many documents concatenate and join without the nesting: codes repeat (five IKK coded ``01``
under one kegiatan), so ``seq`` and the parents' ``*_seq`` are what identify a row.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from tracker.read.records import RkaDocument

_MONEY = ["angka_dasar", "inisiatif_baru", "jumlah"]
_TEXT = ["code", "text", "seq", "line"]

COLUMNS: dict[str, list[str]] = {
    "programs": ["satker", "year", "seq", "code", "name", *_MONEY, "line"],
    "sasaran": ["satker", "year", "program", "program_seq", *_TEXT],
    "ikp": ["satker", "year", "program", "program_seq", "sasaran", "sasaran_seq", *_TEXT],
    "kegiatan": [
        "satker", "year", "program", "program_seq", "seq", "code", "name", *_MONEY, "line",
    ],
    "ikk": ["satker", "year", "program", "program_seq", "kegiatan", "kegiatan_seq", *_TEXT],
    "outputs": [
        "satker", "year", "program", "program_seq", "kegiatan", "kegiatan_seq",
        "seq", "code", "name", "tag", "volume", "unit", *_MONEY, "line",
    ],
    "output_indicators": [
        "satker", "year", "program", "program_seq", "kegiatan", "kegiatan_seq",
        "output", "output_seq", *_TEXT,
    ],
    "findings": ["satker", "year", "rule", "severity", "code", "message", "line"],
}  # fmt: skip

_INTS = {"year", "seq", "line", "program_seq", "sasaran_seq", "kegiatan_seq", "output_seq"}


def frames(docs: RkaDocument | Iterable[RkaDocument]) -> dict[str, pd.DataFrame]:
    """One DataFrame per level (keys of ``COLUMNS``) for one document or many; empty levels
    still have their columns and dtypes, so code that filters them never meets a KeyError."""
    if isinstance(docs, RkaDocument):
        docs = [docs]
    rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in COLUMNS}
    for doc in docs:
        satker, year = doc.document.satker.code, doc.document.year
        for p in doc.programs:
            money = (p.angka_dasar, p.inisiatif_baru, p.jumlah)
            rows["programs"].append((satker, year, p.seq, p.code, p.name, *money, p.line))
            up = (satker, year, p.code, p.seq)
            for s in p.sasaran:
                rows["sasaran"].append((*up, s.code, s.text, s.seq, s.line))
                for i in s.indicators:
                    rows["ikp"].append((*up, s.code, s.seq, i.code, i.text, i.seq, i.line))
            for k in p.kegiatan:
                money = (k.angka_dasar, k.inisiatif_baru, k.jumlah)
                rows["kegiatan"].append((*up, k.seq, k.code, k.name, *money, k.line))
                kup = (*up, k.code, k.seq)
                for i in k.indicators:
                    rows["ikk"].append((*kup, i.code, i.text, i.seq, i.line))
                for o in k.outputs:
                    rows["outputs"].append(
                        (
                            *kup,
                            o.seq,
                            o.code,
                            o.name,
                            o.tag,
                            o.volume,
                            o.unit,
                            o.angka_dasar,
                            o.inisiatif_baru,
                            o.jumlah,
                            o.line,
                        )  # fmt: skip
                    )
                    for i in o.indicators:
                        rows["output_indicators"].append(
                            (*kup, o.code, o.seq, i.code, i.text, i.seq, i.line)
                        )
        for f in doc.findings:
            rows["findings"].append((satker, year, f.rule, f.severity, f.code, f.message, f.line))
    return {name: _frame(name, rows[name]) for name in COLUMNS}


def _frame(name: str, rows: list[tuple[object, ...]]) -> pd.DataFrame:
    columns = COLUMNS[name]
    df = pd.DataFrame.from_records(rows, columns=columns)
    types: dict[str, str] = {}
    for c in columns:
        if c in _INTS or c in _MONEY:
            types[c] = "int64"
        elif c == "volume":
            types[c] = "float64"
        else:
            types[c] = "object"
    return df.astype(types)
