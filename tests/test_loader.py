"""The loader against a real Neo4j: counts, idempotent reloads, revisions, refusals, many
satkers and years side by side, and a load killed with SIGKILL half-way."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from conftest import PLAN_LABELS, SEED, TRACKER, kill_midway
from neo4j import Driver

from tracker.graph import model
from tracker.graph.cypher import query
from tracker.graph.loader import expected_counts, load_document, load_documents, plan_param
from tracker.read.document import parse_file, parse_text
from tracker.read.records import RkaDocument
from tracker.synth import rka as synth

# --- helpers -----------------------------------------------------------------------------


def counts(driver: Driver) -> dict[str, int]:
    """Nodes per label and relationships per type (``:TYPE``) in the whole database."""
    records, _, _ = driver.execute_query(query("graph_counts"))
    return {(r["name"] if r["kind"] == "label" else f":{r['name']}"): r["count"] for r in records}


def fingerprint(driver: Driver) -> str:
    """A checksum over every node and relationship: ids, labels, types, ends, properties."""
    records, _, _ = driver.execute_query(query("graph_dump"))
    digest = hashlib.sha256()
    for r in records:
        row = [r["kind"], r["id"], sorted(r["labels"]), r["props"], r["start"], r["end"]]
        digest.update(json.dumps(row, sort_keys=True, default=repr).encode())
    return digest.hexdigest()


def satker_years(driver: Driver) -> dict[tuple[str, int], dict]:
    records, _, _ = driver.execute_query(query("satker_year_counts"))
    return {(r["satker"], r["year"]): r.data() for r in records}


def plan_counts(row: dict) -> dict[str, int]:
    found = {label: n for label, n in row["plan"]}
    return {label: found.get(label, 0) for label in PLAN_LABELS} | {"Finding": row["findings"]}


def expected_graph(*docs: RkaDocument) -> dict[str, int]:
    """Nodes per label and relationships per type a graph of these current documents holds
    (one Rka each, nothing superseded), computed from the parsed records alone."""
    total: Counter[str] = Counter()
    for doc in docs:
        c = expected_counts(doc)
        total.update(c)
        total.update(
            {
                "Rka": 1,
                ":FILED": 1,
                ":HAS_FINDING": c["Finding"],
                ":PLANS": c["Program"],
                ":HAS_SASARAN": c["SasaranProgram"],
                ":HAS_INDICATOR": c["IndikatorKinerjaProgram"]
                + c["IndikatorKinerjaKegiatan"]
                + c["IndikatorOutput"],
                ":FUNDS": c["Kegiatan"] + c["Output"],
            }
        )
    total["Satker"] = len({d.document.satker.code for d in docs})
    indikator = ("IndikatorKinerjaProgram", "IndikatorKinerjaKegiatan", "IndikatorOutput")
    total["Indikator"] = sum(total[label] for label in indikator)
    total["Plan"] = sum(total[label] for label in PLAN_LABELS)
    return {k: v for k, v in total.items() if v}


def variant(tmp_path: Path, name: str, **replacements: tuple[str, str]) -> Path:
    """A copy of the seed with some text replaced (each replacement must apply)."""
    text = SEED.read_bytes().decode("utf-8")
    for old, new in replacements.values():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def other_satker_year(tmp_path: Path, code: str, year: int) -> Path:
    return variant(
        tmp_path,
        f"{code}_{year}.txt",
        satker=("(670714) KPU KOTA SERANG", f"({code}) KPU KABUPATEN CONTOH"),
        year=("2020", str(year)),
    )


# --- the seed ----------------------------------------------------------------------------


def test_seed_loads_with_the_parsers_counts_and_a_reload_changes_nothing(graph: Driver) -> None:
    doc = parse_file(SEED)
    summary = load_documents([SEED], graph, progress=False, link=False)

    assert [r.status for r in summary.results] == ["loaded"]
    assert summary.results[0].uid == "670714/2020/r1"
    assert counts(graph) == expected_graph(doc)
    (row,) = satker_years(graph).values()
    assert plan_counts(row) == expected_counts(doc)
    assert row["content_hash"] == doc.content_hash and row["file_name"] == SEED.name

    # the money and the findings arrive as parsed (read back through the model)
    rka = model.Rka.nodes.get(uid="670714/2020/r1")
    (program,) = rka.programs.filter(code="076.01.01")
    parsed = doc.programs[0]
    assert (program.angka_dasar, program.jumlah) == (parsed.angka_dasar, parsed.jumlah)
    assert rka.total_jumlah == sum(p.jumlah for p in doc.programs)
    assert sorted(f.rule for f in rka.findings.all()) == sorted(f.rule for f in doc.findings)
    assert rka.current is True and rka.signatory_nip == doc.document.signatory.nip

    before = fingerprint(graph)
    again = load_documents([SEED, SEED], graph, progress=False, link=False)
    assert [r.status for r in again.results] == ["unchanged", "unchanged"]
    assert again.counters.nodes_created == again.counters.relationships_created == 0
    assert fingerprint(graph) == before  # same nodes, relationships, properties, loaded_at


def test_a_revised_copy_replaces_the_plan_and_keeps_both_records(
    graph: Driver, tmp_path: Path
) -> None:
    original = parse_file(SEED)
    row = "(LPPA) (Base\t1.00 Laporan\t10,004,000\t\t{}"
    amount = (row.format("10,004,000"), row.format("12,004,000"))
    revised_path = variant(tmp_path, "670714_2020_rev.txt", amount=amount)
    revised = parse_file(revised_path)
    load_documents([SEED], graph, progress=False, link=False)
    summary = load_documents([revised_path], graph, progress=False, link=False)

    assert [(r.status, r.uid) for r in summary.results] == [("loaded", "670714/2020/r2")]
    r1, r2 = sorted(model.Satker.nodes.get(code="670714").filed.all(), key=lambda r: r.revision)
    assert (r1.revision, r1.current, r1.content_hash) == (1, False, original.content_hash)
    assert (r2.revision, r2.current, r2.content_hash) == (2, True, revised.content_hash)
    assert len(r1.programs.all()) == 0 and len(r2.programs.all()) == len(revised.programs)
    # the old record keeps its snapshot; the plan carries the new amount
    i = r1.output_codes.index("3355.007")
    assert (r1.output_jumlah[i], r2.output_jumlah[i]) == (10_004_000, 12_004_000)
    outputs = model.Output.nodes.filter(satker="670714", year=2020, code="3355.007").all()
    assert [o.jumlah for o in outputs] == [12_004_000]
    # one plan only (the revision's), both documents' findings kept
    c = counts(graph)
    plan_only = {k: v for k, v in expected_graph(revised).items() if k not in ("Finding",)}
    for key in (*PLAN_LABELS, "Plan", ":FUNDS", ":HAS_INDICATOR", ":PLANS"):
        assert c[key] == plan_only[key], key
    assert c["Rka"] == 2 and c["Finding"] == len(original.findings) + len(revised.findings)

    # a file already on record (any revision) is left alone, whatever the order
    again = load_documents([SEED, revised_path], graph, progress=False, link=False)
    assert [r.status for r in again.results] == ["unchanged", "unchanged"]
    assert counts(graph) == c


def test_replace_overwrites_the_current_revision_in_place(
    graph: Driver, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    revised_path = variant(
        tmp_path, "rev.txt", place=("Serang, 31 Januari 2020", "Serang, 3 Februari 2020")
    )
    assert cli("load", "--no-progress", "--no-link", str(SEED)).exit_code == 0
    result = cli("load", "--no-progress", "--no-link", "--replace", str(revised_path))
    assert result.exit_code == 0, result.output
    assert "replaced in place" in result.output

    (rka,) = model.Rka.nodes.all()
    assert (rka.uid, rka.current, rka.file_name) == ("670714/2020/r1", True, "rev.txt")
    assert rka.signed_date == date(2020, 2, 3)
    assert counts(graph) == expected_graph(parse_file(revised_path))


# --- refusals ----------------------------------------------------------------------------


def test_a_bad_file_is_refused_and_leaves_the_database_as_it_was(
    graph: Driver, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    load_documents([SEED], graph, progress=False, link=False)
    bad = variant(tmp_path, "bad.txt", amount=("2,390,384,000", "2,390,38X,000"))
    with pytest.raises(Exception) as parse_error:
        parse_file(bad)
    before_counts, before = counts(graph), fingerprint(graph)

    summary = load_documents([bad], graph, progress=False, link=False)
    (refused,) = summary.refused
    assert refused.message == str(parse_error.value)
    assert str(bad) in refused.message

    result = cli("load", "--no-progress", str(bad))
    assert result.exit_code == 1
    assert f"refused: {parse_error.value}" in " ".join(result.output.split())
    assert counts(graph) == before_counts
    assert fingerprint(graph) == before


def test_findings_do_not_block_a_load(graph: Driver) -> None:
    (sd,) = synth.documents(1, seed=7, knobs=synth.Knobs(fault_rate=1.0))
    doc = parse_text(sd.text, "faulty.txt")
    assert doc.findings
    result = load_document(doc, graph, link=False)
    assert result.status == "loaded" and result.findings == len(doc.findings)
    stored = model.Rka.nodes.get(uid=result.uid).findings.all()
    assert sorted((f.rule, f.line) for f in stored) == sorted(
        (f.rule, f.line) for f in doc.findings
    )


def test_a_document_the_database_rejects_fails_alone(graph: Driver, tmp_path: Path) -> None:
    files = [other_satker_year(tmp_path, code, 2020) for code in ("100001", "100002", "100003")]
    # a node already holding a uid the second document's first program needs
    clash = "100002/2020/P/076.01.01#1"
    model.Program(uid=clash, satker="elsewhere", year=1999, code="000", seq=1).save()
    before = counts(graph)

    summary = load_documents(files, graph, progress=False, link=False, batch_size=10)
    assert [r.status for r in summary.results] == ["loaded", "failed", "loaded"]
    assert clash in summary.results[1].message and str(files[1]) in summary.results[1].message
    assert sorted(satker_years(graph)) == [("100001", 2020), ("100003", 2020)]
    docs = [parse_file(files[0]), parse_file(files[2])]
    after = counts(graph)
    for label, n in expected_graph(*docs).items():
        assert after[label] == before.get(label, 0) + n, label


# --- many satkers, many years --------------------------------------------------------------


def test_two_satkers_and_two_years_side_by_side(graph: Driver, tmp_path: Path) -> None:
    files = [
        SEED,
        other_satker_year(tmp_path, "670715", 2020),
        other_satker_year(tmp_path, "670714", 2021),
        other_satker_year(tmp_path, "670715", 2021),
    ]
    docs = [parse_file(f) for f in files]
    summary = load_documents(files, graph, progress=False, link=False)
    assert [r.status for r in summary.results] == ["loaded"] * 4
    assert counts(graph) == expected_graph(*docs)
    rows = satker_years(graph)
    assert sorted(rows) == [("670714", 2020), ("670714", 2021), ("670715", 2020), ("670715", 2021)]
    for doc in docs:
        assert plan_counts(rows[doc.document.satker.code, doc.document.year]) == (
            expected_counts(doc)
        )

    # national: IKP 05.01 across all satkers of 2020, once every satker-year is linked
    _link_by_hand(graph)
    records, _, _ = graph.execute_query(query("ikp_funding_national"), year=2020, ikp="05.01")
    assert [r["satker"] for r in records] == ["670714", "670715"]
    local, _, _ = graph.execute_query(
        query("ikp_funding_satker_year"), satker="670715", year=2020, ikp="05.01"
    )
    assert records[1]["jumlah"] == sum(r["jumlah"] for r in local) > 0


def test_deleting_a_satker_year_removes_it_and_nothing_else(
    graph: Driver, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    other = other_satker_year(tmp_path, "670715", 2020)
    later = other_satker_year(tmp_path, "670714", 2021)
    load_documents([SEED, later], graph, progress=False, link=False)
    alone = counts(graph)
    load_documents([other], graph, progress=False, link=False)

    result = cli("delete", "--satker", "670715", "--year", "2020", "--yes")
    assert result.exit_code == 0, result.output
    assert "Deleted satker 670715, year 2020" in result.output
    assert sorted(satker_years(graph)) == [("670714", 2020), ("670714", 2021)]
    assert counts(graph) == alone  # its Satker, record, findings and plan are all gone

    # a satker with another year keeps its Satker node; deleting nothing says so and fails
    assert cli("delete", "--satker", "670714", "--year", "2021", "--yes").exit_code == 0
    assert sorted(satker_years(graph)) == [("670714", 2020)]
    assert counts(graph)["Satker"] == 1
    missing = cli("delete", "--satker", "670714", "--year", "2021", "--yes")
    assert missing.exit_code == 1 and "Nothing loaded" in missing.output


def _link_by_hand(driver: Driver) -> None:
    """SERVES links as the linker writes them, through the model: in the program holding IKP
    05.01, every IO to the first IKK of its kegiatan and that IKK to the IKP (the test needs
    links, not the matcher's judgement)."""
    link = {"method": "manual", "score": 1.0, "status": "confirmed"}
    for ikp in model.IndikatorKinerjaProgram.nodes.filter(code="05.01", year=2020):
        program = ikp.sasaran.single().program.single()
        for kegiatan in program.funded_by.all():
            ikk = next(i for i in kegiatan.indicators.all() if i.seq == 1)
            ikk.serves.connect(ikp, link)
            for output in kegiatan.funded_by.all():
                for io in output.indicators.all():
                    io.serves.connect(ikk, link)


def test_loading_runs_the_linker_for_the_satker_year(graph: Driver) -> None:
    result = load_documents([SEED], graph, progress=False, link=True).results[0]
    assert result.status == "loaded" and not result.link_error
    ios = model.IndikatorOutput.nodes.filter(satker="670714", year=2020)
    assert sum(len(io.serves.all()) for io in ios) > 0


# --- atomicity under SIGKILL ---------------------------------------------------------------


def test_a_killed_load_leaves_no_partial_satker_year(graph: Driver, tmp_path: Path) -> None:
    n = 60
    docs = synth.generate(n, seed=11, year=2020, out_dir=tmp_path)
    files = [Path(d.expected.source) for d in docs]
    parsed = {(doc.document.satker.code, 2020): doc for doc in map(parse_file, files)}
    options = ["--no-progress", "--no-link", "--batch-size", "4"]
    cmd = [*TRACKER, "load", *options, *map(str, files)]
    kill_midway(cmd, lambda: counts(graph).get("Rka", 0) >= 8)

    rows = satker_years(graph)
    assert 8 <= len(rows) < n, len(rows)
    for key, row in rows.items():
        assert plan_counts(row) == expected_counts(parsed[key]), key
    # nothing outside the complete satker-years: no stray plan nodes, records or satkers
    present = [parsed[key] for key in rows]
    assert counts(graph) == expected_graph(*present)

    # loading everything again completes the rest and leaves the finished ones alone
    summary = load_documents(files, graph, progress=False, link=False)
    assert summary.unchanged == len(rows) and summary.loaded == n - len(rows)
    assert counts(graph) == expected_graph(*parsed.values())


# --- the benchmark ---------------------------------------------------------------------------


def test_the_load_benchmark_refuses_a_database_with_data_and_runs_on_an_empty_one(
    graph: Driver, cli: Callable[..., Result]
) -> None:
    small = ["bench", "load", "--configured", "--docs", "2", "--naive-docs", "1", "--warmup", "0"]
    load_documents([SEED], graph, progress=False, link=False)
    before = fingerprint(graph)
    refused = cli(*small)
    assert refused.exit_code == 1 and "--wipe" in refused.output
    assert fingerprint(graph) == before

    result = cli(*small, "--wipe")
    assert result.exit_code == 0, result.output
    assert "both paths wrote the same" in result.output
    assert re.search(r"speed-up vs naive: [\d.]+x", result.output)
    assert counts(graph) == {}  # it cleans up after itself


# --- pure: identity ------------------------------------------------------------------------


def test_uids_are_unique_and_stable_although_codes_repeat() -> None:
    first, second = parse_file(SEED), parse_file(SEED)

    def uids(doc: RkaDocument) -> list[str]:
        out = []
        for p in plan_param(doc):
            out.append(p["props"]["uid"])
            for s in p["sasaran"]:
                out += [s["props"]["uid"], *(i["uid"] for i in s["indicators"])]
            for k in p["kegiatan"]:
                out += [k["props"]["uid"], *(i["uid"] for i in k["indicators"])]
                for o in k["outputs"]:
                    out += [o["props"]["uid"], *(i["uid"] for i in o["indicators"])]
        return out

    ids = uids(first)
    assert len(ids) == len(set(ids)) == sum(expected_counts(first).values()) - len(first.findings)
    assert ids == uids(second)
    # kegiatan 3355 lists five IKK all coded 01: told apart by position
    assert "670714/2020/P/076.01.01#1/K/3355#1/IKK/01#5" in ids
