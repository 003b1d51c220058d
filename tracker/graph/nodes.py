"""Single nodes and their neighbours, through the model classes of ``tracker.graph.model``.

Whole tables (a satker-year's plan, its links, coverage, national roll-ups) are one Cypher
query each, for speed; one node and the nodes next to it are what the model is for: the same
classes a notebook uses (docs/notebook.md), so the dashboard, the decisions and a person at a
prompt read the graph the same way. Every lookup goes through a label whose ``uid`` is
unique-constrained, so it is one index seek.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from tracker.graph import db
from tracker.graph.model import (
    PLAN_CLASSES,
    IndikatorKinerjaKegiatan,
    IndikatorKinerjaProgram,
    IndikatorOutput,
    Plan,
    Serves,
)

#: A plan node's class by its label (the level the app and the Cypher files name).
BY_LABEL: dict[str, type[Plan]] = {cls.__name__: cls for cls in PLAN_CLASSES}
#: An indicator's class by the linker's level name.
INDICATOR_BY_LEVEL: dict[str, type[Plan]] = {
    "output": IndikatorOutput,
    "kegiatan": IndikatorKinerjaKegiatan,
    "program": IndikatorKinerjaProgram,
}


def plan_node(
    label: str, uid: str, driver: Driver | None = None, database: str | None = None
) -> Plan | None:
    """The plan node ``uid`` of the class named ``label`` (``Output``, ``IndikatorOutput``…),
    or ``None``. ``driver`` and ``database`` (else the configured ones) are handed to neomodel
    first, since neomodel keeps its database per thread."""
    db.connect_neomodel(driver, database=database)
    return BY_LABEL[label].nodes.get_or_none(uid=uid)


def properties(node: Plan) -> dict[str, Any]:
    """A node's stored properties as plain values (what the model declares, unset ones as
    ``None``), with its ``level``."""
    values = {name: getattr(node, name) for name in type(node).defined_properties(rels=False)}
    return {"level": type(node).__name__, **values}


def serves(
    level: str,
    source_uid: str,
    target_uid: str,
    driver: Driver | None = None,
    database: str | None = None,
) -> Serves | None:
    """The ``SERVES`` link from one indicator to another (its evidence: method, score, status,
    who decided), or ``None`` when there is none. ``level`` is the source's level."""
    db.connect_neomodel(driver, database=database)
    source = INDICATOR_BY_LEVEL[level].nodes.get_or_none(uid=source_uid)
    if source is None or not hasattr(source, "serves"):
        return None
    target = next(iter(source.serves.filter(uid=target_uid)), None)
    return None if target is None else source.serves.relationship(target)
