"""Audits: the saved queries of ``cypher/audits/`` and ad-hoc Cypher, run read-only and logged.

Auditors (the inspectorate, BPK/BPKP reviewers) need two things from the graph: questions the
project already knows how to ask (the library), and their own Cypher. Both go through the same
read-only guard (:mod:`tracker.audit.readonly`), because a saved file can be edited too.
Every run —
refused, failed or answered — is appended to a JSON-lines log file rather than to the graph, so
the audit console itself never writes to what it audits.

Each library file holds one query and a header the CLI and the app read::

    // title: Totals that do not reconcile
    // answers: which programs, kegiatan and outputs state totals that do not add up
    // why: a Jumlah that is not the sum of its parts is money nobody can account for
    // param: year int = null — budget year (null: every year)
    // param: tolerance int = 0 — differences up to this many Rupiah are ignored

A header value may continue on following ``//`` lines indented by two or more spaces.
Parameter types are ``int``, ``float``, ``str`` and ``bool``; ``null`` means "not given".

The dashboard is Indonesian first with an English switch, so a header may also carry a
language's own wording: ``// title.id: …``, ``// answers.id: …``, ``// why.id: …`` (and
``.en``), and, for a declared parameter, ``// param.id: NAME LABEL — DESCRIPTION`` (the label
the form shows in place of the name; the query still takes ``$NAME``). The plain keys stay
the default, so files without variants read as before.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from neo4j import Driver
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from tracker.access import default_user
from tracker.audit.readonly import (
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    check_bounds,
    check_params,
    check_plan,
    check_text,
    execute,
    plan_timeout,
)
from tracker.config import config, load_settings
from tracker.graph.cypher import CYPHER_DIR

__all__ = [
    "AuditError",
    "AuditParam",
    "AuditQuery",
    "AuditResult",
    "QueryError",
    "QueryTimeout",
    "ReadOnlyViolation",
    "audit_log",
    "default_user",
    "export",
    "get_audit",
    "list_audits",
    "log_path",
    "parse_param_args",
    "run_audit",
    "run_readonly",
]

AUDIT_DIR = CYPHER_DIR / "audits"
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_ROW_CAP = 5000
# Upper bounds a caller may ask for: the console shares the server with planners.
MAX_TIMEOUT_S = 300.0
MAX_ROW_CAP = 100_000
FORMATS = ("table", "csv", "json", "xlsx")
PARAM_TYPES = ("int", "float", "str", "bool")

_HEADER_KEYS = ("title", "answers", "why", "param")
LANGUAGES = ("id", "en")
_HEADER_LINE = re.compile(r"^//\s*(\w+)(?:\.(\w+))?\s*:\s*(.*)$")
_PARAM_TEXT = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<label>.+?)\s+(?:—|--)\s+(?P<doc>.+)$")
_CONTINUATION = re.compile(r"^//\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?:\((?P<choices>[^)]*)\))?"
    r"(?:\s*=\s*(?P<default>.+?))?\s+(?:—|--)\s+(?P<doc>.+)$"
)
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
# A spreadsheet treats a cell starting with one of these as a formula (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class AuditError(ValueError):
    """A library file, audit name or parameter is wrong; the message says which and why."""


# ---------------------------------------------------------------------------------------------
# The library


@dataclass(frozen=True)
class AuditParam:
    name: str
    type: str  # one of PARAM_TYPES
    default: Any
    description: str
    required: bool = False  # declared without a default
    choices: tuple[Any, ...] = ()  # the only values allowed, when the header lists them
    # per language: (label, description), from ``// param.LANG: NAME LABEL — DESCRIPTION``
    translations: tuple[tuple[str, str, str], ...] = ()

    def label(self, lang: str | None = None) -> str:
        """The name a form shows in ``lang`` (the parameter's own name when not translated)."""
        return next((lb for lg, lb, _d in self.translations if lg == lang), self.name)

    def help(self, lang: str | None = None) -> str:
        return next((d for lg, _lb, d in self.translations if lg == lang), self.description)

    def coerce(self, value: Any) -> Any:
        """The value as the query expects it; strings (CLI, forms) are converted by type, and
        a value outside the declared choices is refused (a query would quietly ignore it)."""
        value = self._typed(value)
        if self.choices and value is not None and value not in self.choices:
            allowed = ", ".join(str(c) for c in self.choices)
            raise AuditError(f"parameter {self.name} must be one of {allowed}, got {value!r}")
        return value

    def _typed(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            text = value.strip()
            if text.lower() in ("null", "none", ""):
                return None
            try:
                if self.type == "int":
                    return int(text.replace("_", "").replace(",", ""))
                if self.type == "float":
                    return float(text)
                if self.type == "bool":
                    return _BOOLS[text.lower()]
            except (ValueError, KeyError):
                raise AuditError(
                    f"parameter {self.name} expects {self.type}, got {value!r}"
                ) from None
            return text
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "str": isinstance(value, str),
            "bool": isinstance(value, bool),
        }[self.type]
        if not ok:
            raise AuditError(f"parameter {self.name} expects {self.type}, got {value!r}")
        return float(value) if self.type == "float" else value


@dataclass(frozen=True)
class AuditQuery:
    name: str  # file name without .cypher
    title: str
    answers: str
    why: str
    params: tuple[AuditParam, ...]
    cypher: str  # the whole file, header included (Cypher ignores comments)
    path: Path
    # language → {title, answers, why}, from ``// title.id: …`` and the like
    translations: Mapping[str, Mapping[str, str]] = field(
        default_factory=dict, hash=False, compare=False
    )

    def text(self, key: str, lang: str | None = None) -> str:
        """``title``, ``answers`` or ``why`` in ``lang``, else the header's default wording."""
        found = self.translations.get(lang or "", {}).get(key)
        return found or getattr(self, key)

    def resolve(self, given: Mapping[str, Any] | None) -> dict[str, Any]:
        """Every declared parameter, given or defaulted; unknown names are refused, since a
        typo would otherwise silently run the audit with the default."""
        given = dict(given or {})
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            known = ", ".join(declared) or "none"
            raise AuditError(
                f"audit {self.name} has no parameter {', '.join(unknown)} (it takes: {known})"
            )
        values: dict[str, Any] = {}
        for p in self.params:
            if p.name in given:
                values[p.name] = p.coerce(given[p.name])
            elif p.required:
                raise AuditError(f"audit {self.name} needs parameter {p.name} ({p.description})")
            else:
                values[p.name] = p.default
        return values


def _literal(text: str, type_: str, where: str) -> Any:
    text = text.strip()
    if text.lower() == "null":
        return None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    try:
        return AuditParam("default", type_, None, "").coerce(text)
    except AuditError:
        raise AuditError(f"{where}: default {text!r} is not a {type_}") from None


def parse_header(text: str, path: Path) -> dict[str, Any]:
    """Read the ``//`` header of one library file into title/answers/why/params. A parameter
    may list its allowed values: ``// param: mode str(revisions|years) = revisions — …``."""
    fields: dict[str, Any] = {"title": "", "answers": "", "why": "", "params": []}
    translated: dict[str, dict[str, str]] = {}
    param_texts: list[tuple[str, str, str, str, str]] = []  # lang, name, label, doc, where
    last: str | None = None
    last_lang: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("//"):
            break
        where = f"{path.name}:{number}"
        cont = _CONTINUATION.match(raw.rstrip())
        head = _HEADER_LINE.match(line)
        if head and head.group(1).lower() in _HEADER_KEYS and head.group(2):
            key, lang, value = head.group(1).lower(), head.group(2).lower(), head.group(3).strip()
            if lang not in LANGUAGES:
                raise AuditError(
                    f"{where}: unknown language {lang!r} in '{key}.{lang}'; expected one of "
                    f"{', '.join(LANGUAGES)}"
                )
            if key == "param":
                m = _PARAM_TEXT.match(value)
                if m is None:
                    raise AuditError(
                        f"{where}: expected '// param.{lang}: NAME LABEL — DESCRIPTION', "
                        f"got {value!r}"
                    )
                param_texts.append((lang, m["name"], m["label"], m["doc"].strip(), where))
            else:
                translated.setdefault(lang, {})[key] = value
            last, last_lang = key, lang
        elif head and head.group(1).lower() in _HEADER_KEYS:
            key, value = head.group(1).lower(), head.group(3).strip()
            last_lang = None
            if key == "param":
                m = _PARAM.match(value)
                if m is None or m.group("type") not in PARAM_TYPES:
                    raise AuditError(
                        f"{where}: expected '// param: NAME TYPE [= DEFAULT] — DESCRIPTION' "
                        f"with TYPE one of {', '.join(PARAM_TYPES)}, got {value!r}"
                    )
                type_, default_text = m.group("type"), m.group("default")
                choices = tuple(
                    _literal(c, type_, where)
                    for c in (m.group("choices") or "").split("|")
                    if c.strip()
                )
                param = AuditParam(
                    name=m.group("name"),
                    type=type_,
                    default=None,
                    description=m.group("doc").strip(),
                    required=default_text is None,
                    choices=choices,
                )
                if default_text is not None:
                    default = _literal(default_text, type_, where)
                    try:
                        param = replace(param, default=param.coerce(default))
                    except AuditError as exc:
                        raise AuditError(f"{where}: default: {exc}") from None
                fields["params"].append(param)
            else:
                fields[key] = value
            last = key
        elif cont and last is not None and last_lang is not None:
            if last == "param":
                lang, name, label, doc, at = param_texts[-1]
                param_texts[-1] = (lang, name, label, f"{doc} {cont.group(1)}", at)
            else:
                translated[last_lang][last] = f"{translated[last_lang][last]} {cont.group(1)}"
        elif cont and last is not None:
            if last == "param":
                p = fields["params"][-1]
                fields["params"][-1] = replace(p, description=f"{p.description} {cont.group(1)}")
            else:
                fields[last] = f"{fields[last]} {cont.group(1)}"
        else:
            last = None
    for key in ("title", "answers", "why"):
        if not fields[key]:
            raise AuditError(f"{path.name}: the header has no '// {key}: …' line")
    by_name = {p.name: i for i, p in enumerate(fields["params"])}
    for lang, name, label, doc, where in param_texts:
        if name not in by_name:
            raise AuditError(f"{where}: param.{lang} names {name!r}, which no '// param:' declares")
        p = fields["params"][by_name[name]]
        fields["params"][by_name[name]] = replace(
            p, translations=(*p.translations, (lang, label, doc))
        )
    fields["translations"] = translated
    return fields


def _load(path: Path) -> AuditQuery:
    text = path.read_text(encoding="utf-8")
    head = parse_header(text, path)
    return AuditQuery(
        name=path.stem,
        title=head["title"],
        answers=head["answers"],
        why=head["why"],
        params=tuple(head["params"]),
        cypher=text,
        path=path,
        translations=head["translations"],
    )


def list_audits(directory: Path | None = None) -> list[AuditQuery]:
    """Every saved audit, sorted by name."""
    directory = directory or AUDIT_DIR
    return [_load(p) for p in sorted(directory.glob("*.cypher"))]


def get_audit(name: str, directory: Path | None = None) -> AuditQuery:
    directory = directory or AUDIT_DIR
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", name or ""):
        raise AuditError(f"{name!r} is not an audit name (letters, digits, _ and - only)")
    path = directory / f"{name}.cypher"
    if not path.exists():
        names = ", ".join(a.name for a in list_audits(directory))
        raise AuditError(f"no audit named {name!r}; the library has: {names}")
    return _load(path)


# ---------------------------------------------------------------------------------------------
# Running


@dataclass
class AuditResult:
    """The rows of one run and what an auditor needs to cite it."""

    query: str
    params: dict[str, Any]
    frame: pd.DataFrame
    truncated: bool  # more rows existed than row_cap
    duration_s: float
    user: str
    started_at: datetime
    row_cap: int
    timeout_s: float
    database: str
    name: str | None = None  # the saved audit, if any
    title: str | None = None
    columns: list[str] = field(default_factory=list)
    data: list[list[Any]] = field(default_factory=list, repr=False)  # rows as plain values

    @property
    def rows(self) -> int:
        return len(self.frame)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts of plain values (``None`` stays ``None``, unlike in the frame)."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.data]


def plain(value: Any) -> Any:
    """A driver value as plain data (dicts, lists, strings, numbers) for frames and exports."""
    if isinstance(value, Node):
        return {"_id": value.element_id, "_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {
            "_id": value.element_id,
            "_type": value.type,
            "_start": value.start_node.element_id if value.start_node else None,
            "_end": value.end_node.element_id if value.end_node else None,
            **dict(value),
        }
    if isinstance(value, GraphPath):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, (DateTime, Date, Time)):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    return value


def run_readonly(
    driver: Driver,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    user: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    row_cap: int = DEFAULT_ROW_CAP,
    *,
    database: str | None = None,
    name: str | None = None,
    title: str | None = None,
    log: Path | str | None = None,
) -> AuditResult:
    """Run one query through every layer of the read-only guard and log the run.

    Raises :class:`ReadOnlyViolation` (refused before running), :class:`QueryTimeout` or
    :class:`QueryError`; each is logged with its message before it propagates.
    """
    if not 0 < timeout_s <= MAX_TIMEOUT_S:
        raise AuditError(f"timeout must be more than 0 and at most {MAX_TIMEOUT_S:g} s")
    if not 1 <= row_cap <= MAX_ROW_CAP:
        raise AuditError(f"the row cap must be between 1 and {MAX_ROW_CAP:,}")
    user = user or default_user()
    params = dict(params or {})
    database = database or load_settings().database
    started_at = datetime.now(UTC)
    entry: dict[str, Any] = {
        "at": started_at.isoformat(timespec="milliseconds"),
        "user": user,
        "kind": "audit" if name else "query",
        "name": name,
        "query": cypher,
        "query_sha256": hashlib.sha256(cypher.encode("utf-8")).hexdigest(),
        "params": params,
        "database": database,
        "timeout_s": timeout_s,
        "row_cap": row_cap,
    }
    try:
        text = check_text(cypher)
        if name is None:  # saved audits are reviewed files; typed queries are bounded
            check_bounds(text, params)
        else:
            check_params(params)
        check_plan(driver, text, params, database, timeout_s=plan_timeout(timeout_s))
        fetched = execute(
            driver,
            text,
            params,
            database=database,
            timeout_s=timeout_s,
            row_cap=row_cap,
            metadata={"app": "rka-tracker audit", "user": user, "audit": name or "ad hoc"},
        )
    except ReadOnlyViolation as exc:
        _append_log(entry | {"status": "refused", "layer": exc.layer, "message": str(exc)}, log)
        raise
    except QueryTimeout as exc:
        _append_log(
            entry | {"status": "timeout", "on_server": exc.on_server, "message": str(exc)}, log
        )
        raise
    except QueryError as exc:
        _append_log(entry | {"status": "error", "message": str(exc)}, log)
        raise
    rows = [[plain(v) for v in record.values()] for record in fetched.records]
    frame = pd.DataFrame(rows, columns=fetched.columns)
    result = AuditResult(
        query=cypher,
        params=params,
        frame=frame,
        truncated=fetched.truncated,
        duration_s=fetched.duration_s,
        user=user,
        started_at=started_at,
        row_cap=row_cap,
        timeout_s=timeout_s,
        database=database,
        name=name,
        title=title,
        columns=fetched.columns,
        data=rows,
    )
    _append_log(
        entry
        | {
            "status": "ok",
            "rows": result.rows,
            "truncated": result.truncated,
            "duration_s": round(result.duration_s, 4),
        },
        log,
    )
    return result


def run_audit(
    driver: Driver,
    name: str,
    params: Mapping[str, Any] | None = None,
    user: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    row_cap: int = DEFAULT_ROW_CAP,
    *,
    database: str | None = None,
    log: Path | str | None = None,
) -> AuditResult:
    """Run a saved audit by name; parameters are checked against its header and defaulted."""
    audit = get_audit(name)
    values = audit.resolve(params)
    return run_readonly(
        driver,
        audit.cypher,
        values,
        user,
        timeout_s,
        row_cap,
        database=database,
        name=audit.name,
        title=audit.title,
        log=log,
    )


def parse_param_args(items: Iterable[str]) -> dict[str, Any]:
    """``name=value`` or ``name:type=value`` pairs (the CLI's ``--param``) as a dict.

    A value is text unless a type is given (``int``, ``float``, ``bool``, ``str``, ``json``):
    codes look like numbers but are not (``670714``, ``076`` would lose its zero), so nothing
    is guessed. Saved audits convert text by the types their headers declare, so
    ``--param year=2020`` is enough there; ad-hoc queries say ``--param year:int=2020``."""
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        name, _, type_ = key.strip().partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise AuditError(
                f"--param expects name=value or name:type=value with a plain name, got {item!r}"
            )
        type_ = type_.strip() or "str"
        if type_ == "json":
            try:
                out[name] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise AuditError(f"--param {name}: {value!r} is not JSON ({exc.msg})") from None
        elif type_ in PARAM_TYPES:
            out[name] = value if type_ == "str" else AuditParam(name, type_, None, "").coerce(value)
        else:
            raise AuditError(
                f"--param {name}: unknown type {type_!r}; use int, float, bool, str or json"
            )
    return out


# ---------------------------------------------------------------------------------------------
# The log


def log_path(path: Path | str | None = None) -> Path:
    """Where runs are logged: the argument, ``TRACKER_AUDIT_LOG``, or ``var/audit-log.jsonl``."""
    if path:
        return Path(path)
    return config().audit_log_path


def _append_log(entry: dict[str, Any], path: Path | str | None) -> None:
    """Append one line; the lock keeps concurrent runs (CLI and app) from interleaving."""
    target = log_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line.encode("utf-8"))
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def audit_log(limit: int | None = 100, path: Path | str | None = None) -> list[dict[str, Any]]:
    """The latest runs, newest first (all of them with ``limit=None``). Lines that are not
    JSON (a torn write, a hand edit) are skipped rather than hiding the rest."""
    target = log_path(path)
    if not target.exists():
        return []
    keep: deque[dict[str, Any]] = deque(maxlen=limit)
    with target.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict):
                keep.append(entry)
    return list(reversed(keep))


# ---------------------------------------------------------------------------------------------
# Exports


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown as text, never evaluated by a spreadsheet
    return value


def _sheet_frame(result: AuditResult) -> pd.DataFrame:
    return result.frame.map(_cell) if not result.frame.empty else result.frame


def _about(result: AuditResult) -> dict[str, Any]:
    return {
        "audit": result.name,
        "title": result.title,
        "run_at": result.started_at.isoformat(timespec="seconds"),
        "user": result.user,
        "database": result.database,
        "params": result.params,
        "rows": result.rows,
        "truncated": result.truncated,
        "row_cap": result.row_cap,
        "duration_s": round(result.duration_s, 4),
        "query": result.query,
    }


def export(result: AuditResult, fmt: str) -> str | bytes:
    """The result as ``csv`` (text), ``json`` (text: the rows plus what was run, by whom, when)
    or ``xlsx`` (bytes: a result sheet and a sheet saying what was run). Text cells a
    spreadsheet would run as formulas are prefixed with ``'``."""
    if fmt == "csv":
        return _sheet_frame(result).to_csv(index=False)
    if fmt == "json":
        body = _about(result) | {"columns": result.columns, "data": result.records()}
        return json.dumps(body, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        about = pd.DataFrame(
            [
                (k, _cell(json.dumps(v, default=str) if isinstance(v, dict) else v))
                for k, v in _about(result).items()
            ],
            columns=["field", "value"],
        )
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            frame = _sheet_frame(result)
            if frame.empty and result.columns:
                frame = pd.DataFrame(columns=result.columns)
            frame.to_excel(writer, sheet_name="result", index=False)
            about.to_excel(writer, sheet_name="query", index=False)
        return buffer.getvalue()
    raise AuditError(f"unknown export format {fmt!r}; use one of csv, json, xlsx")
