"""The measures of a satker-year as one report (the CLI's JSON, the Kinerja page, the
national ranking), read from the graph in one round trip per satker-year (one per year for
the ranking).

Which formulas make the numbers is :mod:`tracker.measure.measures` and
:mod:`tracker.measure.ikpa`; this module only gathers the facts and puts the results side by
side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from tracker.measure import ikpa as ikpa_
from tracker.measure import measures as ms
from tracker.measure import reads

# What a satker-year's summary reports, in the order every table shows it (the CLI's, the
# national ranking's).
MEASURE_COLUMNS = [
    "bulan",
    "pagu",
    "realisasi",
    "penyerapan",
    "deviasi",
    "capaian_output",
    "efisiensi",
    "efisiensi_score",
    "ikpa",
    "ikpa_share",
    "band",
]
RANKING_COLUMNS = ["rank", "satker", "name", *MEASURE_COLUMNS]


class UnknownSatkerYear(LookupError):
    """No plan on record for the satker-year asked about."""


@dataclass
class Kinerja:
    satker: str
    year: int
    bulan: int
    penyerapan: float | None
    deviasi: float | None
    capaian_output: float | None
    efisiensi: float | None
    efisiensi_score: float | None
    ikpa: ikpa_.Ikpa
    outputs: list[dict[str, Any]] = field(default_factory=list)
    curve: list[dict[str, float]] = field(default_factory=list)
    name: str = ""

    @property
    def band(self) -> str | None:
        return self.ikpa.band

    @property
    def pagu(self) -> float:
        return sum(o["pagu"] for o in self.outputs)

    @property
    def realisasi(self) -> float:
        return sum(o["realisasi"] for o in self.outputs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "satker": self.satker,
            "year": self.year,
            "bulan": self.bulan,
            "pagu": self.pagu,
            "realisasi": self.realisasi,
            "penyerapan": self.penyerapan,
            "deviasi": self.deviasi,
            "capaian_output": self.capaian_output,
            "efisiensi": self.efisiensi,
            "efisiensi_score": self.efisiensi_score,
            "ikpa": self.ikpa.to_dict(),
            "band": self.band,
            "outputs": self.outputs,
        }


def output_facts(outputs: Iterable[dict], months: Iterable[dict]) -> list[ms.OutputFacts]:
    """The measures' input from the rows of ``realisasi_facts`` / ``kinerja_national``.
    Outputs sharing a code (a plan listing one twice) are one output: their pagu and
    target add up, as the realisation rows cannot tell them apart."""
    by_month: dict[str, dict[int, ms.Month]] = defaultdict(dict)
    for x in months:
        by_month[x["code"]][int(x["bulan"])] = ms.Month(
            x.get("rpd"), x.get("realisasi"), x.get("volume"), x.get("progres")
        )
    merged: dict[str, dict[str, Any]] = {}
    for o in sorted(outputs, key=lambda o: o["code"]):
        m = merged.setdefault(o["code"], {**o, "jumlah": 0, "volume": 0.0})
        m["jumlah"] += o.get("jumlah") or 0
        m["volume"] += o.get("volume") or 0.0
    return [
        ms.OutputFacts(
            code=code,
            pagu=float(o["jumlah"]),
            target=float(o["volume"]),
            name=o.get("name") or "",
            kegiatan=o.get("kegiatan") or "",
            unit=o.get("unit") or "",
            uid=o.get("uid") or "",
            months=by_month.get(code, {}),
        )
        for code, o in merged.items()
    ]


def compute(
    satker: str, year: int, outputs: list[ms.OutputFacts], bulan: int | None = None, name: str = ""
) -> Kinerja:
    m = bulan if bulan is not None else ms.latest_month(outputs)
    p = ms.penyerapan(outputs, m)
    d = ms.deviasi(outputs, m)
    c = ms.capaian_output(outputs, m)
    e = ms.efisiensi(outputs, m)
    return Kinerja(
        satker=satker,
        year=year,
        bulan=m,
        penyerapan=p,
        deviasi=d,
        capaian_output=c,
        efisiensi=e,
        efisiensi_score=ms.efisiensi_score(e),
        ikpa=ikpa_.ikpa(p, d, c, m),
        outputs=[ms.output_row(o, m) for o in outputs],
        curve=ms.monthly_curve(outputs),
        name=name,
    )


def facts(
    driver: Driver, satker: str, year: int, database: str | None = None
) -> list[ms.OutputFacts]:
    row = reads.rows(driver, "realisasi_facts", database, satker=satker, year=int(year))[0]
    if not row["outputs"]:
        raise UnknownSatkerYear(f"no plan on record for satker {satker}, year {year}")
    return output_facts(row["outputs"], row["months"])


def kinerja(
    driver: Driver, satker: str, year: int, bulan: int | None = None, database: str | None = None
) -> Kinerja:
    return compute(satker, int(year), facts(driver, satker, year, database), bulan)


def years(driver: Driver, satker: str, database: str | None = None) -> list[int]:
    return [r["year"] for r in reads.rows(driver, "realisasi_years", database, satker=satker)]


def year_over_year(driver: Driver, satker: str, database: str | None = None) -> list[Kinerja]:
    """The satker's measures for every year it has a plan on record, oldest first."""
    found = years(driver, satker, database)
    if not found:
        raise UnknownSatkerYear(f"no plan on record for satker {satker}")
    return [kinerja(driver, satker, y, None, database) for y in found]


def ranked(result: list[Kinerja]) -> list[Kinerja]:
    """Best partial IKPA score first, satkers without a score last."""
    return sorted(result, key=lambda k: (k.ikpa.score is None, -(k.ikpa.score or 0), k.satker))


def national(
    driver: Driver, year: int, bulan: int | None = None, database: str | None = None
) -> list[Kinerja]:
    """Every satker of a year, ranked (:func:`ranked`)."""
    records = reads.rows(driver, "kinerja_national", database, year=int(year))
    return ranked(
        [
            compute(
                r["satker"],
                int(year),
                output_facts(r["outputs"], r["months"]),
                bulan,
                r["name"] or "",
            )
            for r in records
        ]
    )
