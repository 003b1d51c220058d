"""People's decisions on links against a real Neo4j: confirm, reject, add, who and when;
surviving reloads, revisions and a fresh database (through the decisions file); refusing
what cannot be decided; `tracker link …`."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result
from conftest import load, seed_text, wipe
from neo4j import Driver

from tracker import access
from tracker.config import PROJECT_ROOT
from tracker.trace import decisions, linker
from tracker.trace.decisions import DecisionError

SATKER, YEAR = "670714", 2020
# Three decisions on the seed: a suggestion confirmed, one rejected, one link added.
CONFIRM = ("output:3355.003#1", "kegiatan:3355#2")  # already confirmed by the matcher
CONFIRM_SUGGESTED = ("output:3355.007#1", "kegiatan:3355#5")
REJECT = ("kegiatan:3360#1", "program:076.01.01/01.01")
ADD = ("output:3356.008#2", "kegiatan:3356#3")


def row(graph: Driver, source: str, target: str) -> dict | None:
    """The link between two indicators named like the CLI names them, or None."""
    sy = linker.fetch(graph, [(SATKER, YEAR)])[(SATKER, YEAR)]
    src = decisions.find_indicator(sy, source)
    tgt = decisions.find_indicator(sy, target)
    df = linker.links(graph, SATKER, YEAR)
    hit = df[(df.source_uid == src.uid) & (df.target_uid == tgt.uid)]
    return None if hit.empty else hit.iloc[0].to_dict()


def decision_nodes(graph: Driver) -> int:
    records, _, _ = graph.execute_query("MATCH (d:LinkDecision) RETURN count(d) AS n")
    return records[0]["n"]


def decide_three(graph: Driver) -> None:
    decisions.confirm(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, user="alice", note="same KPU")
    decisions.reject(graph, SATKER, YEAR, *REJECT, user="budi")
    decisions.add(graph, SATKER, YEAR, *ADD, user="citra")


def assert_three_applied(graph: Driver) -> None:
    confirmed = row(graph, *CONFIRM_SUGGESTED)
    assert (confirmed["status"], confirmed["method"], confirmed["decided_by"]) == (
        "confirmed",
        "fuzzy",
        "alice",
    )
    rejected = row(graph, *REJECT)
    assert (rejected["status"], rejected["decided_by"]) == ("rejected", "budi")
    added = row(graph, *ADD)
    assert (added["status"], added["method"], added["score"], added["decided_by"]) == (
        "confirmed",
        "manual",
        1.0,
        "citra",
    )


# --- deciding --------------------------------------------------------------------------------


def test_decisions_take_effect_and_record_who_and_when(graph: Driver) -> None:
    load(graph, seed_text())
    assert row(graph, *CONFIRM_SUGGESTED)["status"] == "suggested"
    assert row(graph, *REJECT)["status"] == "suggested"
    assert row(graph, *ADD) is None

    before = datetime.now(UTC)
    decide_three(graph)
    assert_three_applied(graph)
    at = row(graph, *CONFIRM_SUGGESTED)["decided_at"]
    assert before - timedelta(seconds=1) <= at <= datetime.now(UTC)

    stored = decisions.list_decisions(graph, SATKER, YEAR)
    assert sorted(d.action for d in stored) == ["add", "confirm", "reject"]
    note = next(d for d in stored if d.action == "confirm")
    assert (note.source_owner, note.source_seq, note.target_owner, note.target_seq) == (
        "3355.007",
        1,
        "3355",
        5,
    )
    assert note.note == "same KPU" and note.target_text.startswith("Persentase KPU Provinsi dan")


def test_a_rejected_link_is_never_suggested_again(graph: Driver) -> None:
    load(graph, seed_text())
    decisions.reject(graph, SATKER, YEAR, *REJECT, user="budi")
    for _ in range(2):
        linker.link_all(graph, progress=False)
        assert row(graph, *REJECT)["status"] == "rejected"
    # the other IKK with the same text keeps its suggestion: the decision names one pair
    assert row(graph, "kegiatan:3360#4", REJECT[1])["status"] == "suggested"


def test_the_latest_decision_on_a_pair_wins(graph: Driver) -> None:
    load(graph, seed_text())
    decisions.reject(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, user="budi")
    decisions.confirm(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, user="alice")
    assert (row(graph, *CONFIRM_SUGGESTED)["status"], decision_nodes(graph)) == ("confirmed", 1)


def test_forget_gives_the_pair_back_to_the_matcher(graph: Driver) -> None:
    load(graph, seed_text())
    decisions.reject(graph, SATKER, YEAR, *CONFIRM, user="budi")
    assert row(graph, *CONFIRM)["status"] == "rejected"
    assert decisions.forget(graph, SATKER, YEAR, *CONFIRM) == 1
    assert row(graph, *CONFIRM)["status"] == "confirmed" and decision_nodes(graph) == 0


@pytest.mark.parametrize(
    ("action", "source", "target", "complaint"),
    [
        ("add", "output:3356.008#1", "kegiatan:3355#1", "own kegiatan"),
        ("add", "output:3356.008#1", "program:076.01.01/05.01", "cannot serve"),
        ("add", "kegiatan:3363#1", "program:076.01.01/01.01", "own program"),
        ("confirm", "output:3356.008#1", "kegiatan:3356#1", "use `add`"),
        ("reject", "output:3356.008#1", "kegiatan:3356#1", "no link"),
        ("confirm", "output:3355.003#9", "kegiatan:3355#2", "no indicator"),
        ("confirm", "output:3355.003#1", "program:076.01.01#1", "names several"),
        ("confirm", "3355.003", "kegiatan:3355#2", "LEVEL:OWNER/CODE#SEQ"),
    ],
)
def test_what_cannot_be_decided_is_refused_and_nothing_is_written(
    graph: Driver, action: str, source: str, target: str, complaint: str
) -> None:
    load(graph, seed_text())
    before = linker.links(graph, SATKER, YEAR)
    with pytest.raises(DecisionError, match=complaint):
        decisions.decide(graph, SATKER, YEAR, source, target, action, user="x")  # type: ignore[arg-type]
    assert decision_nodes(graph) == 0
    pd.testing.assert_frame_equal(linker.links(graph, SATKER, YEAR), before)


def test_deciding_for_a_satker_year_without_a_plan_is_refused(graph: Driver) -> None:
    with pytest.raises(DecisionError, match="no current plan"):
        decisions.confirm(graph, SATKER, YEAR, *CONFIRM, user="x")


# --- surviving reloads and revisions ---------------------------------------------------------


def test_decisions_survive_a_reload_of_a_revised_document(graph: Driver) -> None:
    load(graph, seed_text())
    decide_three(graph)
    # A revision: other amounts, and a new IKK put first in 3355's list, so the confirmed
    # target moves from seq 5 to seq 6. The decision follows its text.
    revised = seed_text(
        money=("23,368,000\t\t23,368,000", "24,000,000\t\t24,000,000"),
        ikk=(
            "<b>Indikator Kinerja Kegiatan :</b>\t\t\t\t\n01\tPersentase Pejabat",
            "<b>Indikator Kinerja Kegiatan :</b>\t\t\t\t\n01\tJumlah satker baru yang"
            " dibentuk\t\t\t\t\n01\tPersentase Pejabat",
        ),
    )
    load(graph, revised, "revised.txt")
    moved = row(graph, "output:3355.007#1", "kegiatan:3355#6")
    assert (moved["status"], moved["decided_by"], moved["target_seq"]) == (
        "confirmed",
        "alice",
        6,
    )
    assert row(graph, *REJECT)["status"] == "rejected"
    assert row(graph, *ADD)["method"] == "manual"


def test_a_decision_whose_text_changed_is_kept_but_not_applied(graph: Driver) -> None:
    load(graph, seed_text())
    decisions.confirm(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, user="alice")
    revised = seed_text(
        io=(
            "01\tPersentase KPU Provinsi dan Kabupaten/Kota yang\t",
            "01\tPersentase LPPA yang diserahkan tepat waktu\t",
        )
    )
    load(graph, revised, "revised.txt")
    stats = linker.link_satker_year(graph, SATKER, YEAR)
    assert stats.decisions_applied == 0 and len(stats.unresolved) == 1
    assert row(graph, *CONFIRM_SUGGESTED) is None
    assert decision_nodes(graph) == 1
    # the old text comes back in a later revision: the decision applies again
    back = seed_text(money=("23,368,000\t\t23,368,000", "24,000,000\t\t24,000,000"))
    load(graph, back, "back.txt")
    assert row(graph, *CONFIRM_SUGGESTED)["status"] == "confirmed"


# --- the decisions file ----------------------------------------------------------------------


def test_decisions_survive_a_fresh_database_through_the_file(graph: Driver, tmp_path: Path) -> None:
    path = tmp_path / "link_decisions.csv"
    load(graph, seed_text())
    decide_three(graph)
    assert decisions.export_decisions(graph, path) == 3
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["decided_by"] for r in rows} == {"alice", "budi", "citra"}
    assert all(r["decided_at"].endswith("+00:00") for r in rows)
    assert {(r["source_owner"], r["source_seq"], r["target_owner"]) for r in rows} == {
        ("3355.007", "1", "3355"),
        ("3360", "1", "076.01.01"),
        ("3356.008", "2", "3356"),
    }

    wipe(graph)
    load(graph, seed_text())
    assert row(graph, *CONFIRM_SUGGESTED)["status"] == "suggested"
    result = decisions.import_decisions(graph, path)
    assert (result.rows, result.written, result.relinked, result.unresolved) == (3, 3, 1, [])
    assert_three_applied(graph)

    again = tmp_path / "again.csv"
    decisions.export_decisions(graph, again)
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_export_keeps_decisions_of_the_file_the_graph_lacks(graph: Driver, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    load(graph, seed_text())
    decisions.confirm(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, user="alice")
    decisions.export_decisions(graph, path)
    wipe(graph)
    load(graph, seed_text())
    decisions.reject(graph, SATKER, YEAR, *REJECT, user="budi")
    assert decisions.export_decisions(graph, path) == 2
    assert decisions.export_decisions(graph, path, merge=False) == 1


def test_an_import_never_undoes_a_newer_decision(graph: Driver, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    load(graph, seed_text())
    old = datetime(2020, 1, 1, tzinfo=UTC)
    decisions.decide(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, "reject", "budi", at=old)
    decisions.export_decisions(graph, path)
    decisions.confirm(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, user="alice")
    result = decisions.import_decisions(graph, path)
    assert result.written == 0
    assert row(graph, *CONFIRM_SUGGESTED)["decided_by"] == "alice"


def test_a_bad_file_names_file_and_line_and_writes_nothing(graph: Driver, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    load(graph, seed_text())
    decide_three(graph)
    decisions.export_decisions(graph, good)
    wipe(graph)
    load(graph, seed_text())
    before = linker.links(graph, SATKER, YEAR)

    lines = good.read_text(encoding="utf-8").splitlines()
    cases = {
        "action": (lines[3].replace(",reject,", ",refuse,"), "action 'refuse'"),
        "level": (lines[3].replace(",program,", ",output,"), "target_level 'output'"),
        "year": (lines[3].replace(f"{SATKER},{YEAR},", f"{SATKER},20x0,"), "year '20x0'"),
        "when": (lines[3].replace("+00:00", "+00:00 yesterday"), "decided_at"),
        "who": (lines[3].replace(",budi,", ",,"), "decided_by is empty"),
    }
    for name, (bad_line, complaint) in cases.items():
        bad = tmp_path / f"{name}.csv"
        bad.write_text("\n".join([*lines[:3], bad_line]) + "\n", encoding="utf-8")
        with pytest.raises(DecisionError, match=complaint) as err:
            decisions.import_decisions(graph, bad)
        assert str(err.value).startswith(f"{bad}:4:"), err.value
    missing = tmp_path / "columns.csv"
    missing.write_text("satker,year\n670714,2020\n", encoding="utf-8")
    with pytest.raises(DecisionError, match=f"{missing}:1: missing columns"):
        decisions.import_decisions(graph, missing)
    assert decision_nodes(graph) == 0
    pd.testing.assert_frame_equal(linker.links(graph, SATKER, YEAR), before)


def test_the_shipped_decisions_file_is_readable() -> None:
    # the tests move DEFAULT_FILE away (TRACKER_DECISIONS_FILE); the tracked file must still parse
    assert decisions.DEFAULT_FILE != PROJECT_ROOT / "seeds" / "link_decisions.csv"
    assert isinstance(decisions.read_file(PROJECT_ROOT / "seeds" / "link_decisions.csv"), list)


# --- tracker link … --------------------------------------------------------------------------


def test_link_commands_decide_and_export(
    graph: Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "decisions.csv"
    load(graph, seed_text())
    common = ["--satker", SATKER, "--year", str(YEAR), "--file", str(path)]

    result = cli("link", "confirm", *CONFIRM_SUGGESTED, *common, "--user", "dewi")
    assert result.exit_code == 0, result.output
    assert "confirmed" in result.output and "dewi" in result.output
    result = cli("link", "reject", *REJECT, *common, "--note", "beda indikator")
    assert result.exit_code == 0, result.output
    result = cli("link", "add", *ADD, *common, "--user", "dewi")
    assert result.exit_code == 0, result.output

    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["action"] for r in rows) == ["add", "confirm", "reject"]
    rejected = next(r for r in rows if r["action"] == "reject")
    assert rejected["decided_by"] == access.default_user()  # --user defaults to the OS user
    assert rejected["note"] == "beda indikator"

    wipe(graph)
    load(graph, seed_text())
    result = cli("link", "import", "--file", str(path))
    assert result.exit_code == 0, result.output
    assert row(graph, *ADD)["decided_by"] == "dewi"
    result = cli("link", "run", "--no-progress", "--decisions", str(path))
    assert result.exit_code == 0 and "3 decisions applied" in result.output, result.output


def test_link_command_refuses_cleanly(
    graph: Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    load(graph, seed_text())
    path = tmp_path / "d.csv"
    args = ["--satker", SATKER, "--year", str(YEAR), "--file", str(path)]
    result = cli("link", "add", "output:3356.008#1", "kegiatan:3355#1", *args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "own kegiatan" in result.output
    assert not path.exists() and decision_nodes(graph) == 0
