"""Which funded outputs serve each indicator, through which path, and how sure that is.

Definitions (one satker-year; "funded" means Jumlah > 0; a link is *active* unless a person
rejected it; a link's status is ``confirmed`` or ``suggested``):

Routes. A *route* brings one funded output to one indicator. Its *tier* says how it was made,
best first: ``covered`` (only confirmed links), ``suggested`` (links only, at least one of them
suggested), ``structural`` (somewhere on the way the money moves only through the hierarchy:
the output funds a kegiatan, and that kegiatan owns the IKK or funds the program).

* **Indikator Output**: the output it belongs to, if funded: one ``covered`` route.
* **IKK** of kegiatan K:

  - for every active IO→IKK link whose IO belongs to a funded output: a route of tier
    ``covered`` if the link is confirmed, ``suggested`` if it is suggested;
  - only if there is no such route: every funded output of K, tier ``structural``
    (path output→kegiatan).

* **IKP** of program P:

  - for every active IKK→IKP link and every route R of that IKK: a route of tier
    ``covered`` if the link is confirmed and R is covered; ``structural`` if R is structural
    (whatever the link: the money reaches the IKK only through the hierarchy); otherwise
    ``suggested``;
  - only if there is no such route: every funded output of every kegiatan of P, tier
    ``structural`` (path output→kegiatan→program).

Status. An indicator's status is the best tier among its routes (``covered`` > ``suggested`` >
``structural``), or ``uncovered`` if it has none. So an IKK is ``covered`` when a funded
output's IO is confirmed to serve it; an IKP is ``covered`` when a confirmed IKK→IKP link
leads to a covered IKK, ``structural`` when the best it has is a confirmed link to an IKK that
is only structurally served (IKP 05.01 of the seed, via IKK 03 of kegiatan 3356 and output
3356.008) or no IKK link at all but funded outputs under its program.

Outputs and budget. The outputs *listed* for an indicator are the distinct outputs of its
best-tier routes; its ``jumlah`` is their Jumlah summed, each output counted once per
indicator however many routes bring it. An output that serves several indicators of the same
level is counted in full for each (``jumlah``), so those budgets overlap and do not add up to
the satker's total; ``jumlah_split`` instead divides each output's Jumlah equally among the
indicators of that level listing it, so the split budgets of a level add up to the Jumlah of
the outputs that level lists. Weaker routes are still shown by :func:`indicator_outputs`,
marked ``counted = False``.

Unserving outputs are outputs none of whose indicators has an active link to an IKK: they
reach indicators, if at all, only through the hierarchy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from neo4j import Driver

from tracker.graph.cypher import read

TIERS = ("covered", "suggested", "structural")
RANK = {"covered": 3, "suggested": 2, "structural": 1, "uncovered": 0}
LEVEL_ORDER = {"program": 0, "kegiatan": 1, "output": 2}
# The columns every per-indicator table starts with: which indicator, and its status.
NAMED_COLUMNS = ["level", "owner", "code", "seq", "text", "status"]
COVERAGE_COLUMNS = [*NAMED_COLUMNS, "outputs", "jumlah", "paths", "via", "uid"]
# The budget view: the indicator's columns, then its Jumlah split among indicators sharing
# an output instead of the routes.
BUDGET_COLUMNS = [*COVERAGE_COLUMNS[:8], "jumlah_split", "shared_outputs", "uid"]
OUTPUT_COLUMNS = [
    "output",
    "name",
    "jumlah",
    "tier",
    "counted",
    "via",
    "path",
    "evidence",
    "output_uid",
]


class IndicatorNotFound(LookupError):
    """No indicator, or more than one, answers to the name given."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a route: the node reached, and how (a SERVES link's evidence, or the
    hierarchy)."""

    label: str
    method: str | None = None  # None for the output itself and HAS_INDICATOR steps
    score: float | None = None
    status: str | None = None
    decided_by: str | None = None

    def __str__(self) -> str:
        if self.method is None:
            return self.label
        if self.method == "structural":
            return f"{self.label} [structural]"
        score = "" if self.score is None else f" {self.score:.2f}"
        return f"{self.label} [{self.method}{score} {self.status}]"


@dataclass(frozen=True, slots=True)
class Route:
    output: str  # uid
    tier: str
    via: str
    hops: tuple[Hop, ...]

    @property
    def path(self) -> str:
        return " → ".join(str(h) for h in self.hops)

    def evidence(self) -> list[dict[str, Any]]:
        return [
            {
                "to": h.label,
                "method": h.method,
                "score": h.score,
                "status": h.status,
                "decided_by": h.decided_by,
            }
            for h in self.hops
            if h.method is not None
        ]


@dataclass
class Served:
    """One indicator's coverage."""

    level: str
    uid: str
    owner: str  # code of its output, kegiatan or program
    code: str
    seq: int
    text: str
    satker: str = ""
    sasaran_seq: int = 0  # IKP only: seq restarts in each sasaran, so order by both
    routes: list[Route] = field(default_factory=list)

    @property
    def status(self) -> str:
        return best_tier(r.tier for r in self.routes)

    @property
    def counted(self) -> list[Route]:
        best = self.status
        return [r for r in self.routes if r.tier == best]

    @property
    def outputs(self) -> list[str]:
        """uids of the distinct outputs of the best-tier routes, in route order."""
        return list(dict.fromkeys(r.output for r in self.counted))


@dataclass
class Facts:
    """What coverage is computed from (``cypher/coverage_facts.cypher``), keyed by uid."""

    programs: dict[str, dict[str, Any]]
    kegiatan: dict[str, dict[str, Any]]
    outputs: dict[str, dict[str, Any]]
    ios: dict[str, dict[str, Any]]
    ikks: dict[str, dict[str, Any]]
    ikps: dict[str, dict[str, Any]]
    links: list[dict[str, Any]]

    @classmethod
    def from_record(cls, row: dict[str, Any]) -> Facts:
        def by_uid(items: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
            ordered = sorted(items, key=lambda x: (x.get("seq") or 0, x["uid"]))
            return {x["uid"]: x for x in ordered}

        return cls(
            programs=by_uid(row["programs"]),
            kegiatan=by_uid(row["kegiatan"]),
            outputs=by_uid(row["outputs"]),
            ios=by_uid(row["ios"]),
            ikks=by_uid(row["ikks"]),
            ikps=by_uid(row["ikps"]),
            links=list(row["links"]),
        )


def link_tier(status: str) -> str:
    """The tier an IO→IKK link gives a funded output's route."""
    return "covered" if status == "confirmed" else "suggested"


def chain_tier(link_status: str, ikk_tier: str) -> str:
    """The tier of a route extended by an IKK→IKP link: structural stays structural (the
    money reaches the IKK only through the hierarchy); covered needs a confirmed link."""
    if ikk_tier == "structural":
        return "structural"
    if ikk_tier == "covered" and link_status == "confirmed":
        return "covered"
    return "suggested"


def best_tier(tiers: Iterable[str]) -> str:
    return max(tiers, key=RANK.__getitem__, default="uncovered")


def _hop_of(link: dict[str, Any], label: str) -> Hop:
    return Hop(
        label, link.get("method"), link.get("score"), link.get("status"), link.get("decided_by")
    )


def compute(f: Facts) -> list[Served]:
    """Routes and statuses of every indicator, following the module docstring. Pure: the
    same facts always give the same answer, and the facts of many satker-years can be
    computed at once (uids carry the satker)."""
    funded = {uid for uid, o in f.outputs.items() if (o.get("jumlah") or 0) > 0}
    outputs_of: dict[str, list[str]] = defaultdict(list)  # kegiatan uid -> funded outputs
    for uid, o in f.outputs.items():
        if uid in funded:
            outputs_of[o["parent"]].append(uid)
    kegiatan_of: dict[str, list[str]] = defaultdict(list)  # program uid -> kegiatan
    for uid, k in f.kegiatan.items():
        kegiatan_of[k["parent"]].append(uid)
    into: dict[str, list[dict[str, Any]]] = defaultdict(list)  # target uid -> active links
    for link in f.links:
        if link.get("status") != "rejected":
            into[link["target"]].append(link)

    def code(items: dict[str, dict[str, Any]], uid: str) -> str:
        return items[uid].get("code", "") if uid in items else ""

    def out_hop(o: str) -> Hop:
        return Hop(f"output {code(f.outputs, o)}")

    def keg_hop(k: str) -> Hop:
        return Hop(f"kegiatan {code(f.kegiatan, k)}", "structural")

    served: list[Served] = []

    def new(level: str, uid: str, item: dict[str, Any], owners: dict[str, Any]) -> Served:
        owner = owners.get(item["parent"], {})
        s = Served(
            level=level,
            uid=uid,
            owner=owner.get("code", ""),
            code=item.get("code", ""),
            seq=item.get("seq") or 0,
            text=item.get("text") or "",
            satker=item.get("satker") or owner.get("satker") or "",
            sasaran_seq=item.get("sasaran_seq") or 0,
        )
        served.append(s)
        return s

    for uid, io in f.ios.items():
        s = new("output", uid, io, f.outputs)
        o = io["parent"]
        if o in funded:
            hops = (out_hop(o), Hop(f"IO {io.get('code', '')}#{io.get('seq', '')}"))
            s.routes.append(Route(o, "covered", "own output", hops))

    ikk_routes: dict[str, list[Route]] = {}
    for uid, ikk in f.ikks.items():
        s = new("kegiatan", uid, ikk, f.kegiatan)
        label = f"IKK {s.owner} {s.code}#{s.seq}"
        for link in into.get(uid, ()):
            io = f.ios.get(link["source"])
            if io is None or io["parent"] not in funded:
                continue
            o = io["parent"]
            tier = link_tier(link["status"])
            hops = (
                out_hop(o),
                Hop(f"IO {io.get('code', '')}#{io.get('seq', '')}"),
                _hop_of(link, label),
            )
            s.routes.append(Route(o, tier, "IO→IKK", hops))
        if not s.routes:
            k = ikk["parent"]
            for o in outputs_of.get(k, ()):
                hops = (out_hop(o), keg_hop(k), Hop(label))
                s.routes.append(Route(o, "structural", "output→kegiatan", hops))
        ikk_routes[uid] = s.routes

    for uid, ikp in f.ikps.items():
        s = new("program", uid, ikp, f.programs)
        label = f"IKP {s.code}#{s.seq}"
        for link in into.get(uid, ()):
            for r in ikk_routes.get(link["source"], ()):
                hops = (*r.hops, _hop_of(link, label))
                tier = chain_tier(link["status"], r.tier)
                s.routes.append(Route(r.output, tier, f"{r.via}→IKP", hops))
        if not s.routes:
            p = ikp["parent"]
            program_hop = Hop(f"program {s.owner}", "structural")
            for k in kegiatan_of.get(p, ()):
                for o in outputs_of.get(k, ()):
                    hops = (out_hop(o), keg_hop(k), program_hop)
                    s.routes.append(Route(o, "structural", "output→kegiatan→program", hops))
    return served


# --- reading ------------------------------------------------------------------------------


def facts(driver: Driver, satker: str, year: int, database: str | None = None) -> Facts:
    records = read(driver, "coverage_facts", database, satker=satker, year=int(year))
    return Facts.from_record(records[0].data())


def ordered(served: list[Served]) -> list[Served]:
    """Indicators in the order of the document: level by level, each owner's in its list."""
    return sorted(
        served, key=lambda s: (LEVEL_ORDER[s.level], s.owner, s.sasaran_seq, s.seq, s.uid)
    )


def named(s: Served) -> dict[str, Any]:
    """An indicator's :data:`NAMED_COLUMNS`."""
    return {column: getattr(s, column) for column in NAMED_COLUMNS}


def coverage_frame(f: Facts) -> pd.DataFrame:
    """The coverage table of already-fetched facts (see :func:`coverage`)."""
    rows = []
    for s in ordered(compute(f)):
        outs = s.outputs
        rows.append(
            {
                **named(s),
                "outputs": [f.outputs[o]["code"] for o in outs],
                "jumlah": sum(f.outputs[o].get("jumlah") or 0 for o in outs),
                "paths": [r.path for r in s.counted],
                "via": sorted({r.via for r in s.counted}),
                "uid": s.uid,
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def coverage(driver: Driver, satker: str, year: int, database: str | None = None) -> pd.DataFrame:
    """One row per indicator (IKP, IKK, IO) of a satker-year: its status, the funded outputs
    serving it (codes, best tier only), their total Jumlah (each output once), and the paths."""
    return coverage_frame(facts(driver, satker, year, database))


def indicator_outputs(
    driver: Driver,
    satker: str,
    year: int,
    level: str,
    owner: str,
    seq: int | None,
    code: str | None = None,
    database: str | None = None,
) -> pd.DataFrame:
    """Every route of one indicator: the output, its Jumlah, the route's tier, whether it is
    counted (best tier), the path, and the evidence of each link on it.

    The indicator is named by level, owner code and seq and/or code; an IKP needs its
    ``code`` (``seq`` restarts in each sasaran). Raises IndicatorNotFound if no indicator or
    several match.
    """
    f = facts(driver, satker, year, database)
    return outputs_frame(f, find(compute(f), level, owner, seq, code))


def find(served: list[Served], level: str, owner: str, seq: int | None, code: str | None) -> Served:
    hits = [
        s
        for s in served
        if s.level == level
        and s.owner == owner
        and (seq is None or s.seq == int(seq))
        and (code is None or s.code == code)
    ]
    name = (
        f"{level} indicator {owner}{'/' + code if code else ''}{'' if seq is None else f'#{seq}'}"
    )
    if not hits:
        raise IndicatorNotFound(f"no {name}")
    if len(hits) > 1:
        codes = ", ".join(s.code for s in hits)
        raise IndicatorNotFound(f"{name} is ambiguous (codes {codes}): give its code")
    return hits[0]


def outputs_frame(f: Facts, s: Served) -> pd.DataFrame:
    best = s.status
    rows = [
        {
            "output": f.outputs[r.output]["code"],
            "name": f.outputs[r.output].get("name"),
            "jumlah": f.outputs[r.output].get("jumlah") or 0,
            "tier": r.tier,
            "counted": r.tier == best,
            "via": r.via,
            "path": r.path,
            "evidence": r.evidence(),
            "output_uid": r.output,
        }
        for r in sorted(s.routes, key=lambda r: -RANK[r.tier])
    ]
    return pd.DataFrame(rows, columns=OUTPUT_COLUMNS)


def budget_frame(f: Facts) -> pd.DataFrame:
    served = ordered(compute(f))
    sharing: dict[tuple[str, str], int] = defaultdict(int)  # (level, output) -> indicators
    for s in served:
        for o in s.outputs:
            sharing[(s.level, o)] += 1
    rows = []
    for s in served:
        outs = s.outputs

        def jumlah(o: str) -> int:
            return f.outputs[o].get("jumlah") or 0

        rows.append(
            {
                **named(s),
                "outputs": len(outs),
                "jumlah": sum(jumlah(o) for o in outs),
                "jumlah_split": round(sum(jumlah(o) / sharing[(s.level, o)] for o in outs), 2),
                "shared_outputs": sum(1 for o in outs if sharing[(s.level, o)] > 1),
                "uid": s.uid,
            }
        )
    return pd.DataFrame(rows, columns=BUDGET_COLUMNS)


def budget_per_indicator(
    driver: Driver, satker: str, year: int, database: str | None = None
) -> pd.DataFrame:
    """The budget behind each indicator: ``jumlah`` counts each listed output once and in full
    (budgets of indicators sharing an output overlap); ``jumlah_split`` divides a shared
    output equally among the indicators of the level that list it (these add up);
    ``shared_outputs`` says how many of its outputs are shared."""
    return budget_frame(facts(driver, satker, year, database))


def unserving_frame(f: Facts) -> pd.DataFrame:
    linked = {link["source"] for link in f.links if link.get("status") != "rejected"}
    ios_of: dict[str, list[str]] = defaultdict(list)
    for uid, io in f.ios.items():
        ios_of[io["parent"]].append(uid)
    rows = []
    for uid, o in f.outputs.items():
        own = ios_of.get(uid, [])
        if any(i in linked for i in own):
            continue
        kegiatan = f.kegiatan.get(o["parent"], {})
        rows.append(
            {
                "output": o["code"],
                "name": o.get("name"),
                "kegiatan": kegiatan.get("code"),
                "jumlah": o.get("jumlah") or 0,
                "funded": (o.get("jumlah") or 0) > 0,
                "indicators": len(own),
                "reason": "no indicator of its own"
                if not own
                else "its indicators match no IKK of its kegiatan",
                "output_uid": uid,
            }
        )
    columns = ["output", "name", "kegiatan", "jumlah", "funded", "indicators", "reason"]
    return pd.DataFrame(rows, columns=[*columns, "output_uid"])


def unserving_outputs(
    driver: Driver, satker: str, year: int, database: str | None = None
) -> pd.DataFrame:
    """Outputs that serve no indicator through a link (only through the hierarchy, if at
    all), funded or not, with the reason."""
    return unserving_frame(facts(driver, satker, year, database))


ROLLUP_COLUMNS = [
    "program",
    "code",
    "text",
    "satkers",
    "covered",
    "suggested",
    "structural",
    "uncovered",
    "jumlah",
    "jumlah_covered",
    "jumlah_suggested",
    "jumlah_structural",
]


IKP_COLUMNS = ["satker", "program", "code", "text", "status", "jumlah", "uid"]


def ikp_statuses(row: dict[str, Any]) -> pd.DataFrame:
    """One row per IKP of the year: its satker, codes, text, status and the Jumlah of the
    outputs its best routes list, from the answer of ``cypher/national_rollup.cypher``."""
    chains: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for chain in row["chains"]:
        chains[chain["ikp"]].append(chain)
    rows = []
    for ikp in row["ikps"]:
        status, amount = ikp_from_chains(chains.get(ikp["uid"], ()), ikp["funded"])
        rows.append(
            {
                "satker": ikp["satker"],
                "program": ikp["program"],
                "code": ikp["code"],
                "text": ikp["text"] or "",
                "status": status,
                "jumlah": int(amount),
                "uid": ikp["uid"],
            }
        )
    return pd.DataFrame(rows, columns=IKP_COLUMNS)


def rollup(ikps: pd.DataFrame) -> pd.DataFrame:
    """Budget per IKP code (program code, IKP code) across satkers, from one row per IKP
    (:func:`ikp_statuses`): satkers having it, how many at each status, the summed Jumlah and
    its split by status, and the most common wording. The one place the national roll-up is
    added up: the CLI, the dashboard and the benchmarks all come here."""
    rows = []
    for (program, code), group in ikps.groupby(["program", "code"], sort=True):
        counts = group["status"].value_counts()
        texts = group["text"].value_counts()
        top = max(texts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        row: dict[str, Any] = {
            "program": program,
            "code": code,
            "text": top,
            "satkers": group["satker"].nunique(),
            "jumlah": int(group["jumlah"].sum()),
        }
        for status in ("covered", "suggested", "structural", "uncovered"):
            row[status] = int(counts.get(status, 0))
        for status in ("covered", "suggested", "structural"):
            row[f"jumlah_{status}"] = int(group.loc[group["status"] == status, "jumlah"].sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=ROLLUP_COLUMNS)


def rollup_frame(f: Facts) -> pd.DataFrame:
    """Budget per IKP code across the satkers in ``f``, from full facts (the slow way, which
    the tests hold :func:`national_rollup` to)."""
    rows = [
        {
            "satker": s.satker,
            "program": s.owner,
            "code": s.code,
            "text": s.text or "",
            "status": s.status,
            "jumlah": int(sum(f.outputs[o].get("jumlah") or 0 for o in s.outputs)),
            "uid": s.uid,
        }
        for s in compute(f)
        if s.level == "program"
    ]
    return rollup(pd.DataFrame(rows, columns=IKP_COLUMNS))


def ikp_from_chains(chains: Iterable[dict[str, Any]], funded: int) -> tuple[str, int]:
    """An IKP's status and budget from ``cypher/national_rollup.cypher``'s chains, by the same
    rules as :func:`compute` (outputs named by code: one IKP belongs to one satker-year)."""
    routes: list[tuple[str, int, str]] = []  # (output code, jumlah, tier)
    for chain in chains:
        io = [(o["output"], o["jumlah"], link_tier(o["status"])) for o in chain["io"]]
        ikk = io or [(o["output"], o["jumlah"], "structural") for o in chain["structural"]]
        routes += [(o, j, chain_tier(chain["status"], t)) for o, j, t in ikk]
    if not routes:
        return ("structural", funded) if funded > 0 else ("uncovered", 0)
    best = best_tier(t for _, _, t in routes)
    listed = {o: j for o, j, t in routes if t == best}
    return best, sum(listed.values())


def national_rollup(driver: Driver, year: int, database: str | None = None) -> pd.DataFrame:
    """Budget per IKP code (program code + IKP code) across all satkers of one year: how many
    satkers have it, how many are covered / suggested / structural / uncovered, and the
    summed Jumlah behind it (each satker's IKP counts its listed outputs once; see the module
    docstring), split by status. ``text`` is the most common wording."""
    return rollup(national_ikps(driver, year, database))


def national_ikps(driver: Driver, year: int, database: str | None = None) -> pd.DataFrame:
    """Every IKP of one year, of every satker, with its status and budget (see
    :func:`ikp_statuses`): what the national roll-up adds up, and the per-satker views
    reuse."""
    records = read(driver, "national_rollup", database, year=int(year))
    return ikp_statuses(records[0].data())
