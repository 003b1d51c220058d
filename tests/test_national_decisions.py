"""National link decisions against a real Neo4j: one decision on a pair of texts applies to
every satker-year holding it, is inherited by a satker-year loaded later, loses to a later
local decision there only, and goes away with `forget`; only central planners may make one;
the decisions file carries the scope and brings national decisions back into a fresh
database; `tracker link … --scope national` and the review queue on the command line."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from conftest import SEED
from neo4j import Driver

from tracker import access
from tracker.config import PROJECT_ROOT
from tracker.graph.loader import load_document
from tracker.read.document import parse_text
from tracker.trace import decisions, linker, review

HOME = ("670714", 2020)
# The matcher only suggests this pair: "…Provinsi dan Kabupaten/Kota yang" against
# "…Provinsi dan KPU Kabupaten/Kota yang".
PAIR = ("output:3355.007#1", "kegiatan:3355#5")
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def variant(satker: str, year: int, name: str = "KPU KOTA CONTOH") -> str:
    """The seed as another satker's or another year's document: same national texts."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("(670714) KPU KOTA SERANG", f"({satker}) {name}")
    text = text.replace("TAHUN ANGGARAN 2020", f"TAHUN ANGGARAN {year}")
    text = text.replace("T.A 2020", f"T.A {year}").replace("Januari 2020", f"Januari {year}")
    return text


def load(graph: Driver, satker: str, year: int) -> None:
    doc = parse_text(variant(satker, year), source=f"{satker}_{year}.txt")
    assert (doc.document.satker.code, doc.document.year) == (satker, year)
    result = load_document(doc, graph)
    assert result.status == "loaded" and not result.link_error, result


def status(graph: Driver, satker: str, year: int, pair: tuple[str, str] = PAIR) -> dict:
    sy = linker.fetch(graph, [(satker, year)])[(satker, year)]
    src, tgt = (decisions.find_indicator(sy, ref) for ref in pair)
    df = linker.links(graph, satker, year)
    hit = df[(df.source_uid == src.uid) & (df.target_uid == tgt.uid)]
    assert len(hit) == 1, hit
    return hit.iloc[0].to_dict()


def decision_count(graph: Driver) -> int:
    return graph.execute_query("MATCH (d:LinkDecision) RETURN count(d) AS n").records[0]["n"]


@pytest.fixture
def three(graph: Driver) -> Driver:
    """The seed, another satker of the same year and the seed's satker a year earlier."""
    for satker, year in (HOME, ("670715", 2020), ("670714", 2019)):
        load(graph, satker, year)
    return graph


def test_a_national_confirm_applies_to_every_satker_year_holding_the_pair(three: Driver) -> None:
    keys = [HOME, ("670715", 2020), ("670714", 2019)]
    assert all(status(three, *k)["status"] == "suggested" for k in keys)
    assert decisions.preview(three, *HOME, *PAIR) == sorted(keys)

    row = decisions.confirm(three, *HOME, *PAIR, user="pusat@kpu.go.id", scope="national", at=T0)

    assert row["reached"] == 3
    for key in keys:
        link = status(three, *key)
        assert link["status"] == "confirmed"
        assert link["origin"] == "national"
        assert link["decided_by"] == "pusat@kpu.go.id"
        assert link["decided_from"] == "670714/2020"
    # a pair the decision does not name is untouched
    other = status(three, "670715", 2020, ("kegiatan:3355#5", "program:076.01.01/01.01"))
    assert other["status"] == "suggested" and other["origin"] == "matcher"


def test_a_satker_year_loaded_later_inherits_the_national_decision(three: Driver) -> None:
    decisions.reject(three, *HOME, *PAIR, user="pusat", scope="national", at=T0)
    load(three, "670716", 2018)
    link = status(three, "670716", 2018)
    assert (link["status"], link["origin"], link["decided_from"]) == (
        "rejected",
        "national",
        "670714/2020",
    )
    # and a re-link of everything keeps it
    linker.link_all(three, progress=False)
    assert status(three, "670716", 2018)["status"] == "rejected"


def test_a_later_local_decision_wins_there_only_and_forgetting_restores(three: Driver) -> None:
    decisions.confirm(three, *HOME, *PAIR, user="pusat", scope="national", at=T0)
    local = decisions.reject(
        three, "670715", 2020, *PAIR, user="planner", at=T0 + timedelta(hours=1)
    )
    assert (local["status"], local["origin"]) == ("rejected", "local")
    assert status(three, *HOME)["status"] == "confirmed"
    assert status(three, "670714", 2019)["status"] == "confirmed"

    forgotten = decisions.forget(three, *HOME, *PAIR, scope="national")

    assert forgotten == 1
    assert status(three, *HOME)["origin"] == "matcher"
    assert status(three, *HOME)["status"] == "suggested"
    assert status(three, "670714", 2019)["status"] == "suggested"
    assert status(three, "670715", 2020)["status"] == "rejected"  # its own view


def test_a_national_decision_overrides_an_earlier_local_one(three: Driver) -> None:
    decisions.reject(three, "670715", 2020, *PAIR, user="planner", at=T0)
    decisions.confirm(
        three, *HOME, *PAIR, user="pusat", scope="national", at=T0 + timedelta(hours=1)
    )
    assert status(three, "670715", 2020)["status"] == "confirmed"
    decisions.forget(three, *HOME, *PAIR, scope="national")
    assert status(three, "670715", 2020)["status"] == "rejected"


def test_national_decisions_need_a_central_planner(three: Driver) -> None:
    planner = access.User("siti@kpu.go.id", "perencana", "oidc")
    auditor = access.User("inspektorat@kpu.go.id", "auditor", "oidc")
    central = access.User("pusat@kpu.go.id", "perencana_pusat", "oidc")
    before = decision_count(three)
    for who in (planner, auditor):
        with pytest.raises(access.PermissionDenied):
            decisions.confirm(three, *HOME, *PAIR, user=who, scope="national")
    assert decision_count(three) == before
    assert status(three, "670715", 2020)["status"] == "suggested"
    assert access.ROLES.index("perencana") < access.ROLES.index("perencana_pusat")
    assert access.ROLES.index("perencana_pusat") < access.ROLES.index("auditor")
    assert planner.can("link.decide") and not planner.can("link.decide_national")
    assert access.User("a", "admin", "oidc").can("link.decide_national")

    decisions.confirm(three, *HOME, *PAIR, user=central, scope="national")
    assert status(three, "670715", 2020)["decided_by"] == "pusat@kpu.go.id"


def test_the_decisions_file_keeps_the_scope_and_rebuilds_a_fresh_database(
    three: Driver, tmp_path: Path
) -> None:
    decisions.confirm(three, *HOME, *PAIR, user="pusat", scope="national", at=T0)
    decisions.reject(
        three, *HOME, "kegiatan:3360#1", "program:076.01.01/01.01", user="planner", at=T0
    )
    path = tmp_path / "decisions.csv"
    assert decisions.export_decisions(three, path, merge=False) == 2
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert sorted(r["scope"] for r in rows) == ["local", "national"]

    three.execute_query("MATCH (n) DETACH DELETE n")
    for satker, year in (HOME, ("670715", 2020)):
        load(three, satker, year)
    assert status(three, "670715", 2020)["status"] == "suggested"
    result = decisions.import_decisions(three, path)
    assert (result.rows, result.written) == (2, 2)
    assert status(three, "670715", 2020)["status"] == "confirmed"
    assert status(three, "670715", 2020)["origin"] == "national"
    assert decisions.read_file(path) == sorted(
        decisions.list_decisions(three), key=lambda d: d.scope != "national"
    )


def test_an_old_decisions_file_without_a_scope_column_still_imports(
    three: Driver, tmp_path: Path
) -> None:
    old = tmp_path / "old.csv"
    columns = [c for c in decisions.FILE_COLUMNS if c != "scope"]
    with old.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerow(
            [
                "670715",
                "2020",
                "confirm",
                "output",
                "3355.007",
                "01",
                "1",
                "Persentase KPU Provinsi dan Kabupaten/Kota yang",
                "kegiatan",
                "3355",
                "01",
                "5",
                "Persentase KPU Provinsi dan KPU Kabupaten/Kota yang",
                "planner",
                T0.isoformat(),
                "",
            ]
        )
    (decision,) = decisions.read_file(old)
    assert decision.scope == "local"
    decisions.import_decisions(three, old)
    assert status(three, "670715", 2020)["origin"] == "local"
    assert status(three, *HOME)["status"] == "suggested"


def test_a_bad_scope_in_the_file_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=decisions.FILE_COLUMNS)
        writer.writeheader()
        writer.writerow(
            {
                **{c: "x" for c in decisions.FILE_COLUMNS},
                "year": "2020",
                "action": "confirm",
                "source_level": "output",
                "target_level": "kegiatan",
                "source_seq": "1",
                "target_seq": "1",
                "decided_at": T0.isoformat(),
                "scope": "province",
            }
        )
    with pytest.raises(decisions.DecisionError, match=r"bad\.csv:2: scope 'province'"):
        decisions.read_file(bad)


def test_cli_national_decision_and_review_queue(
    three: Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    common = ["--satker", "670714", "--year", "2020"]
    out = cli("link", "reach", *PAIR, *common)
    assert out.exit_code == 0, out.output
    assert out.output.startswith("3 satker-years (2 satkers; years [2019, 2020])")

    queue = cli("links", "--national", "--status", "suggested", "--format", "csv")
    assert queue.exit_code == 0, queue.output
    rows = list(csv.DictReader(io.StringIO(queue.output)))
    jumlah = [int(r["jumlah"]) for r in rows]
    assert jumlah == sorted(jumlah, reverse=True)
    top = next(r for r in rows if r["source_owner"] == "3355.007")
    assert int(top["satker_years"]) == 3

    file = tmp_path / "d.csv"
    done = cli("link", "confirm", *PAIR, *common, "--scope", "national", "--file", str(file))
    assert done.exit_code == 0, done.output
    assert "confirmed" in done.output and "national: 3 satker-years" in done.output
    assert "national" in file.read_text(encoding="utf-8")
    assert status(three, "670714", 2019)["status"] == "confirmed"
    after = review.queue(three)
    assert "3355.007" not in set(after["source_owner"])

    shown = cli("links", "--satker", "670715", "--year", "2020", "--format", "json")
    assert '"origin": "national"' in shown.output and '"decided_from": "670714/2020"' in (
        shown.output
    )
    gone = cli("link", "forget", *PAIR, *common, "--scope", "national")
    assert gone.exit_code == 0 and "1 decision(s) forgotten" in gone.output
    assert status(three, "670714", 2019)["status"] == "suggested"


def test_the_review_queue_counts_each_pair_once_per_satker_year(three: Driver) -> None:
    queue = review.queue(three, year=2020)
    assert list(queue.columns) == review.QUEUE_COLUMNS
    hit = queue[queue.source_owner == "3355.007"].iloc[0]
    assert hit.satker_years == 2  # 2019 left out by the year filter
    per_year = review.queue(three, year=2019)
    one = per_year[per_year.source_owner == "3355.007"].iloc[0]
    assert hit.jumlah == 2 * one.jumlah
    assert queue["jumlah"].is_monotonic_decreasing


# --- the RSPP layout: RO indicators -> IKK -> IKP ----------------------------------------------

RSPP = PROJECT_ROOT / "tests" / "data" / "recall_blind" / "670762_2022.txt"
RO_PAIR = ("3357.EBD.953#1", "kegiatan:3357#1")  # the RO code names its level: no "output:"
NAMED_RO = ("output:3357.EBA.994#1", "kegiatan:3357#3")  # an RO with no indicator, by its name
IKK_PAIR = ("kegiatan:3364#2", "program:076.01.DH/01.01")


def load_rspp(graph: Driver, satker: str, year: int, misprint: bool = False) -> None:
    text = RSPP.read_text(encoding="utf-8").replace(
        "(670762) KPU KABUPATEN SERANG", f"({satker}) X"
    )
    text = text.replace("TAHUN ANGGARAN 2022", f"TAHUN ANGGARAN {year}")
    text = text.replace("T.A 2022", f"T.A {year}")
    if misprint:  # kegiatan 3364 states a tenth of what its outputs sum to
        text = text.replace("180,000,000\t\t180,000,000", "18,000,000\t\t18,000,000")
    result = load_document(parse_text(text, source=f"{satker}_{year}.txt"), graph)
    assert result.status in ("loaded", "replaced") and not result.link_error, result


def test_rspp_national_decisions_reach_later_loads_and_revisions(graph: Driver) -> None:
    assert decisions.parse_ref("3357.EBD.953#1").level == "output"
    assert decisions.parse_ref("076.01.WA/01.01").level == "program"
    load_rspp(graph, "670762", 2022)
    load_rspp(graph, "670763", 2022)
    before = status(graph, "670763", 2022, RO_PAIR)
    assert (before["status"], before["origin"]) == ("suggested", "matcher")

    ro = decisions.confirm(graph, "670762", 2022, *RO_PAIR, user="pusat", scope="national", at=T0)
    named = decisions.confirm(graph, "670762", 2022, *NAMED_RO, user="pusat", scope="national")
    ikk = decisions.reject(graph, "670762", 2022, *IKK_PAIR, user="pusat", scope="national")
    assert ro["reached"] == named["reached"] == ikk["reached"] == 2

    load_rspp(graph, "670764", 2023)  # another satker, a later year, loaded afterwards
    revised = RSPP.read_text(encoding="utf-8").replace(
        "(670762) KPU KABUPATEN SERANG", "(670763) X"
    )
    revised = revised.replace("31,000,000\t\t31,000,000", "32,000,000\t\t32,000,000")
    revision = load_document(parse_text(revised, source="670763_2022_r2.txt"), graph)
    assert revision.status == "loaded" and revision.revision == 2, revision
    for key in (("670763", 2022), ("670764", 2023)):
        link = status(graph, *key, RO_PAIR)
        assert (link["status"], link["origin"], link["decided_from"]) == (
            "confirmed",
            "national",
            "670762/2022",
        )
        assert status(graph, *key, NAMED_RO)["status"] == "confirmed"
        assert status(graph, *key, IKK_PAIR)["status"] == "rejected"

    decisions.reject(graph, "670764", 2023, *RO_PAIR, user="planner")  # later, local
    assert status(graph, "670764", 2023, RO_PAIR)["origin"] == "local"
    assert status(graph, "670763", 2022, RO_PAIR)["status"] == "confirmed"
    assert decisions.forget(graph, "670763", 2022, *RO_PAIR, scope="national") == 1
    assert status(graph, "670762", 2022, RO_PAIR)["origin"] == "matcher"
    assert status(graph, "670763", 2022, RO_PAIR)["status"] == "suggested"
    assert status(graph, "670764", 2023, RO_PAIR)["status"] == "rejected"  # its own view


def test_the_queue_weighs_an_ikk_pair_by_its_outputs_not_a_misprinted_total(
    graph: Driver,
) -> None:
    load_rspp(graph, "670762", 2022)
    load_rspp(graph, "670763", 2022, misprint=True)
    queue = review.queue(graph, 2022)
    row = queue[(queue.source_owner == "3364") & (queue.target_owner == "076.01.DH")].iloc[0]
    assert row.satker_years == 2
    assert row.jumlah == 2 * 180_000_000  # 52 + 88 + 40 million in each, as the outputs say
