"""Load parsed RKA documents into Neo4j: each document whole or not at all, repeatably, fast.

Revisions and ``replace``
-------------------------
A satker-year (satker code + budget year) has one current plan and a record of every document
version loaded for it (``Rka`` nodes, revision 1, 2, …). For each document:

* its content (``content_hash``, the sha256 of the file's bytes) is already on record for the
  satker-year, in any revision: **unchanged**, nothing is written, not even ``loaded_at``.
  Loading the same files again is a no-op, whatever order they come in;
* otherwise it becomes **revision n+1** and the current one: the satker-year's plan is deleted
  and the new plan written under the new ``Rka``; earlier ``Rka`` records (and their findings
  and output snapshots) stay, marked ``current = false``;
* with ``replace=True`` (``tracker load --replace``) it instead **overwrites the current
  revision in place**: same revision number, the old version's record and findings are gone.
  Use it to correct a wrongly loaded file without leaving a revision behind. A document whose
  content is already the current one is still unchanged.

Atomicity, retries, crashes
---------------------------
Everything one document writes (satker, record, findings, deletion of the old plan, the new
plan) happens inside one managed transaction (``session.execute_write``): either all of it
lands or none. To save round trips and commits, consecutive documents share a transaction
(up to ``BATCH_DOCS`` documents / ``BATCH_NODES`` plan nodes, never two of the same
satker-year); a document is never split across transactions, so a document, and a
satker-year, is always whole or absent. ``batch_size=1`` (``tracker load --batch-size 1``)
gives strictly one transaction per document. If the database rejects a batch (a
non-transient error), its documents are written again one transaction each, so a document
the database refuses is reported as ``failed`` without holding back the others.

The driver retries a managed transaction on transient errors (deadlocks, leader switches,
lost connections) with exponential backoff, up to its ``max_transaction_retry_time``; that is
why the transaction function reads the satker-years' state itself and decides afresh on each
attempt. A process killed mid-load leaves its open transaction uncommitted; the server rolls
it back, so no satker-year is ever half written. The first statement write-locks the
``Satker`` nodes, so two loads of the same satker queue up instead of racing for the same
revision number.

Speed
-----
A batch costs four statements, not one round trip per node: each statement ``UNWIND``s the
batch's documents, and the plans go in as nested parameter maps written by one statement
(``cypher/load_plan.cypher``) that creates each node next to its parent without looking it up.
Inputs are consumed lazily and parsed on a background thread while the database works; at
most ``PREFETCH`` parsed documents wait, so memory stays flat however many files are loaded.

Findings never block a load; they are stored with the document. A file the parser cannot read
is refused with the parser's message, and nothing is written for it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from neo4j import Driver, ManagedTransaction, ResultSummary, Session
from neo4j.exceptions import Neo4jError

from tracker import access
from tracker.graph import cost_loader, db
from tracker.graph.cypher import query
from tracker.graph.props import content_hash, finding_props, revision_for, satker_props
from tracker.read.records import (
    LAYOUT_RSPP,
    Indicator,
    Kro,
    Output,
    RkaDocument,
    RkaParseError,
    money,
)
from tracker.trace import linker

# refused: the parser could not read it; failed: the database rejected it. Neither wrote.
Status = Literal["loaded", "replaced", "unchanged", "refused", "failed"]
Source = str | Path | RkaDocument

# Parsed documents waiting for the database; small, so memory does not grow with input size.
PREFETCH = 64
# At most this many documents, and about this many plan nodes, per transaction.
BATCH_DOCS = 25
BATCH_NODES = 5000


@dataclass
class Counters:
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0

    def add(self, summary: ResultSummary | Counters) -> None:
        c = summary.counters if isinstance(summary, ResultSummary) else summary
        self.nodes_created += c.nodes_created
        self.nodes_deleted += c.nodes_deleted
        self.relationships_created += c.relationships_created
        self.relationships_deleted += c.relationships_deleted
        self.properties_set += c.properties_set


@dataclass
class DocResult:
    """What happened to one input."""

    source: str
    status: Status
    satker: str = ""
    year: int = 0
    revision: int = 0
    uid: str = ""  # the Rka written (or, when unchanged, the one already holding the content)
    message: str = ""  # why it was refused, or which revision already holds it
    findings: int = 0
    link_error: str = ""  # linking failed after the plan committed (the plan stays loaded)


@dataclass
class LoadSummary:
    results: list[DocResult] = field(default_factory=list)
    seconds: float = 0.0
    counters: Counters = field(default_factory=Counters)  # what the database reported

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def loaded(self) -> int:
        return self.count("loaded")

    @property
    def replaced(self) -> int:
        return self.count("replaced")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def refused(self) -> list[DocResult]:
        """Documents that wrote nothing: unreadable (refused) or rejected by the database."""
        return [r for r in self.results if r.status in ("refused", "failed")]

    @property
    def docs_per_second(self) -> float:
        return len(self.results) / self.seconds if self.seconds else 0.0


# --- from records to parameter maps -------------------------------------------------------


def rka_uid(satker: str, year: int, revision: int) -> str:
    return f"{satker}/{year}/r{revision}"


def rka_props(doc: RkaDocument, revision: int, loaded_at: datetime) -> dict[str, Any]:
    h = doc.document
    outputs = [o for p in doc.programs for k in p.kegiatan for o in k.outputs]
    return {
        "uid": rka_uid(h.satker.code, h.year, revision),
        "satker": h.satker.code,
        "year": h.year,
        "revision": revision,
        "file_name": Path(doc.source).name if doc.source else "",
        "content_hash": content_hash(doc),
        "loaded_at": loaded_at,
        "current": True,
        "pages": h.pages,
        "signed_place": h.signed_place,
        "signed_date": h.signed_date.isoformat() if h.signed_date else None,
        "signatory_name": h.signatory.name if h.signatory else None,
        "signatory_nip": h.signatory.nip if h.signatory else None,
        "total_angka_dasar": sum(p.angka_dasar for p in doc.programs),
        "total_inisiatif_baru": sum(p.inisiatif_baru for p in doc.programs),
        "total_jumlah": sum(p.jumlah for p in doc.programs),
        "output_codes": [o.code for o in outputs],
        "output_names": [o.name for o in outputs],
        "output_jumlah": [o.jumlah for o in outputs],
    }


def plan_param(doc: RkaDocument) -> list[dict[str, Any]]:
    """The nested ``$programs`` parameter of ``cypher/load_plan.cypher``.

    uids are paths of ``code#seq`` steps (see tracker.graph.model): unique although codes repeat,
    and the same on every load of the same document.
    """
    satker, year = doc.document.satker.code, doc.document.year
    base = f"{satker}/{year}"

    def common(uid: str, code: str, seq: int) -> dict[str, Any]:
        return {"uid": uid, "satker": satker, "year": year, "code": code, "seq": seq}

    def indicators(parent: str, step: str, items: list[Indicator], **extra: Any) -> list[dict]:
        return [
            {**common(f"{parent}/{step}/{i.code}#{n}", i.code, n), "text": i.text, **extra}
            for n, i in enumerate(items, 1)
        ]

    def budget_line(uid: str, x: Output | Kro, seq: int, kegiatan: str) -> dict[str, Any]:
        """An RO or a KRO: both are lines of a kegiatan with a volume and the three amounts."""
        return {
            **common(uid, x.code, seq),
            "kegiatan_code": kegiatan,
            "name": x.name,
            "volume": x.volume,
            "unit": x.unit,
            **money(x),
        }

    programs = []
    for pn, p in enumerate(doc.programs, 1):
        puid = f"{base}/P/{p.code}#{pn}"
        sasaran = []
        for sn, s in enumerate(p.sasaran, 1):
            suid = f"{puid}/S/{s.code}#{sn}"
            sasaran.append(
                {
                    "props": {**common(suid, s.code, sn), "program_code": p.code, "text": s.text},
                    "indicators": indicators(
                        suid, "IKP", s.indicators, program_code=p.code, sasaran_code=s.code
                    ),
                }
            )
        output_program = []
        for on, op in enumerate(p.output_program, 1):
            ouid = f"{puid}/OP/{op.code}#{on}"
            output_program.append(
                {
                    "props": {**common(ouid, op.code, on), "program_code": p.code, "name": op.name},
                    "indicators": indicators(ouid, "IOP", op.indicators, program_code=p.code),
                }
            )
        kegiatan = []
        for kn, k in enumerate(p.kegiatan, 1):
            kuid = f"{puid}/K/{k.code}#{kn}"
            outputs = []
            for on, o in enumerate(k.outputs, 1):
                ouid = f"{kuid}/O/{o.code}#{on}"
                outputs.append(
                    {
                        "props": {
                            **budget_line(ouid, o, on, k.code),
                            "tag": o.tag,
                            "kro": o.kro or None,
                        },
                        "indicators": indicators(ouid, "IO", o.indicators, output_code=o.code)
                        or _by_name(common(f"{ouid}/IO/name#1", "", 1), o),
                    }
                )
            # RSPP: an IKK is one node under the kegiatan; its Sasaran Kegiatan names it by seq
            seq_of = {id(i): n for n, i in enumerate(k.indicators, 1)}
            sasaran_kegiatan = [
                {
                    "props": {
                        **common(f"{kuid}/SK/{s.code}#{sn}", s.code, sn),
                        "kegiatan_code": k.code,
                        "text": s.text,
                    },
                    "ikk": [seq_of[id(i)] for i in s.indicators if id(i) in seq_of],
                }
                for sn, s in enumerate(k.sasaran, 1)
            ]
            output_seq = {id(o): n for n, o in enumerate(k.outputs, 1)}
            kro = []
            for rn, r in enumerate(k.kro, 1):
                ruid = f"{kuid}/KRO/{r.code}#{rn}"
                kro.append(
                    {
                        "props": budget_line(ruid, r, rn, k.code),
                        "indicators": indicators(ruid, "IKRO", r.indicators, kro_code=r.code),
                        "ros": [output_seq[id(o)] for o in r.outputs if id(o) in output_seq],
                    }
                )
            kegiatan.append(
                {
                    "props": {
                        **common(kuid, k.code, kn),
                        "program_code": p.code,
                        "name": k.name,
                        **money(k),
                    },
                    "indicators": indicators(kuid, "IKK", k.indicators, kegiatan_code=k.code),
                    "outputs": outputs,
                    "sasaran": sasaran_kegiatan,
                    "kro": kro,
                }
            )
        programs.append(
            {
                "props": {**common(puid, p.code, pn), "name": p.name, **money(p)},
                "sasaran": sasaran,
                "kegiatan": kegiatan,
                "output_program": output_program,
            }
        )
    return programs


def _by_name(common: dict[str, Any], o: Output) -> list[dict[str, Any]]:
    """An RSPP RO with no indicator: one IndikatorOutput standing for its name, so the linker
    can still propose what it serves (on the name, with less confidence; see
    tracker.graph.model.IndikatorOutput). 2020 outputs keep their empty lists."""
    if not o.kro:
        return []
    return [{**common, "text": o.name, "output_code": o.code, "by_name": True}]


def expected_counts(doc: RkaDocument) -> dict[str, int]:
    """Nodes per label one current satker-year of this document has in the graph: what a
    complete load must show (tests and the kill test compare against it)."""
    programs = doc.programs
    kegiatan = [k for p in programs for k in p.kegiatan]
    outputs = [o for k in kegiatan for o in k.outputs]
    counts = {
        "Program": len(programs),
        "SasaranProgram": sum(len(p.sasaran) for p in programs),
        "IndikatorKinerjaProgram": sum(len(s.indicators) for p in programs for s in p.sasaran),
        "Kegiatan": len(kegiatan),
        "IndikatorKinerjaKegiatan": sum(len(k.indicators) for k in kegiatan),
        "Output": len(outputs),
        "IndikatorOutput": sum(len(o.indicators) or bool(o.kro) for o in outputs),
        "Finding": len(doc.findings),
    }
    if doc.layout == LAYOUT_RSPP:
        ops = [op for p in programs for op in p.output_program]
        kros = [r for k in kegiatan for r in k.kro]
        counts |= {
            "OutputProgram": len(ops),
            "IndikatorOutputProgram": sum(len(op.indicators) for op in ops),
            "SasaranKegiatan": sum(len(k.sasaran) for k in kegiatan),
            "Kro": len(kros),
            "IndikatorKro": sum(len(r.indicators) for r in kros),
        }
    return counts


# --- writing ------------------------------------------------------------------------------


@dataclass
class _Batch:
    """Documents written together in one transaction: never two of the same satker-year, so
    each one's decision (unchanged / next revision / replace) can be made from one read."""

    docs: list[RkaDocument] = field(default_factory=list)
    keys: set[tuple[str, int]] = field(default_factory=set)
    nodes: int = 0

    def fits(self, doc: RkaDocument, max_docs: int) -> bool:
        if not self.docs:
            return True
        h = doc.document
        return (
            len(self.docs) < max_docs
            and self.nodes + _size(doc) <= BATCH_NODES
            and (h.satker.code, h.year) not in self.keys
        )

    def add(self, doc: RkaDocument) -> None:
        self.docs.append(doc)
        self.keys.add((doc.document.satker.code, doc.document.year))
        self.nodes += _size(doc)


def _size(doc: RkaDocument) -> int:
    if cost_loader.is_workbook(doc):
        return cost_loader.size(doc)
    return sum(expected_counts(doc).values())


def _write(
    tx: ManagedTransaction, docs: list[RkaDocument], replace: bool
) -> tuple[list[DocResult], Counters]:
    """The transaction function for a batch. The driver may run it more than once (retries
    after transient errors), so it reads the satker-years' state itself and builds fresh
    results on every attempt. Kertas kerja workbooks are written by tracker.graph.cost_loader."""
    counters = Counters()
    everything, workbooks = docs, [d for d in docs if cost_loader.is_workbook(d)]
    docs = [d for d in docs if not cost_loader.is_workbook(d)]
    keys = [{"satker": satker_props(d), "year": d.document.year} for d in docs]
    state = tx.run(query("load_lock_state"), keys=keys)
    versions = {(r["satker"], r["year"]): r["versions"] for r in state}
    counters.add(state.consume())

    results: list[DocResult] = []
    delete: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    loaded_at = datetime.now(UTC)
    for doc in docs:
        h = doc.document
        satker, year, digest = h.satker.code, h.year, content_hash(doc)
        status, revision, held = revision_for(versions.get((satker, year), []), digest, replace)
        result = DocResult(doc.source, status, satker, year, revision)
        results.append(result)
        if status == "unchanged":
            result.uid, result.message = held, f"already loaded as {held}"
            continue
        # even on a first load: a workbook loaded before may have left a bare plan
        delete.append({"satker": satker, "year": year})
        rka = rka_props(doc, result.revision, loaded_at)
        findings = finding_props(doc, rka["uid"])
        records.append({"satker": satker, "year": year, "rka": rka, "findings": findings})
        plans.append({"rka": rka["uid"], "programs": plan_param(doc)})
        result.uid, result.findings = rka["uid"], len(findings)

    if delete:
        counters.add(tx.run(query("load_delete_plan"), keys=delete).consume())
    if records:
        counters.add(tx.run(query("load_record"), records=records).consume())
        counters.add(tx.run(query("load_plan"), plans=plans).consume())
        written = [
            d for d, r in zip(docs, results, strict=True) if r.uid and r.status != "unchanged"
        ]
        for summary in cost_loader.after_plan(tx, written):
            counters.add(summary)
    if workbooks:
        outcomes, summaries = cost_loader.write(tx, workbooks, replace, plan_param)
        for summary in summaries:
            counters.add(summary)
        costed = {
            id(d): DocResult(
                d.source,
                o.status,
                d.document.satker.code,
                d.document.year,
                o.revision,
                o.uid,
                o.message,
                o.findings,
            )
            for d, o in zip(workbooks, outcomes, strict=True)
        }
        planned = iter(results)
        results = [costed[id(d)] if id(d) in costed else next(planned) for d in everything]
    return results, counters


def _write_batch(
    session: Session, docs: list[RkaDocument], replace: bool
) -> tuple[list[DocResult], Counters]:
    """Write a batch in one managed transaction. If the database rejects it (a non-transient
    error: transient ones are retried by the driver), write its documents one transaction
    each, so one document the database refuses does not hold back the others."""
    try:
        return session.execute_write(_write, docs, replace)
    except Neo4jError as exc:
        if len(docs) == 1:
            doc = docs[0]
            h = doc.document
            message = f"{doc.source}: the database refused this document: {exc}"
            failed = DocResult(doc.source, "failed", h.satker.code, h.year, message=message)
            return [failed], Counters()
    results: list[DocResult] = []
    counters = Counters()
    for doc in docs:
        one, c = _write_batch(session, [doc], replace)
        results += one
        counters.add(c)
    return results, counters


def _link(driver: Driver, keys: list[tuple[str, int]], database: str) -> str:
    """Link freshly written satker-years. Linking is its own transaction, after the plan's: a
    failure there is reported with the documents, and the plans stay loaded."""
    if not keys:
        return ""
    try:
        linker.link_batch(driver, keys, database)
    except Exception as exc:  # noqa: BLE001 - reported with the documents, the load stands
        return f"linking failed: {exc}"
    return ""


def _flush(
    batch: _Batch,
    session: Session,
    driver: Driver,
    replace: bool,
    link: bool,
    database: str,
) -> tuple[list[DocResult], Counters]:
    results, counters = _write_batch(session, batch.docs, replace)
    if link:
        costs = {
            (d.document.satker.code, d.document.year)
            for d in batch.docs
            if cost_loader.is_workbook(d)
        }
        written = [
            (r.satker, r.year)
            for r in results
            if r.status in ("loaded", "replaced") and (r.satker, r.year) not in costs
        ]
        error = _link(driver, written, database)
        for r in results:
            if error and r.status in ("loaded", "replaced"):
                r.link_error = error
    return results, counters


def load_document(
    doc: RkaDocument,
    driver: Driver,
    replace: bool = False,
    link: bool = True,
    database: str | None = None,
) -> DocResult:
    """Write one parsed document in its own transaction (see the module docstring for what
    ``replace`` means) and, if ``link``, link its satker-year afterwards."""
    database = db.database(database)
    batch = _Batch()
    batch.add(doc)
    with driver.session(database=database) as session:
        (result,), _ = _flush(batch, session, driver, replace, link, database)
    return result


def delete_satker_year(
    driver: Driver,
    satker: str,
    year: int,
    user: str | access.User | None = None,
    database: str | None = None,
) -> int:
    """Remove one satker-year (plan, every revision's record and findings) in one transaction;
    returns the nodes deleted. Only an admin may: given the app's signed-in ``user`` the check
    is made here, whatever the page offered. Link decisions stay, so a reload restores them."""
    if isinstance(user, access.User):
        access.require(user, "document.delete")
    database = db.database(database)
    with driver.session(database=database) as session:
        record = session.execute_write(
            lambda tx: tx.run(
                query("delete_satker_year"), satker=str(satker), year=int(year)
            ).single()
        )
    return int(record["deleted"]) if record else 0


# --- many documents ------------------------------------------------------------------------


def _parse(item: Source) -> RkaDocument | DocResult:
    if isinstance(item, RkaDocument):
        return item
    from tracker.read.document import read_file

    try:
        return read_file(Path(item))
    except RkaParseError as exc:
        return DocResult(source=str(item), status="refused", message=str(exc))
    except OSError as exc:
        return DocResult(source=str(item), status="refused", message=f"{item}: {exc}")


def _prefetched(items: Iterable[Source]) -> Iterator[RkaDocument | DocResult]:
    """Parse on a background thread, at most PREFETCH documents ahead: parsing (Python) then
    overlaps with the database writing the previous document (waiting on the socket)."""
    out: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=PREFETCH)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                parsed = _parse(item)
                while not stop.is_set():
                    try:
                        out.put(("doc", parsed), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            out.put(("end", None))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the consuming thread
            out.put(("error", exc))

    worker = threading.Thread(target=produce, name="rka-parse", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = out.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        worker.join(timeout=5)


def load_documents(
    items: Iterable[Source],
    driver: Driver,
    replace: bool = False,
    progress: bool = True,
    link: bool = True,
    database: str | None = None,
    batch_size: int = BATCH_DOCS,
    on_result: Callable[[DocResult], None] | None = None,
) -> LoadSummary:
    """Parse (file paths) and load documents, at most ``batch_size`` per transaction
    (``batch_size=1``: one transaction per document). Results come in input order, except
    that a refused file is reported as soon as it is parsed.

    Refused files are reported in the summary and do not stop the others. ``progress`` shows a
    bar with documents per second on stderr. ``on_result`` sees each result as it happens.
    """
    database = db.database(database)
    total = len(items) if isinstance(items, Sized) else None
    summary = LoadSummary()
    started = time.perf_counter()

    def report(results: list[DocResult], counters: Counters | None = None) -> None:
        summary.results.extend(results)
        if counters is not None:
            summary.counters.add(counters)
        for result in results:
            if on_result is not None:
                on_result(result)
            advance(result)

    with _progress(progress, total) as advance, driver.session(database=database) as session:
        batch = _Batch()
        for parsed in _prefetched(items):
            if isinstance(parsed, DocResult):
                report([parsed])
                continue
            if not batch.fits(parsed, max(1, batch_size)):
                report(*_flush(batch, session, driver, replace, link, database))
                batch = _Batch()
            batch.add(parsed)
        if batch.docs:
            report(*_flush(batch, session, driver, replace, link, database))
    summary.seconds = time.perf_counter() - started
    return summary


class _progress:
    """A rich progress bar (documents, documents/s, elapsed, remaining), or nothing."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.enabled, self.total = enabled, total
        self._bar: Any = None

    def __enter__(self) -> Callable[[DocResult], None]:
        if not self.enabled:
            return lambda result: None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("[bold]loading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[last]}"),
            console=Console(stderr=True),
            transient=False,
        )
        self._bar.start()
        task = self._bar.add_task("load", total=self.total, rate="", last="")
        t0 = time.perf_counter()
        done = 0

        def advance(result: DocResult) -> None:
            nonlocal done
            done += 1
            rate = done / max(time.perf_counter() - t0, 1e-9)
            self._bar.update(
                task, advance=1, rate=f"{rate:6.1f} docs/s", last=_short(result), refresh=False
            )

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _short(result: DocResult) -> str:
    if result.status == "refused":
        return f"refused {Path(result.source).name}"
    return f"{result.status} {result.uid}"
