"""The model classes as the Python API: the notebook example in docs/notebook.md runs as
written against the seed and agrees with the linker's own Cypher; single-node reads and the
``Serves`` relationship model work; and the schema installed from cypher/schema.cypher is the
one the model declares."""

from __future__ import annotations

import re

import pytest
from neo4j import Driver

from tracker.config import PROJECT_ROOT
from tracker.graph import model, nodes
from tracker.graph.cypher import statements
from tracker.trace import linker

SATKER, YEAR = "670714", 2020
OUTPUT_3356_008 = "670714/2020/P/076.01.01#1/K/3356#2/O/3356.008#1"


def notebook_snippet() -> str:
    text = (PROJECT_ROOT / "docs" / "notebook.md").read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    return code


def test_the_notebook_example_runs_and_agrees_with_the_linker(
    seeded_graph: Driver, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace: dict[str, object] = {}
    exec(compile(notebook_snippet(), "docs/notebook.md", "exec"), namespace)  # noqa: S102
    served = namespace["served"]
    assert isinstance(served, list) and served

    links = linker.links(seeded_graph, SATKER, YEAR)
    io = links[links["source_level"] == "output"]
    jumlah = {o.code: o.jumlah for o in model.Output.nodes.filter(satker=SATKER, year=YEAR)}
    expected = sorted(
        (r.source_owner, jumlah[r.source_owner], r.target_text, r.status, r.score)
        for r in io.itertuples()
    )
    assert sorted(served) == expected
    # the seed's IO of 3355.003 serves the second IKK of 3355, confirmed on identical text
    assert any(code == "3355.003" and status == "confirmed" for code, _, _, status, _ in served)
    # and the walk goes on to the IKP, along the same links
    ikk = links[links["source_level"] == "kegiatan"]
    chains = sorted(
        f"{a.source_owner} → {a.target_owner}/{a.target_code} → {b.target_code}"
        for a in io.itertuples()
        for b in ikk.itertuples()
        if b.source_uid == a.target_uid
    )
    assert chains and sorted(capsys.readouterr().out.splitlines()) == chains


def test_one_node_and_its_properties(seeded_graph: Driver) -> None:
    output = nodes.plan_node("Output", OUTPUT_3356_008, seeded_graph)
    assert isinstance(output, model.Output)
    props = nodes.properties(output)
    assert (props["level"], props["code"], props["jumlah"]) == ("Output", "3356.008", 5_300_000)
    assert {k.code for k in output.funds.all()} == {"3356"}
    assert nodes.plan_node("Output", "670714/2020/nothing", seeded_graph) is None


def test_serves_reads_the_links_evidence(seeded_graph: Driver) -> None:
    links = linker.links(seeded_graph, SATKER, YEAR)
    for row in links.itertuples():
        link = nodes.serves(row.source_level, row.source_uid, row.target_uid, seeded_graph)
        assert isinstance(link, model.Serves), row
        assert (link.method, link.status) == (row.method, row.status)
        assert link.score == pytest.approx(row.score)
    some = links.iloc[0]
    assert nodes.serves("output", some.source_uid, "no/such/uid", seeded_graph) is None


# --- the schema against the model -----------------------------------------------------------

UNIQUE = re.compile(
    r"CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE"
)
INDEX = re.compile(r"CREATE INDEX \w+ IF NOT EXISTS FOR \(n:(\w+)\) ON \(([^)]*)\)")
MODEL_CLASSES = (*model.NODE_CLASSES, model.LinkDecision)


def _schema() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    unique, single = set(), set()
    for stmt in statements("schema"):
        if m := UNIQUE.fullmatch(stmt):
            unique.add((m[1], m[2]))
        elif m := INDEX.fullmatch(stmt):
            props = [p.strip().removeprefix("n.") for p in m[2].split(",")]
            if len(props) == 1:  # composite indexes: neomodel cannot declare them
                single.add((m[1], props[0]))
        else:
            raise AssertionError(f"cypher/schema.cypher: unexpected statement {stmt!r}")
    return unique, single


def _declared(flag: str) -> set[tuple[str, str]]:
    return {
        (cls.__label__, name)
        for cls in MODEL_CLASSES
        for name, prop in cls.defined_properties(rels=False).items()
        if getattr(prop, flag)
    }


def test_the_schema_has_every_constraint_and_index_the_model_declares() -> None:
    unique, single = _schema()
    assert _declared("unique_index") - unique == set()
    assert _declared("index") - single == set()


def test_the_model_declares_every_uniqueness_and_every_indexed_property() -> None:
    """Uniqueness is the model's to say (exactly its ``unique_index`` flags); the schema may
    add indexes for speed, but only on properties the model's classes declare."""
    classes = {cls.__label__: cls for cls in MODEL_CLASSES}
    unique, single = _schema()
    assert {r for r in unique if r[0] in classes} == _declared("unique_index")
    undeclared = {
        (label, prop)
        for label, prop in single
        if label in classes and prop not in classes[label].defined_properties(rels=False)
    }
    assert not undeclared, f"cypher/schema.cypher indexes properties the model lacks: {undeclared}"
