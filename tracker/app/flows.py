"""The money flow of one satker-year for the Sankey diagram: Program → Kegiatan → Output →
Indikator (IKP or IKK).

Flows are built from the outputs' Jumlah so the diagram conserves money: a kegiatan passes on
exactly what its outputs hold, and an output's Jumlah is divided equally among the indicators
that list it (``tracker.trace.coverage``'s best-tier outputs, the same rule as ``jumlah_split``).
Outputs no indicator lists flow into one "(no indicator)" node, so unserved money is visible.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from tracker.trace import coverage

IndicatorLevel = Literal["program", "kegiatan"]


@dataclass
class Flows:
    labels: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # program/kegiatan/output/indicator/none
    source: list[int] = field(default_factory=list)
    target: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def node(self, key: str, label: str, kind: str) -> int:
        if key not in self._index:
            self._index[key] = len(self.labels)
            self.labels.append(label)
            self.kinds.append(kind)
        return self._index[key]

    def add(self, a: int, b: int, amount: float) -> None:
        if amount > 0:
            self.source.append(a)
            self.target.append(b)
            self.value.append(amount)

    def total_into(self, kind: str) -> float:
        return sum(v for t, v in zip(self.target, self.value, strict=True) if self.kinds[t] == kind)


def money_flows(f: coverage.Facts, level: IndicatorLevel, unlinked: str) -> Flows:
    flows = Flows()
    funded = {uid: o for uid, o in f.outputs.items() if (o.get("jumlah") or 0) > 0}
    served = [s for s in coverage.compute(f) if s.level == level]
    listing: dict[str, list[coverage.Served]] = defaultdict(list)
    for s in served:
        for o in s.outputs:
            listing[o].append(s)
    per_kegiatan: dict[str, float] = defaultdict(float)
    for o in funded.values():
        per_kegiatan[o["parent"]] += o["jumlah"]
    for kuid, amount in per_kegiatan.items():
        k = f.kegiatan.get(kuid, {})
        p = f.programs.get(k.get("parent", ""), {})
        pi = flows.node(p.get("uid", "?"), f"Program {p.get('code', '?')}", "program")
        ki = flows.node(kuid, f"Kegiatan {k.get('code', '?')}", "kegiatan")
        flows.add(pi, ki, amount)
    for uid, o in funded.items():
        ki = flows.node(o["parent"], "", "kegiatan")
        oi = flows.node(uid, f"Output {o['code']}", "output")
        flows.add(ki, oi, o["jumlah"])
        takers = listing.get(uid, [])
        if not takers:
            flows.add(oi, flows.node("__none__", unlinked, "none"), o["jumlah"])
            continue
        share = o["jumlah"] / len(takers)
        for s in takers:
            name = (
                f"IKP {s.owner} {s.code}"
                if level == "program"
                else f"IKK {s.owner} {s.code}#{s.seq}"
            )
            flows.add(oi, flows.node(s.uid, name, "indicator"), share)
    return flows
