"""Graph elements for st-link-analysis (Cytoscape): the plan of a satker-year, or whatever
nodes and relationships an audit query returned.

Pure functions, so the element counts and filtering are tested without a browser. Styles key
on a node's ``label`` data field, so the label carries what the colour means: the plan level,
and for indicators also their coverage (covered, structural only, uncovered).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from st_link_analysis import EdgeStyle, NodeStyle

from tracker.app.fmt import rupiah
from tracker.app.i18n import t
from tracker.app.tree import INDICATOR_LEVELS, RANK, SHORT

MAX_ELEMENTS = 1000
"""Cytoscape stays responsive up to about a thousand elements; larger views are refused with a
hint to filter rather than drawn slowly."""

LEVEL_COLOURS = {
    "Program": "#5B2A86",
    "SasaranProgram": "#9B72CF",
    "Kegiatan": "#1F5F8B",
    "Output": "#2E8B57",
}
COVERAGE_COLOURS = {
    "covered": "#2CA02C",
    "suggested": "#98C93C",
    "structural": "#E6A700",
    "uncovered": "#D62728",
}
EDGE_COLOURS = {
    "FUNDS": "#7F7F7F",
    "HAS_SASARAN": "#BBBBBB",
    "HAS_INDICATOR": "#BBBBBB",
    "confirmed": "#2CA02C",
    "suggested": "#E6A700",
    "rejected": "#D62728",
}


def node_label(level: str, coverage: str | None) -> str:
    name = SHORT.get(level, level)
    if level in INDICATOR_LEVELS:
        status = coverage or "uncovered"
        return f"{name} ({t('coverage.' + status)})"
    return name


def edge_label(kind: str, status: str | None = None) -> str:
    return f"SERVES ({t(f'status.{status}')})" if kind == "SERVES" and status else kind


# st-link-analysis draws captions at 3.6 units and hides any below 10 px on screen, so at the
# zoom a whole program of ~75 nodes needs, every caption vanished; these are drawn larger and
# shown down to 7 px, cut with an ellipsis at a cell's width (block_positions' CELL_X).
CAPTION_STYLE: dict[str, Any] = {
    "font-size": 13,
    "min-zoomed-font-size": 7,
    "text-wrap": "ellipsis",
    "text-max-width": 82,
    "width": 16,
    "height": 16,
    "text-margin-y": 2,
}


class CaptionedStyle(NodeStyle):
    """A node style with :data:`CAPTION_STYLE` added to the colour and caption."""

    def dump(self) -> dict[str, Any]:
        out = super().dump()
        out["style"].update(CAPTION_STYLE)
        return out


def caption(level: str, code: str) -> str:
    """What a node shows: its code, after the level's short name where the colour does not
    tell the level (indicators are coloured by coverage; sasaran share the program's hue)."""
    if level in ("Program", "Kegiatan", "Output"):
        return str(code)
    return f"{SHORT.get(level, level)} {code}"


def styles() -> tuple[list[NodeStyle], list[EdgeStyle]]:
    nodes: list[NodeStyle] = [
        CaptionedStyle(node_label(lv, None), colour, "caption")
        for lv, colour in LEVEL_COLOURS.items()
    ]
    for level in INDICATOR_LEVELS:
        for status, colour in COVERAGE_COLOURS.items():
            nodes.append(CaptionedStyle(node_label(level, status), colour, "caption"))
    with warnings.catch_warnings():  # 0.4.0 warns about ``labeled`` even when it is not given
        warnings.simplefilter("ignore", DeprecationWarning)
        edges = [
            EdgeStyle(kind, EDGE_COLOURS[kind], directed=True)
            for kind in ("FUNDS", "HAS_SASARAN", "HAS_INDICATOR")
        ]
        edges += [
            EdgeStyle(edge_label("SERVES", s), EDGE_COLOURS[s], caption="label", directed=True)
            for s in ("confirmed", "suggested", "rejected")
        ]
    return nodes, edges


def _edge_kind(child_level: str) -> str:
    if child_level == "SasaranProgram":
        return "HAS_SASARAN"
    if child_level in ("Kegiatan", "Output"):
        return "FUNDS"
    return "HAS_INDICATOR"


def plan_elements(
    nodes: pd.DataFrame,
    links: pd.DataFrame,
    coverage: Mapping[str, str],
    *,
    keep: Iterable[str] | None = None,
    levels: Iterable[str] | None = None,
    show_rejected: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements for the plan nodes whose uid is in ``keep`` (all when None) and whose
    level is in ``levels``; structural edges follow the tree, SERVES edges carry their status.
    ``FUNDS`` points child → parent as in the graph; the layout is told the programs are the
    roots, so the tree still reads top-down."""
    wanted_levels = set(levels) if levels is not None else None
    kept = set(keep) if keep is not None else None
    out_nodes: list[dict[str, Any]] = []
    ids: set[str] = set()
    for rec in nodes.to_dict("records"):
        if kept is not None and rec["uid"] not in kept:
            continue
        if wanted_levels is not None and rec["level"] not in wanted_levels:
            continue
        item: dict[str, Any] = {
            "id": rec["uid"],
            "label": node_label(rec["level"], coverage.get(rec["uid"])),
            "caption": caption(rec["level"], rec["code"]),
            "code": rec["code"],
            "text": rec.get("text") or "",
        }
        if rec["level"] in ("Program", "Kegiatan", "Output") and pd.notna(rec.get("jumlah")):
            item["jumlah"] = rupiah(rec["jumlah"])
        out_nodes.append({"data": item})
        ids.add(rec["uid"])
    out_edges: list[dict[str, Any]] = []
    for rec in nodes.to_dict("records"):
        parent = rec.get("parent")
        if not parent or rec["uid"] not in ids or parent not in ids:
            continue
        kind = _edge_kind(rec["level"])
        source, target = (rec["uid"], parent) if kind == "FUNDS" else (parent, rec["uid"])
        out_edges.append(
            {
                "data": {
                    "id": f"{source}>{kind}>{target}",
                    "label": kind,
                    "source": source,
                    "target": target,
                }
            }
        )
    for rec in links.to_dict("records"):
        if rec["source"] not in ids or rec["target"] not in ids:
            continue
        if rec.get("status") == "rejected" and not show_rejected:
            continue
        out_edges.append(
            {
                "data": {
                    "id": f"{rec['source']}>SERVES>{rec['target']}",
                    "label": edge_label("SERVES", rec.get("status")),
                    "source": rec["source"],
                    "target": rec["target"],
                    "method": t(f"method.{rec.get('method')}") if rec.get("method") else "",
                    "score": rec.get("score"),
                }
            }
        )
    return {"nodes": out_nodes, "edges": out_edges}


def size(elements: Mapping[str, list[Any]]) -> int:
    return len(elements.get("nodes", [])) + len(elements.get("edges", []))


# Block layout: every node heads a block holding what hangs under it, so children sit right
# below their parent (a kegiatan's IKK and outputs under it, each output's IO under it)
# instead of in a band shared with everything of their level.
CELL_X, CELL_Y = 86.0, 58.0  # model units per cell: a caption of ~12 characters fits across
LEAF_COLUMNS = 3  # indicators under one node sit at most this many side by side
MAX_COLUMNS = 12  # sibling blocks wrap onto a new line beyond this many cells
BLOCK_GAP = 0.5  # cells between sibling blocks, so each kegiatan reads as its own group


@dataclass
class _Block:
    """A node and everything under it, laid out in cells relative to its top-left corner."""

    width: float
    height: int
    cells: list[tuple[str, float, int]] = field(default_factory=list)  # uid, x, row


def _nearest_shown(nodes: pd.DataFrame, shown: set[str]) -> dict[str, str | None]:
    """Each shown node's closest shown ancestor (levels may be filtered out between them)."""
    parent = {r["uid"]: r.get("parent") for r in nodes.to_dict("records")}
    out: dict[str, str | None] = {}
    for uid in shown:
        up = parent.get(uid)
        while up is not None and up not in shown:
            up = parent.get(up)
        out[uid] = up
    return out


def _block(uid: str, kids: Mapping[str, list[str]], level: Mapping[str, str]) -> _Block:
    children = kids.get(uid, [])
    leaves = [c for c in children if not kids.get(c) and level[c] in INDICATOR_LEVELS]
    branches = [c for c in children if c not in leaves]
    block = _Block(width=1.0, height=1)
    rows: list[tuple[float, list[tuple[str, float, int]]]] = []  # (width, cells) per line
    if leaves:
        across = min(LEAF_COLUMNS, len(leaves))
        cells = [(c, float(i % across), i // across) for i, c in enumerate(leaves)]
        rows.append((float(across), cells))
    groups: dict[str, list[str]] = {}
    for c in branches:  # one line (or more, wrapped) per level: sasaran, then kegiatan
        groups.setdefault(level[c], []).append(c)
    # the document's order of levels under one parent (sasaran before kegiatan), whatever
    # order the rows came in
    for _lv, group in sorted(groups.items(), key=lambda g: RANK.get(g[0], 9)):
        line: list[tuple[str, float, int]] = []
        x = 0.0
        for child in group:
            sub = _block(child, kids, level)
            if line and x + sub.width > MAX_COLUMNS:
                rows.append((x - BLOCK_GAP, line))
                line, x = [], 0.0
            line += [(u, x + cx, cy) for u, cx, cy in sub.cells]
            x += sub.width + BLOCK_GAP
        rows.append((x - BLOCK_GAP, line))
    y = 1
    block.width = max([block.width, *(width for width, _cells in rows)])
    for width, cells in rows:
        offset = (block.width - width) / 2  # each line centred under the node
        block.cells += [(u, offset + cx, y + cy) for u, cx, cy in cells]
        y += 1 + max((cy for _u, _cx, cy in cells), default=0)
    block.cells.append((uid, (block.width - 1) / 2, 0))
    block.height = y
    return block


def block_positions(nodes: pd.DataFrame, shown: Iterable[str]) -> dict[str, dict[str, float]]:
    """Where each shown node goes: under its parent, in document order (``nodes`` as
    ``tracker.app.tree.ordered`` leaves them). A node's indicators sit in a small grid right
    below it (:data:`LEAF_COLUMNS` across), its other children below them as blocks side by
    side, one line per level (a program's sasaran, then its kegiatan), wrapped beyond
    :data:`MAX_COLUMNS` cells. So a program of ~75 nodes is about 12 cells wide and each
    kegiatan, its IKK, outputs and their indicators read as one group."""
    keep = set(shown)
    records = [r for r in nodes.to_dict("records") if r["uid"] in keep]
    level = {r["uid"]: r["level"] for r in records}
    up = _nearest_shown(nodes, keep)
    kids: dict[str, list[str]] = {}
    roots: list[str] = []
    for r in records:  # document order is kept in each list
        parent = up[r["uid"]]
        if parent is None:
            roots.append(r["uid"])
        else:
            kids.setdefault(parent, []).append(r["uid"])
    top = "\0roots"
    kids[top] = roots
    level[top] = "Root"
    cells = [c for c in _block(top, kids, level).cells if c[0] != top]
    return {uid: {"x": x * CELL_X, "y": (row - 1) * CELL_Y} for uid, x, row in cells}


VIEW_WIDTH_PX = 900  # about the main column's width on a laptop screen


def view_height(positions: Mapping[str, Mapping[str, float]]) -> int:
    """Pixels of height for the graph view, so a layout taller than wide is not shrunk to fit
    a fixed 700 px (and its captions with it): the layout's aspect over the column's width,
    between 500 and 1000 px."""
    if not positions:
        return 500
    xs = [p["x"] for p in positions.values()]
    ys = [p["y"] for p in positions.values()]
    width = max(xs) - min(xs) + 2 * CELL_X
    height = max(ys) - min(ys) + 2 * CELL_Y
    return int(min(1000, max(500, VIEW_WIDTH_PX * height / width)))


def layout(
    roots: list[str], positions: Mapping[str, Mapping[str, float]] | None = None
) -> dict[str, Any]:
    """Programs at the top, each node's children under it. With ``positions``
    (:func:`block_positions`) every node sits under its parent's part of the view, so a program
    of ~75 nodes reads as a block of groups; without, Cytoscape's breadth-first."""
    if positions is not None:
        return {
            "name": "preset",
            "positions": {k: dict(v) for k, v in positions.items()},
            "padding": 50,  # the component's info panel overlays the left edge
            "animate": False,
            "fit": True,
        }
    return {
        "name": "breadthfirst",
        "directed": False,
        "roots": roots,
        "spacingFactor": 1.1,
        "padding": 20,
        "animate": False,
        "fit": True,
        "nodeDimensionsIncludeLabels": True,
    }


# --- audit results ----------------------------------------------------------------------


def _walk(value: Any, nodes: dict[str, dict], rels: dict[str, dict]) -> None:
    """Collect the nodes and relationships in one result cell (as ``tracker.audit.library.plain``
    renders them: dicts with ``_labels`` / ``_type``; paths as nodes + relationships)."""
    if isinstance(value, dict):
        if "_labels" in value and "_id" in value:
            nodes[value["_id"]] = value
        elif "_type" in value and "_start" in value:
            rels[value["_id"]] = value
        elif "nodes" in value and "relationships" in value:
            for v in value["nodes"] + value["relationships"]:
                _walk(v, nodes, rels)
    elif isinstance(value, list):
        for v in value:
            _walk(v, nodes, rels)


def result_elements(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Nodes and relationships found anywhere in an audit result; empty when it returned only
    values. Relationships whose ends were not returned are left out."""
    nodes: dict[str, dict] = {}
    rels: dict[str, dict] = {}
    for column in frame.columns:
        for value in frame[column]:
            _walk(value, nodes, rels)
    out_nodes = []
    for node_id, node in nodes.items():
        labels = [lb for lb in node.get("_labels", []) if lb not in ("Plan", "Indikator")]
        props = {k: v for k, v in node.items() if not k.startswith("_")}
        caption = props.get("code") or props.get("name") or props.get("uid") or node_id
        out_nodes.append(
            {
                "data": {
                    "id": node_id,
                    "label": labels[0] if labels else "Node",
                    "caption": str(caption),
                    **{
                        k: v if isinstance(v, (str, int, float, bool)) else str(v)
                        for k, v in props.items()
                    },
                }
            }
        )
    out_edges = [
        {
            "data": {
                "id": rel_id,
                "label": rel["_type"],
                "source": rel["_start"],
                "target": rel["_end"],
            }
        }
        for rel_id, rel in rels.items()
        if rel["_start"] in nodes and rel["_end"] in nodes
    ]
    return {"nodes": out_nodes, "edges": out_edges}
