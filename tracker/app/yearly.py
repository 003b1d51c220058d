"""A satker's years side by side, and what changed between them: the numbers behind the
Antar tahun page, computed from the per-year answers the other pages cache.

Planners and the inspectorate ask how a satker's plan moved from one year to the next: did
its budget grow, did coverage improve, which IKP codes gained or lost money. Codes are
national and stable across years (IKP 05.01 of program 076.01.01 means the same every year),
so years are compared per code, not per node.

Performance (capaian, IKPA) arrives with the Kinerja work: :data:`PERFORMANCE` is the hook a
per-year performance reader plugs into (a function ``(satker, year) -> float | None``); the
page shows its column once one is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

YEAR_COLUMNS = [
    "year",
    "jumlah",
    "stated_jumlah",
    "ikp",
    "ikk",
    "outputs",
    "io",
    "confirmed",
    "suggested",
    "rejected",
    "served_share",
    "jumlah_linked",
    "jumlah_linked_share",
    "performance",
]
PERFORMANCE: list[Callable[[str, int], float | None]] = []
"""Hook: per-year performance readers (the first that answers is shown)."""


def performance(satker: str, year: int) -> float | None:
    for reader in PERFORMANCE:
        value = reader(satker, year)
        if value is not None:
            return value
    return None


def years_table(
    satker: str, per_year: pd.DataFrame, coverage: Mapping[int, Mapping[str, int]]
) -> pd.DataFrame:
    """One row per year: the counts of ``app_satker_years.cypher`` plus the coverage summary
    of that year (``tracker.app.data.coverage_summary``) and performance, if any."""
    rows = []
    for rec in per_year.to_dict("records"):
        year = int(rec["year"])
        cov = coverage.get(year, {})
        total = int(cov.get("indicators", 0))
        served = int(cov.get("covered", 0)) + int(cov.get("suggested", 0))
        outputs = int(cov.get("jumlah_outputs", 0))
        linked = int(cov.get("jumlah_linked", 0))
        rows.append(
            {
                **{k: rec.get(k) for k in YEAR_COLUMNS[:10]},
                "served_share": served / total if total else 0.0,
                "jumlah_linked": linked,
                "jumlah_linked_share": linked / outputs if outputs else 0.0,
                "performance": performance(satker, year),
            }
        )
    return pd.DataFrame(rows, columns=YEAR_COLUMNS)


def changes(
    table: pd.DataFrame, columns: tuple[str, ...] = ("jumlah", "jumlah_linked")
) -> pd.DataFrame:
    """Each year against the one before it: the difference of ``columns`` (first year: none)."""
    ordered = table.sort_values("year").reset_index(drop=True)
    out = ordered[["year"]].copy()
    for col in columns:
        out[f"{col}_change"] = ordered[col].diff()
    return out


def ikp_by_year(per_year: Mapping[int, pd.DataFrame]) -> pd.DataFrame:
    """IKP codes (program code, IKP code) as rows, years as columns of Jumlah reaching the
    IKP (coverage rules), from each year's coverage table; plus each year's status, and the
    change between the last two years."""
    frames = []
    for year, cov in per_year.items():
        ikp = cov[cov["level"] == "program"]
        if ikp.empty:
            continue
        frames.append(
            pd.DataFrame(
                {
                    "program": ikp["owner"],
                    "code": ikp["code"],
                    "text": ikp["text"],
                    "year": year,
                    "jumlah": ikp["jumlah"].astype("int64"),
                    "status": ikp["status"],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["program", "code", "text"])
    long = pd.concat(frames, ignore_index=True)
    texts = long.sort_values("year").groupby(["program", "code"])["text"].last()
    wide = long.pivot_table(
        index=["program", "code"], columns="year", values="jumlah", aggfunc="sum"
    )
    status = long.pivot_table(
        index=["program", "code"], columns="year", values="status", aggfunc="first"
    )
    years = sorted(wide.columns)
    out = wide.rename(columns={y: f"jumlah_{y}" for y in years})
    out = out.join(status.rename(columns={y: f"status_{y}" for y in status.columns}))
    out.insert(0, "text", texts)
    if len(years) >= 2:
        out["change"] = wide[years[-1]].fillna(0) - wide[years[-2]].fillna(0)
    return out.reset_index()
