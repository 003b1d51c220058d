"""Static bounds on the work one ad-hoc query can give the server outside its reach.

Neo4j stops a runaway query at its guard points (fetching a row, advancing a cursor) and
counts memory where its tracker sees it (aggregations, sorts, buffers). Three kinds of work
escape both, and this module refuses them before a query typed into the audit console is sent:

* **Planning.** The planner runs before any guard point and is not bound by the transaction
  timeout: a ``MATCH`` chain of 100 relationships planned for 40 s of CPU, 80 ``OPTIONAL
  MATCH`` for 14 s, and a few hundred nested brackets or ``NOT``\\ s overflowed the parser's
  stack so that the server never answered. So the number of relationship patterns, clauses
  and subqueries, the bracket depth and runs of prefix operators are capped
  (:data:`CAPS`).
* **One expression that grows a value.** ``WITH a+a+a AS b WITH b+b+b AS c …`` built a
  200-million-character string within one row and ended the JVM with ``OutOfMemoryError``;
  ``COLLECT { … }`` over a long ``UNWIND`` did the same (its list is not tracked, unlike
  ``collect()`` over rows), and a ``reduce`` over a concatenated list looped for minutes after
  its timeout. Each value is tracked here as a number of copies of a bounded base (a property,
  a literal, one ``collect()``, a checked ``range()``); concatenation adds copies,
  ``replace()`` multiplies them, and a value with more than :data:`MAX_COPIES` copies
  (:data:`MAX_LIST_COPIES` for lists) is refused. An iteration body that copies an outer list
  or grown value into every element is refused as well.
* **Regular expressions.** Java's regex engine backtracks inside one call: ``'aaa…' =~
  '(.*a){12}b'`` pinned a core until restart, and ``(a|aa)+`` on a long string overflowed the
  stack. A pattern must be a quoted string or a ``$parameter``, repeat no group, use no
  back-reference and at most :data:`MAX_REGEX_UNBOUNDED` unbounded quantifiers, and the
  string it is matched against must not be a grown value.

What remains (rows, paths, sorts, ``collect()``) is stopped by the server's timeout and memory
limits (:mod:`tracker.graph.limits`). The analysis reads the query as the text guard has
masked it (comments blanked, strings and quoted names emptied), so nothing in a string or
comment can hide from it or trip it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

#: Structural caps on ad-hoc queries (the planner is not bound by the transaction timeout).
CAPS: Mapping[str, int] = {
    "relationship patterns": 20,
    "MATCH clauses": 20,
    "subqueries": 16,  # CALL { }, EXISTS { }, COUNT { } and pattern comprehensions
    "UNION branches": 10,
    "bracket depth": 24,
    "prefix operators in a row": 8,
    "postfix steps in a row": 32,  # .key and [i] after one another
    "tokens": 1500,
}
#: Most copies of a bounded base value (a property, literal or projected string) one value
#: may hold: 64 copies of a 1,000-character literal is 64 kB.
MAX_COPIES = 64
#: Most copies of a list: one ``collect()`` holds up to the server's per-transaction memory.
MAX_LIST_COPIES = 4
#: Most unbounded quantifiers (``*``, ``+``, ``{n,}``) in a regular expression: each may
#: multiply the backtracking by the length of the string.
MAX_REGEX_UNBOUNDED = 2
#: Largest bound of a counted quantifier ``{m,n}`` in a regular expression.
MAX_REGEX_COUNT = 100
#: Most backtracking steps a pattern may take on a 1,000-character string, estimated as the
#: product of its choices times 1,000 per unbounded quantifier (about a second of one core).
REGEX_BUDGET = 100_000_000
#: Parameters: most elements of a list or map (all levels together) and characters of a string.
MAX_PARAM_ITEMS = 10_000
MAX_PARAM_CHARS = 10_000


class Unbounded(Exception):
    """What the server could not stop, and where (``pos`` into the query text)."""

    def __init__(self, reason: str, pos: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.pos = pos


# ---------------------------------------------------------------------------------------------
# Tokens and bracket groups


@dataclass(frozen=True)
class Token:
    kind: str  # name, param, number, string, op, bracket
    text: str  # upper-cased for names (keywords); the literal's value for strings
    start: int
    end: int
    raw: str = ""  # a name as written: variables are case-sensitive


@dataclass
class Group:
    open: str  # "(", "[", "{" or "" for the whole query
    items: list[Token | Group]
    start: int
    end: int
    depth: int = 0  # how deep brackets nest inside it (the whole query: the deepest)


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<quote>['"])
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<param>\$(?:[A-Za-z_][A-Za-z0-9_]*|\d+|`(?:[^`]|``)*`))
  | (?P<number>0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>=~|<>|<=|>=|::|\.\.|->|<-|\+=|!=|[-+*/%^=<>.,:|;!&?])
  | (?P<bracket>[()\[\]{}])
    """,
    re.VERBOSE,
)
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


def _unescape(raw: str) -> str:
    out, i = [], 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            if nxt in ("u", "U") and re.fullmatch(r"[0-9a-fA-F]{4}", raw[i + 2 : i + 6]):
                out.append(chr(int(raw[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def tokens(text: str, masked: str) -> list[Token]:
    """The query's tokens, brackets included (kind ``bracket``)."""
    out: list[Token] = []
    pos, n = 0, len(masked)
    while pos < n:
        m = _TOKEN_RE.match(masked, pos)
        if m is None:  # a character Cypher does not have: the server reports it
            pos += 1
            continue
        kind = m.lastgroup or ""
        if kind == "quote":
            end = masked.find(m.group(), pos + 1)
            end = n - 1 if end < 0 else end
            out.append(Token("string", _unescape(text[pos + 1 : end]), pos, end + 1))
            pos = end + 1
            continue
        if kind == "quoted":
            raw = text[m.start() + 1 : m.end() - 1].replace("``", "`")
            out.append(Token("name", "`" + raw.upper(), pos, m.end(), "`" + raw))
        elif kind == "name":
            out.append(Token("name", m.group().upper(), pos, m.end(), m.group()))
        elif kind != "ws":
            out.append(Token(kind, m.group(), pos, m.end()))
        pos = m.end()
    return out


def group(toks: Sequence[Token]) -> Group:
    """The tokens as nested bracket groups (the text guard has checked they balance)."""
    root = Group("", [], 0, toks[-1].end if toks else 0)
    stack = [root]
    for tok in toks:
        if tok.kind != "bracket":
            stack[-1].items.append(tok)
        elif tok.text in "([{":
            new = Group(tok.text, [], tok.start, tok.end)
            stack[-1].items.append(new)
            stack.append(new)
            if len(stack) - 1 > root.depth:
                root.depth, deepest = len(stack) - 1, tok.start
                if root.depth > CAPS["bracket depth"]:
                    raise Unbounded(
                        f"brackets nested more than {CAPS['bracket depth']} deep: the "
                        "server's parser recurses on each level, and fails without answering "
                        "when it runs out of stack",
                        deepest,
                    )
        elif len(stack) > 1:
            stack[-1].end = tok.end
            stack.pop()
    return root


# ---------------------------------------------------------------------------------------------
# Structure: what the planner has to chew on


def _is_op(item: Token | Group | None, *texts: str) -> bool:
    return isinstance(item, Token) and item.kind == "op" and item.text in texts


def _is_name(item: Token | Group | None, *names: str) -> bool:
    return isinstance(item, Token) and item.kind == "name" and (not names or item.text in names)


def _walk(g: Group) -> Iterator[Group]:
    yield g
    for item in g.items:
        if isinstance(item, Group):
            yield from _walk(item)


def _connectors(items: Sequence[Token | Group]) -> Iterator[int]:
    """Positions of relationship patterns in one sequence: the run between two node groups
    made of ``-``, ``<-``, ``->``, ``<``, ``>`` and at most one ``[…]``."""
    last_node = -1
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, Group) and item.open == "(":
            if last_node >= 0:
                run = items[last_node + 1 : i]
                if (
                    run
                    and all(
                        _is_op(r, "-", "<-", "->", "<", ">")
                        or (isinstance(r, Group) and r.open in "[{")
                        or _is_op(r, "+", "*")
                        for r in run
                    )
                    and any(_is_op(r, "-", "<-", "->") for r in run)
                ):
                    yield item.start
            last_node = i
        elif not (
            _is_op(item, "-", "<-", "->", "<", ">", "+", "*")
            or (isinstance(item, Group) and item.open in "[{")
        ):
            last_node = -1
        i += 1


def _is_prefix(item: Token | Group, prev: Token | Group | None) -> bool:
    """``NOT``, or a sign that follows an operator, keyword or nothing."""
    if _is_name(item, "NOT") or _is_op(item, "!"):
        return True
    if not _is_op(item, "-", "+"):
        return False
    if prev is None:
        return True
    return isinstance(prev, Token) and (
        prev.kind == "op" or (prev.kind == "name" and prev.text in _KEYWORDS | _CLAUSES)
    )


def _runs(items: Sequence[Token | Group]) -> Iterator[tuple[str, int, int]]:
    """Runs of prefix operators and of postfix steps (``.key``, ``[i]``) in one sequence:
    (what, length, where)."""
    prefix, postfix, at = 0, 0, 0
    i = 0
    while i < len(items):
        item = items[i]
        prev = items[i - 1] if i else None
        prefix = prefix + 1 if _is_prefix(item, prev) else 0
        if prefix:
            at = item.start if prefix == 1 else at
            yield "prefix operators in a row", prefix, at
        if _is_op(item, ".") and _is_name(items[i + 1] if i + 1 < len(items) else None):
            postfix += 1
            i += 1
        elif (
            isinstance(item, Group)
            and item.open == "["
            and (
                isinstance(prev, Group)
                or (
                    isinstance(prev, Token)
                    and prev.kind in ("name", "param")
                    and prev.text not in _KEYWORDS | _CLAUSES
                )
            )
        ):
            postfix += 1
        else:
            postfix = 0
        if postfix:
            yield "postfix steps in a row", postfix, item.start
        i += 1


def check_structure(root: Group) -> None:
    """Refuse queries whose planning alone would outlast any timeout, or that overflow the
    server's parser (which then never answers)."""
    counts = dict.fromkeys(
        ("relationship patterns", "MATCH clauses", "subqueries", "UNION branches"), 0
    )
    where: dict[str, int] = {}

    def count(what: str, pos: int) -> None:
        counts[what] += 1
        where.setdefault(what, pos)

    for g in _walk(root):
        case_depth = 0
        for item in g.items:  # CASE … END nests like a bracket, without one
            case_depth += _is_name(item, "CASE")
            case_depth -= _is_name(item, "END") and case_depth > 0
            if case_depth > CAPS["bracket depth"]:
                raise Unbounded(
                    f"CASE nested more than {CAPS['bracket depth']} deep: the server's parser "
                    "recurses on each level, and fails without answering when it runs out of "
                    "stack",
                    item.start,
                )
        for pos in _connectors(g.items):
            count("relationship patterns", pos)
        for what, n, pos in _runs(g.items):
            if n > CAPS[what]:
                raise Unbounded(
                    f"more than {CAPS[what]} {what} (NOT, !, -, .key, [i]): the server's parser "
                    "recurses on each, and fails without answering when it runs out of stack",
                    pos,
                )
        for i, item in enumerate(g.items):
            prev = g.items[i - 1] if i else None
            if _is_name(item, "MATCH"):
                count("MATCH clauses", item.start)
            elif _is_name(item, "UNION"):
                count("UNION branches", item.start)
            elif isinstance(item, Group) and item.open == "{":
                before = g.items[i - 2] if i >= 2 else None
                if _is_name(prev, "CALL", "EXISTS", "COUNT", "COLLECT") or (
                    isinstance(prev, Group) and prev.open == "(" and _is_name(before, "CALL")
                ):
                    count("subqueries", item.start)
            elif isinstance(item, Group) and item.open == "[" and item.items:
                first = item.items[0]
                if (isinstance(first, Group) and first.open == "(") or (
                    _is_name(first) and len(item.items) > 2 and _is_op(item.items[1], "=")
                ):
                    count("subqueries", item.start)  # a pattern comprehension plans one
    for what, n in counts.items():
        if n > CAPS[what]:
            raise Unbounded(
                f"{n} {what} (at most {CAPS[what]} in the console: the server plans a query "
                "before its time limit applies, and planning grows steeply with these)",
                where.get(what),
            )


# ---------------------------------------------------------------------------------------------
# Regular expressions


def regex_hazard(pattern: str) -> str | None:
    """Why matching this Java regular expression could backtrack for too long, or None.

    Refused: a repeated group (``(…)*``, ``(…)+``, ``(…){2,}``: nested or ambiguous repetition,
    and Java recurses once per repetition), a back-reference, more than
    :data:`MAX_REGEX_UNBOUNDED` unbounded quantifiers, and patterns whose other choices
    (``?``, ``{m,n}``, alternatives) multiply the backtracking past :data:`REGEX_BUDGET` for a
    1,000-character string."""
    if len(pattern) > 500:
        return "a pattern longer than 500 characters"
    unbounded = 0
    choices = 1  # product of the widths of bounded quantifiers and of alternatives
    groups: list[int] = [1]  # alternatives of each open group (the pattern itself at the bottom)
    i, n = 0, len(pattern)
    group_close = False
    while i < n:
        ch = pattern[i]
        quantified = group_close
        group_close = False
        if ch == "\\":
            nxt = pattern[i + 1 : i + 2]
            if (nxt.isdigit() and nxt != "0") or nxt == "k":
                return "a back-reference (\\1, \\k<name>)"
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                i = n if end < 0 else end + 2
                continue
            i += 2
            if nxt in ("p", "P") and pattern[i : i + 1] == "{":
                i = pattern.find("}", i) + 1 or n
        elif ch == "[":
            depth, j = 1, i + 1
            j += pattern[j : j + 1] == "^"
            j += pattern[j : j + 1] == "]"
            while j < n and depth:
                if pattern[j] == "\\":
                    j += 2
                    continue
                depth += pattern[j] == "["
                depth -= pattern[j] == "]"
                j += 1
            i = j
        elif ch == "(":
            groups.append(1)
            i += 1
            if pattern[i : i + 1] == "?":  # (?:…), (?i), (?=…): not a quantifier
                i += 1
        elif ch == ")":
            choices *= groups.pop() if len(groups) > 1 else 1
            i += 1
            group_close = True
            continue
        elif ch == "|":
            groups[-1] += 1
            i += 1
        elif ch in "*+?{":
            lo, hi = 0, None
            if ch == "{":
                m = re.match(r"\{(\d*)(,?)(\d*)\}", pattern[i:])
                if m is None:
                    i += 1
                    continue
                lo = int(m.group(1) or 0)
                hi = lo if not m.group(2) else (int(m.group(3)) if m.group(3) else None)
                if max(hi or 0, lo) > MAX_REGEX_COUNT:
                    return f"a counted repetition above {{{MAX_REGEX_COUNT}}}"
                i += m.end()
            else:
                hi = 1 if ch == "?" else None
                lo = 1 if ch == "+" else 0
                i += 1
            if pattern[i : i + 1] in ("?", "+"):
                i += 1  # lazy or possessive
            if quantified and (hi is None or hi > 1):
                return "a repeated group such as (…)* or (…)+"
            if hi is None:
                unbounded += 1
            else:
                choices *= hi - lo + 1
            continue
        else:
            i += 1
    choices *= groups[0]
    if unbounded > MAX_REGEX_UNBOUNDED:
        return f"{unbounded} unbounded quantifiers (*, +, {{n,}}; at most {MAX_REGEX_UNBOUNDED})"
    if choices * 1000**unbounded > REGEX_BUDGET:
        return (
            f"{choices:,} combinations of optional parts and alternatives next to {unbounded} "
            "unbounded quantifiers"
        )
    return None


# ---------------------------------------------------------------------------------------------
# Values: how many copies of a bounded base one value can hold


@dataclass(frozen=True)
class Val:
    copies: int = 0  # 0: a base value (property, literal, one element); n: n bases joined
    big: bool = False  # a list that may be long (collect, range, split, a list parameter)
    scalar: bool = False  # a number, boolean or temporal: cannot grow
    elem_big: bool = False  # its elements may themselves be long lists
    elem: int = 0  # copies in its largest element (what UNWIND, l[i] or head(l) give)
    outer: bool = False  # inside an iteration body: carries a value from outside it
    long: bool = False  # a list as long as the rows it came from (collect, a comprehension of
    # matches): millions of elements, where a range() has at most MAX_RANGE_ELEMENTS


SCALAR = Val(scalar=True)


def _element(v: Val) -> Val:
    """One element of a list: no bigger than the largest it was built from."""
    return Val(copies=v.elem, big=v.elem_big, elem=v.elem, elem_big=v.elem_big, outer=v.outer)


def _merge(vals: Sequence[Val]) -> Val:
    """A value that is one of these (coalesce, min, CASE) or made of their parts."""
    return Val(
        copies=max(v.copies for v in vals),
        big=any(v.big for v in vals),
        scalar=all(v.scalar for v in vals),
        elem_big=any(v.elem_big for v in vals),
        elem=max(v.elem for v in vals),
        outer=any(v.outer for v in vals),
        long=any(v.long for v in vals),
    )


def _literal(vals: Sequence[Val], big: bool = False) -> Val:
    """A list or map literal of these values: all of them copied into it, its largest element
    the largest of them; ``big`` when it is long in itself."""
    return Val(
        copies=sum(v.copies for v in vals),
        big=big or any(v.big for v in vals),
        elem_big=any(v.big for v in vals),
        elem=max(v.copies for v in vals),
        outer=any(v.outer for v in vals),
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SINKS = _words(
    "count sum avg stdev stdevp percentilecont percentiledisc size length char_length "
    "character_length tointeger tointegerornull tofloat tofloatornull toboolean "
    "tobooleanornull abs ceil floor round sign sqrt exp log log10 sin cos tan cot asin acos "
    "atan atan2 degrees radians haversin rand e pi id elementid exists isempty isnan "
    "timestamp randomuuid type date datetime localdatetime localtime time duration point "
    "distance"
)
_SINK_NAMESPACES = ("date.", "datetime.", "localdatetime.", "localtime.", "time.", "duration.")
_SINK_NAMESPACES += ("point.", "vector.", "db.")
_CHEAP_ON_LISTS = _words("size length isempty head last")
_KEYWORDS = _words(
    "AND OR XOR NOT IN IS NULL TRUE FALSE CASE WHEN THEN ELSE END STARTS ENDS CONTAINS "
    "DISTINCT AS ASC DESC ASCENDING DESCENDING BY ALL ANY NONE SINGLE NAN INF INFINITY TYPED "
    "NORMALIZED NFC NFD NFKC NFKD"
)
_CLAUSES = _words(
    "MATCH OPTIONAL WHERE WITH RETURN UNWIND CALL YIELD ORDER SKIP OFFSET LIMIT UNION FINISH"
)
_SEPARATOR_OPS = _words("- * / % ^ = <> != < > <= >= =~ :: : | , .. ; ! & ?")
_SEPARATOR_WORDS = _words(
    "AND OR XOR NOT IN IS NULL STARTS ENDS WITH CONTAINS DISTINCT TYPED NORMALIZED"
)


@dataclass
class _Frame:
    """One iteration body being read: its own names, and how deep in sinks it began."""

    locals: set[str]
    sink_depth: int
    kind: str
    start: int


@dataclass
class Analyzer:
    """Reads one query, clause by clause, keeping what each variable can hold."""

    params: Mapping[str, Any]
    variables: dict[str, Val] = field(default_factory=dict)
    frames: list[_Frame] = field(default_factory=list)
    sink_depth: int = 0
    cheap_arg: bool = False  # reading the lone argument of size(), length(), isEmpty()

    # ---- clauses

    def query(self, items: Sequence[Token | Group]) -> None:
        for keyword, body in self._clauses(items):
            self.clause(keyword, body)

    def _clauses(self, items: Sequence[Token | Group]) -> Iterator[tuple[str, list[Token | Group]]]:
        keyword, body = "", []
        for i, item in enumerate(items):
            prev = items[i - 1] if i else None
            if (
                _is_name(item)
                and isinstance(item, Token)
                and item.text in _CLAUSES
                and not (item.text == "WITH" and _is_name(prev, "STARTS", "ENDS"))
                and not (item.text == "MATCH" and _is_name(prev, "OPTIONAL"))
                and not (item.text == "CALL" and _is_name(prev, "OPTIONAL"))
            ):
                if keyword or body:
                    yield keyword, body
                keyword, body = item.text, []
            else:
                body.append(item)
        if keyword or body:
            yield keyword, body

    def clause(self, keyword: str, body: list[Token | Group]) -> None:
        if keyword in ("MATCH", "OPTIONAL", ""):
            if keyword == "OPTIONAL" and body and _is_name(body[0], "CALL"):
                self.clause("CALL", body[1:])
                return
            self.pattern(body)
        elif keyword in ("WITH", "RETURN"):
            self.projection(body)
        elif keyword == "UNWIND":
            cut = next((i for i, t in enumerate(body) if _is_name(t, "AS")), len(body))
            val = self.expr(body[:cut])
            if cut + 1 < len(body) and _is_name(body[cut + 1]):
                name = body[cut + 1]
                assert isinstance(name, Token)
                self.variables[name.raw] = replace(_element(val), outer=False)
        elif keyword == "CALL":
            for item in body:
                if isinstance(item, Group) and item.open == "{":
                    self.query(item.items)
                elif isinstance(item, Group):
                    self.expr(item.items)
        elif keyword == "YIELD":
            for item in body:
                if _is_name(item) and isinstance(item, Token) and item.text not in _KEYWORDS:
                    self.variables[item.raw] = Val()
        elif keyword in ("ORDER", "SKIP", "OFFSET", "LIMIT", "WHERE"):
            self.expr([t for t in body if not _is_name(t, "BY")])
        elif keyword in ("UNION", "FINISH"):
            return
        else:
            self.expr(body)

    def projection(self, body: list[Token | Group]) -> None:
        for item in _split(body, lambda t: _is_op(t, ",")):
            if item and _is_name(item[0], "DISTINCT"):
                item = item[1:]
            if not item or _is_op(item[0], "*"):
                continue
            alias = None
            if len(item) >= 3 and _is_name(item[-2], "AS") and _is_name(item[-1]):
                alias = item[-1]
                item = item[:-2]
            val = self.expr(item)
            if alias is None:
                continue
            assert isinstance(alias, Token)
            if len(item) == 1 and _is_name(item[0]) and isinstance(item[0], Token):
                known = self.variables.get(item[0].raw)
                self.variables[alias.raw] = known if known is not None else Val(copies=1)
                continue
            copies = val.copies if val.scalar else max(1, val.copies)
            self.variables[alias.raw] = replace(val, copies=copies, outer=False)

    def pattern(self, body: Sequence[Token | Group]) -> None:
        """Names bound by a pattern are nodes, relationships and paths: bounded by the graph.
        Property maps and inline WHERE inside it are expressions."""
        for i, item in enumerate(body):
            if isinstance(item, Group) and item.open in "([":
                self._pattern_element(item)
            elif _is_name(item) and _is_op(body[i + 1] if i + 1 < len(body) else None, "="):
                assert isinstance(item, Token)
                self.variables[item.raw] = Val()
            elif isinstance(item, Group) and item.open == "{":
                self.expr(item.items)
            elif _is_name(item, "WHERE"):
                self.expr(list(body[i + 1 :]))
                return

    def _pattern_element(self, g: Group) -> None:
        items = g.items
        if any(isinstance(i, Group) and i.open == "(" for i in items):
            self.pattern(items)  # a parenthesized path, or shortestPath((a)--(b))
            return
        first = items[0] if items else None
        if isinstance(first, Token) and first.kind == "name" and first.text not in _KEYWORDS:
            self.variables[first.raw] = Val()
        for j, sub in enumerate(items):
            if isinstance(sub, Group) and sub.open == "{":
                self.expr(sub.items)
            elif _is_name(sub, "WHERE"):
                self.expr(items[j + 1 :])
                break

    # ---- expressions

    def expr(self, items: Sequence[Token | Group]) -> Val:
        """The value of an expression; raises where it is unbounded."""
        if not items:
            return Val()
        chains, seps = _split_operators(items)
        vals = []
        for k, chain in enumerate(chains):
            after_in = k > 0 and _is_name(seps[k - 1], "IN")
            vals.append(self.chain(chain, after_in=after_in))
        for k, sep in enumerate(seps):
            if _is_op(sep, "=~"):
                self._regex(vals[k], chains[k + 1], sep)
        if len(chains) == 1:
            return vals[0]
        return SCALAR

    def chain(self, items: Sequence[Token | Group], after_in: bool = False) -> Val:
        terms = _split(items, lambda t: _is_op(t, "+"))
        vals = [self.term(t, after_in=after_in) for t in terms if t]
        if not vals:
            return Val()
        if len(vals) == 1:
            return vals[0]
        # a + b is made of the parts of both, as a merge is, but holds copies of all of them
        total = replace(_merge(vals), copies=sum(max(v.copies, 0 if v.scalar else 1) for v in vals))
        self._bound(total, items[0])
        return total

    def term(self, items: Sequence[Token | Group], after_in: bool = False) -> Val:
        first = items[0]
        if _is_name(first, "CASE"):
            return self._case(items)
        val, i = self.primary(items, after_in=after_in)
        while i < len(items):
            item = items[i]
            if _is_op(item, ".") and i + 1 < len(items):
                i += 2  # a property: of an entity it is graph data; of a map, the map's
                val = val if (val.big or val.copies > 1) else replace(val, copies=0)
            elif isinstance(item, Group) and item.open == "[":
                index = self.expr([t for t in item.items if not _is_op(t, "..")])
                del index
                if not any(_is_op(t, "..") for t in item.items):  # one element
                    val = _element(val)
                i += 1
            elif isinstance(item, Group) and item.open == "{":
                self.expr(item.items)  # map projection n {.a, .b}
                i += 1
            else:
                i += 1  # labels, type predicates: the parser checks them
        return val

    def primary(self, items: Sequence[Token | Group], after_in: bool = False) -> tuple[Val, int]:
        first = items[0]
        nxt = items[1] if len(items) > 1 else None
        if isinstance(first, Group):
            if first.open == "(":
                if list(_connectors(items)) or list(_connectors(first.items)):
                    self.pattern(items)  # a pattern predicate: boolean
                    return SCALAR, len(items)
                return self.expr(first.items), 1
            if first.open == "[":
                return self.bracket(first), 1
            return self.map_literal(first), 1
        assert isinstance(first, Token)
        if first.kind == "name":
            # a dotted function name: date.truncate(…), db.nameFromElementId(…)
            j, name = 1, first.text.lower()
            while j + 1 < len(items) and _is_op(items[j], ".") and _is_name(items[j + 1]):
                nm = items[j + 1]
                assert isinstance(nm, Token)
                j += 2
                name += "." + nm.text.lower()
            call = items[j] if j < len(items) else None
            if isinstance(call, Group) and call.open == "(":
                return self.call(name, call, first.start), j + 1
            j = 1  # not a call: a variable, whose properties the caller reads
            if isinstance(nxt, Group) and nxt.open == "{" and first.text in ("EXISTS", "COUNT"):
                self._subquery(nxt)
                return SCALAR, 2
            if isinstance(nxt, Group) and nxt.open == "{" and first.text == "COLLECT":
                raise Unbounded(
                    "COLLECT { … } builds its list outside the server's memory limit (a long "
                    "one ends the server); collect() over rows is counted: "
                    "MATCH … RETURN collect(x)",
                    first.start,
                )
            if first.text in ("TRUE", "FALSE", "NULL", "NAN", "INF", "INFINITY"):
                return SCALAR, 1
            if first.text in _KEYWORDS:
                return Val(), 1
            return self.variable(first, after_in), 1
        if first.kind == "param":
            return self.param(first, after_in), 1
        if first.kind == "number":
            return SCALAR, 1
        if first.kind == "string":
            return Val(), 1
        return Val(), 1

    def variable(self, tok: Token, after_in: bool = False) -> Val:
        val = self.variables.get(tok.raw, Val(copies=1))
        if not self.frames or any(tok.raw in f.locals for f in self.frames):
            return val
        return self._outer(val, tok.raw, tok.start, after_in)

    def _outer(self, val: Val, name: str, pos: int, after_in: bool) -> Val:
        """A value from outside the iteration body being read: a list or grown value may only
        be tested with IN or measured with size() there (both cheap: the server caches the
        set IN builds); anything else would redo its whole work once per element."""
        frame = self.frames[-1]
        grown = val.big or val.copies > 1
        if grown and not after_in and not self.cheap_arg:
            raise Unbounded(
                f"the {frame.kind} uses {name!r} (a list or a grown value) once per element: "
                "the server cannot stop one expression doing that much work; UNWIND into rows, "
                "or use only size(…) or IN on it there",
                pos,
            )
        return replace(val, outer=self.sink_depth == frame.sink_depth)

    def param(self, tok: Token, after_in: bool = False) -> Val:
        value = self.params.get(tok.text[1:].strip("`"))
        if isinstance(value, list | tuple | dict):
            val = Val(copies=1, big=True, elem_big=True, elem=1)
        elif isinstance(value, int | float | bool):
            return SCALAR
        else:
            val = Val(copies=1)
        if self.frames:
            return self._outer(val, tok.text, tok.start, after_in)
        return val

    def call(self, name: str, args: Group, pos: int) -> Val:
        parts = _split(args.items, lambda t: _is_op(t, ","))
        if parts and parts[0] and _is_name(parts[0][0], "DISTINCT"):
            parts[0] = parts[0][1:]
        if name in ("reduce", "any", "all", "none", "single"):
            return self._iteration(name, args)
        sink = name in _SINKS or name.startswith(_SINK_NAMESPACES)
        cheap = (
            name in _CHEAP_ON_LISTS
            and len(parts) == 1
            and len(parts[0]) == 1
            and isinstance(parts[0][0], Token)
            and parts[0][0].kind in ("name", "param")
        )
        if sink or cheap:
            self.sink_depth += 1
        self.cheap_arg = cheap
        try:
            vals = [self.expr(p) for p in parts]
        finally:
            self.cheap_arg = False
            if sink or cheap:
                self.sink_depth -= 1
        if sink:
            return SCALAR
        if name == "collect":
            inner = vals[0] if vals else Val()
            return Val(copies=1, big=True, elem_big=inner.big, elem=inner.copies, long=True)
        if name == "range":
            return Val(copies=1, big=True)
        if name in ("head", "last"):
            return _element(vals[0]) if vals else Val()
        if name in ("split", "tostringlist", "tointegerlist", "tofloatlist", "tobooleanlist"):
            inner = vals[0] if vals else Val()
            copies = max(1, inner.copies)
            return Val(copies=copies, big=True, elem=inner.copies, outer=inner.outer)
        if name in ("keys", "labels", "nodes", "relationships", "properties"):
            # bounded by the graph: a node's properties, a path's length
            return Val(copies=1, outer=any(v.outer for v in vals))
        if name == "replace":
            return self._replace(parts, vals, pos)
        if not vals:
            return Val()
        return _merge(vals)  # coalesce, min, max, tail, toString, trim, substring, …

    def _replace(self, parts: list[list[Token | Group]], vals: list[Val], pos: int) -> Val:
        if len(parts) != 3:
            return vals[0] if vals else Val()
        search = _literal_length(parts[1], self.params)
        repl = _literal_length(parts[2], self.params)
        if repl is None:
            raise Unbounded(
                "replace() with a computed replacement: the console takes a quoted string or "
                "a $parameter there, so it can bound how much the text grows",
                pos,
            )
        factor = math.ceil(repl / max(1, search or 1))
        base = vals[0]
        if factor <= 1:
            return base
        grown = replace(base, copies=max(1, base.copies) * factor)
        self._bound(grown, parts[0][0] if parts[0] else None, pos)
        return grown

    def _iteration(self, name: str, args: Group) -> Val:
        """reduce(acc = init, x IN list | step) and any/all/none/single(x IN list WHERE p):
        the list is read outside the body, the body once per element."""
        items = args.items
        acc: str | None = None
        if name == "reduce":
            comma = next((i for i, t in enumerate(items) if _is_op(t, ",")), -1)
            if comma < 0:
                return SCALAR
            head = items[:comma]
            if head and _is_name(head[0]) and isinstance(head[0], Token):
                acc = head[0].raw
            self.expr(head[2:] if len(head) > 2 else [])
            items = items[comma + 1 :]
        sep = "|" if name == "reduce" else "WHERE"
        self._iterate(items, sep, f"{name}()", args.start, extra=acc)
        return SCALAR

    def _iterate(
        self,
        items: Sequence[Token | Group],
        body_sep: str,
        kind: str,
        start: int,
        extra: str | None = None,
    ) -> tuple[Val, Val | None]:
        """``x IN list [WHERE p] [| body]``: returns the list's value and the body's."""
        var = items[0] if items else None
        if not (_is_name(var) and len(items) > 2 and _is_name(items[1], "IN")):
            self.expr(items)
            return Val(), None
        assert isinstance(var, Token)
        rest = list(items[2:])
        cut = len(rest)
        for i, t in enumerate(rest):
            if _is_name(t, "WHERE") or _is_op(t, "|"):
                cut = i
                break
        source = self.expr(rest[:cut])
        saved = {n: self.variables.get(n) for n in (var.raw, extra) if n}
        self.variables[var.raw] = replace(_element(source), outer=False)
        if extra:
            self.variables[extra] = SCALAR
        self.frames.append(
            _Frame({var.raw, *([extra] if extra else [])}, self.sink_depth, kind, start)
        )
        body: Val | None = None
        try:
            tail = rest[cut:]
            bar = next((i for i, t in enumerate(tail) if _is_op(t, "|")), len(tail))
            if tail and _is_name(tail[0], "WHERE"):
                self.expr(tail[1:bar])
            if bar < len(tail):
                body = self.expr(tail[bar + 1 :])
        finally:
            self.frames.pop()
            for n, old in saved.items():
                if old is None:
                    self.variables.pop(n, None)
                else:
                    self.variables[n] = old
        return source, body

    def bracket(self, g: Group) -> Val:
        items = g.items
        if not items:
            return Val(big=False)
        first = items[0]
        if (isinstance(first, Group) and first.open == "(") or (
            _is_name(first) and len(items) > 2 and _is_op(items[1], "=")
        ):
            return self._pattern_comprehension(g)
        if _is_name(first) and len(items) > 2 and _is_name(items[1], "IN"):
            source, body = self._iterate(items, "|", "list comprehension", g.start)
            if body is not None and body.outer and source.long:
                raise Unbounded(
                    "the list comprehension copies a value from outside it into every "
                    "element of a collected list; UNWIND the list into rows and project per row",
                    g.start,
                )
            elem = body if body is not None else _element(source)
            # each element becomes elem: the list grows by how much bigger it is
            growth = math.ceil(max(1, elem.copies) / max(1, source.elem))
            val = Val(
                copies=max(1, source.copies) * growth,
                big=True,
                elem_big=elem.big,
                elem=elem.copies,
                long=source.long,
            )
            self._bound(val, first, g.start)
            return val
        vals = [self.expr(p) for p in _split(items, lambda t: _is_op(t, ","))]
        val = _literal(vals, big=len(vals) > 1000)
        self._bound(val, first, g.start)
        return val

    def _pattern_comprehension(self, g: Group) -> Val:
        items = g.items
        bar = next((i for i, t in enumerate(items) if _is_op(t, "|")), len(items))
        names_before = set(self.variables)
        self.pattern(items[:bar])
        bound = set(self.variables) - names_before
        self.frames.append(_Frame(bound, self.sink_depth, "pattern comprehension", g.start))
        try:
            body = self.expr(items[bar + 1 :]) if bar < len(items) else Val()
        finally:
            self.frames.pop()
        if body.outer:
            raise Unbounded(
                "the pattern comprehension copies a value from outside it into every match; "
                "MATCH the pattern as rows instead",
                g.start,
            )
        return Val(copies=1, big=True, elem_big=body.big, elem=body.copies, long=True)

    def map_literal(self, g: Group) -> Val:
        vals = []
        for entry in _split(g.items, lambda t: _is_op(t, ",")):
            colon = next((i for i, t in enumerate(entry) if _is_op(t, ":")), -1)
            if colon >= 0:
                vals.append(self.expr(entry[colon + 1 :]))
            elif entry and not _is_op(entry[0], "."):
                vals.append(self.expr(entry))
        if not vals:
            return Val()
        val = _literal(vals)
        self._bound(val, None, g.start)
        return val

    def _subquery(self, g: Group) -> None:
        saved = dict(self.variables)
        frames, self.frames = self.frames, []
        try:
            self.query(g.items)
        finally:
            self.variables, self.frames = saved, frames

    def _case(self, items: Sequence[Token | Group]) -> Val:
        branches: list[Val] = []
        part: list[Token | Group] = []
        role = "subject"
        for item in list(items[1:]) + [Token("name", "END", 0, 0)]:
            if _is_name(item, "WHEN", "THEN", "ELSE", "END"):
                if part:
                    val = self.expr(part)
                    if role in ("THEN", "ELSE"):
                        branches.append(val)
                part = []
                assert isinstance(item, Token)
                role = item.text
            else:
                part.append(item)
        return _merge(branches) if branches else Val()

    def _regex(self, subject: Val, pattern: Sequence[Token | Group], sep: Token | Group) -> None:
        pos = sep.start if isinstance(sep, Token) else None
        if len(pattern) != 1 or not isinstance(pattern[0], Token):
            raise Unbounded(
                "a regular expression computed in the query: the console takes a quoted "
                "pattern or a $parameter after =~, so it can check the pattern",
                pos,
            )
        tok = pattern[0]
        if tok.kind == "string":
            text = tok.text
        elif tok.kind == "param":
            value = self.params.get(tok.text[1:].strip("`"))
            if not isinstance(value, str):
                return  # the server refuses a non-string pattern itself
            text = value
        else:
            raise Unbounded(
                "a regular expression from a variable or property: the console takes a quoted "
                "pattern or a $parameter after =~, so it can check the pattern",
                pos,
            )
        hazard = regex_hazard(text)
        if hazard:
            raise Unbounded(
                f"the regular expression {text[:40]!r} has {hazard}; Java's regex engine "
                "backtracks inside one expression, which the server cannot stop. Use CONTAINS, "
                "STARTS WITH or ENDS WITH, or a simpler pattern",
                pos,
            )
        if subject.big or subject.copies > 1:
            raise Unbounded(
                "=~ on a list or a grown value: match a property or a plain value",
                pos,
            )

    def _bound(self, val: Val, at: Token | Group | None, pos: int | None = None) -> None:
        limit = MAX_LIST_COPIES if val.big else MAX_COPIES
        if val.copies > limit and not val.scalar:
            where = pos if pos is not None else getattr(at, "start", None)
            what = "list" if val.big else "value"
            raise Unbounded(
                f"this {what} holds {val.copies:,} copies of its parts (at most {limit} in "
                "the console): one expression that grows a value is neither timed nor counted "
                "by the server, and a big enough one ends it (OutOfMemoryError)",
                where,
            )


def _literal_length(part: Sequence[Token | Group], params: Mapping[str, Any]) -> int | None:
    if len(part) != 1 or not isinstance(part[0], Token):
        return None
    tok = part[0]
    if tok.kind == "string":
        return len(tok.text)
    if tok.kind == "param":
        value = params.get(tok.text[1:].strip("`"))
        return len(value) if isinstance(value, str) else None
    return None


def _split(
    items: Sequence[Token | Group], at: Callable[[Token | Group], bool]
) -> list[list[Token | Group]]:
    """Split at the items ``at`` picks, outside CASE … END."""
    parts: list[list[Token | Group]] = [[]]
    case_depth = 0
    for item in items:
        if _is_name(item, "CASE"):
            case_depth += 1
        elif _is_name(item, "END") and case_depth:
            case_depth -= 1
        elif not case_depth and at(item):
            parts.append([])
            continue
        parts[-1].append(item)
    return parts


def _split_operators(
    items: Sequence[Token | Group],
) -> tuple[list[list[Token | Group]], list[Token | Group]]:
    """Split an expression at every operator but ``+`` (and outside CASE … END): what is
    left between them are ``+`` chains, the only operator that joins lists and strings."""
    chains: list[list[Token | Group]] = [[]]
    seps: list[Token | Group] = []
    case_depth = 0
    for i, item in enumerate(items):
        if _is_name(item, "CASE"):
            case_depth += 1
        elif _is_name(item, "END") and case_depth:
            case_depth -= 1
            chains[-1].append(item)
            continue
        if case_depth:
            chains[-1].append(item)
            continue
        is_sep = (
            isinstance(item, Token)
            and item.kind == "op"
            and item.text in _SEPARATOR_OPS
            and item.text != "."
        ) or (_is_name(item) and isinstance(item, Token) and item.text in _SEPARATOR_WORDS)
        if _is_op(item, ":") and i + 1 < len(items) and _is_name(items[i + 1]):
            is_sep = True  # n:Label
        if is_sep:
            seps.append(item)
            chains.append([])
        else:
            chains[-1].append(item)
    keep_chains, keep_seps = [chains[0]], []
    for sep, chain in zip(seps, chains[1:], strict=True):
        keep_seps.append(sep)
        keep_chains.append(chain)
    return [c for c in keep_chains], keep_seps


def check_params(params: Mapping[str, Any]) -> None:
    """Parameters are data the query can iterate over or copy: bound their size."""
    items = 0

    def walk(value: Any, name: str) -> None:
        nonlocal items
        if isinstance(value, str) and len(value) > MAX_PARAM_CHARS:
            raise Unbounded(
                f"parameter ${name} is a string of {len(value):,} characters (at most "
                f"{MAX_PARAM_CHARS:,})"
            )
        if isinstance(value, list | tuple | dict):
            items += len(value)
            if items > MAX_PARAM_ITEMS:
                raise Unbounded(
                    f"parameters hold more than {MAX_PARAM_ITEMS:,} list or map elements"
                )
            for inner in value.values() if isinstance(value, dict) else value:
                walk(inner, name)

    for key, value in params.items():
        walk(value, key)


def analyze(text: str, masked: str, params: Mapping[str, Any]) -> None:
    """Every check of this module, in order; raises :class:`Unbounded`."""
    check_params(params)
    toks = tokens(text, masked)
    if len(toks) > CAPS["tokens"]:
        raise Unbounded(
            f"{len(toks):,} tokens (at most {CAPS['tokens']:,}: the server plans a query before "
            "its time limit applies)"
        )
    root = group(toks)
    check_structure(root)
    Analyzer(params).query(root.items)
