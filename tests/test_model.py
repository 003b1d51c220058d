"""The model is the one place that says what the graph is: these tests hold the loader's
Cypher, the linker's links, the schema file and the contract page to it."""

from __future__ import annotations

import random
import re
from pathlib import Path

from conftest import SEED
from neo4j import Driver
from neomodel import StructuredNode
from neomodel.sync_.relationship_manager import RelationshipDefinition

from tracker.config import PROJECT_ROOT
from tracker.graph import model, schema
from tracker.graph.cypher import query
from tracker.graph.loader import load_documents
from tracker.read.document import parse_text
from tracker.synth import rka as synth
from tracker.synth import rspp

CLASSES: tuple[type[StructuredNode], ...] = (*model.NODE_CLASSES, model.LinkDecision)


def by_labels() -> dict[frozenset[str], type[StructuredNode]]:
    return {frozenset(cls.inherited_labels()): cls for cls in CLASSES}


def declared_relationships() -> dict[tuple[str, str, str], type | None]:
    """(start class, type, end class) -> relationship model, from both ends' declarations."""
    out: dict[tuple[str, str, str], type | None] = {}
    for cls in CLASSES:
        for _, rel in cls.defined_properties(aliases=False, properties=False).items():
            assert isinstance(rel, RelationshipDefinition)
            rel.lookup_node_class()
            d = rel.definition
            other = d["node_class"].__name__
            outgoing = d["direction"] == 1  # neomodel's RelationshipDirection.OUTGOING
            key = (cls.__name__, d["relation_type"], other)
            out[key if outgoing else (other, d["relation_type"], cls.__name__)] = d["model"]
    return out


def test_what_the_loader_and_linker_write_is_what_the_model_declares(
    graph: Driver, tmp_path: Path
) -> None:
    (sd,) = synth.documents(1, seed=3, knobs=synth.Knobs(fault_rate=1.0))
    synthetic = tmp_path / "synthetic.txt"
    synthetic.write_text(sd.text, encoding="utf-8")
    assert parse_text(sd.text).findings  # so Finding nodes are checked too
    # an RSPP document with every RSPP level: Output Program, KRO indicators, ROs with and
    # without indicators (the by-name stand-in)
    rs = rspp.synth_document(random.Random(2), knobs=synth.Knobs(fault_rate=1.0))
    era = tmp_path / "rspp.txt"
    era.write_text(rs.text, encoding="utf-8")
    summary = load_documents([SEED, synthetic, era], graph, progress=False, link=True)
    assert [r.status for r in summary.results] == ["loaded", "loaded", "loaded"]
    assert not any(r.link_error for r in summary.results)

    classes, rels = by_labels(), declared_relationships()
    records, _, _ = graph.execute_query(query("graph_dump"))
    nodes: dict[str, type[StructuredNode]] = {}
    seen_labels, seen_types = set(), set()
    for r in records:
        if r["kind"] != "node":
            continue
        cls = classes.get(frozenset(r["labels"]))
        assert cls is not None, f"labels {r['labels']} are no model class"
        nodes[r["id"]] = cls
        seen_labels.add(cls.__name__)
        declared = cls.defined_properties(rels=False, aliases=False)
        assert set(r["props"]) <= set(declared), (cls.__name__, set(r["props"]) - set(declared))
        missing = [name for name, prop in declared.items() if prop.required]
        assert all(r["props"].get(name) is not None for name in missing), cls.__name__
    for r in records:
        if r["kind"] != "rel":
            continue
        key = (nodes[r["start"]].__name__, r["labels"][0], nodes[r["end"]].__name__)
        assert key in rels, f"relationship {key} is not declared in the model"
        rel_model = rels[key]
        allowed = set(rel_model.defined_properties(rels=False)) if rel_model else set()
        assert set(r["props"]) <= allowed, (key, set(r["props"]) - allowed)
        seen_types.add(key[1])

    assert seen_labels == {cls.__name__ for cls in model.NODE_CLASSES}
    assert seen_types == {"FILED", "HAS_FINDING", "PLANS", "HAS_SASARAN"} | {
        "HAS_INDICATOR",
        "FUNDS",
        "SERVES",
    } | {"HAS_KRO", "HAS_RO", "MEASURES", "HAS_OUTPUT_PROGRAM"}
    # and neomodel reads every node back (types, choices) through the declared classes
    for cls in model.NODE_CLASSES:
        assert len(cls.nodes.all()) == sum(1 for c in nodes.values() if c is cls), cls


def test_the_schema_installs_idempotently_and_covers_every_key(graph: Driver) -> None:
    first = schema.install(graph)
    second = schema.install(graph)
    assert first == second == schema.declared_names()
    indexes = {i.name: i for i in schema.indexes(graph)}
    by_owner = {i.owning_constraint: i for i in indexes.values() if i.owning_constraint}
    for name in first:
        index = indexes.get(name) or by_owner.get(name)
        assert index is not None, f"{name} is declared but not installed"
        assert index.state == "ONLINE", name

    unique = {(i.labels, i.properties) for i in by_owner.values()}
    ranged = {(i.labels, i.properties) for i in indexes.values() if i.type == "RANGE"}
    assert (("Satker",), ("code",)) in unique
    for cls in CLASSES:
        if cls is not model.Satker:
            assert ((cls.__name__,), ("uid",)) in unique, cls.__name__
    for cls in (*model.PLAN_CLASSES, model.Plan, model.Rka):
        assert ((cls.__name__,), ("satker", "year")) in ranged, cls.__name__
    for cls in model.PLAN_CLASSES:
        assert ((cls.__name__,), ("code",)) in ranged, cls.__name__


def test_the_contract_page_lists_the_models_labels() -> None:
    page = (PROJECT_ROOT / "docs" / "graph-model.md").read_text(encoding="utf-8")
    table = page.split("## Nodes", 1)[1].split("\n## ", 1)[0]
    labels = set(re.findall(r"^\| `(\w+)`", table, flags=re.MULTILINE))
    assert labels == {cls.__name__ for cls in CLASSES}
    for rel_type in ("FILED", "HAS_FINDING", "PLANS", "HAS_SASARAN", "HAS_INDICATOR", "FUNDS"):
        assert f":{rel_type}]" in page
