"""Graph elements for st-link-analysis (Cytoscape): the plan of a satker-year, or whatever
nodes and relationships an audit query returned.

Pure functions, so the element counts and filtering are tested without a browser. Styles key
on a node's ``label`` data field, so the label carries what the colour means: the plan level,
and for indicators also their coverage (covered, structural only, uncovered).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from st_link_analysis import EdgeStyle, NodeStyle

from tracker.app.fmt import rupiah
from tracker.app.i18n import t
from tracker.app.tree import INDICATOR_LEVELS, SHORT

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


def styles() -> tuple[list[NodeStyle], list[EdgeStyle]]:
    nodes = [
        NodeStyle(node_label(lv, None), colour, "caption") for lv, colour in LEVEL_COLOURS.items()
    ]
    for level in INDICATOR_LEVELS:
        for status, colour in COVERAGE_COLOURS.items():
            nodes.append(NodeStyle(node_label(level, status), colour, "caption"))
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
            "caption": f"{SHORT.get(rec['level'], rec['level'])} {rec['code']}",
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


# Top-down bands, one per level: a program, its goals and their indicators, its kegiatan and
# theirs, the outputs and theirs. Unknown levels (newer layouts) go below, by depth.
BANDS = (
    "Program",
    "SasaranProgram",
    "IndikatorKinerjaProgram",
    "Kegiatan",
    "IndikatorKinerjaKegiatan",
    "Output",
    "IndikatorOutput",
)
WRAP = 10  # nodes per row inside a band: ~75 nodes then read as a block, not a long row
COLUMN_PX, ROW_PX, BAND_GAP_PX = 170, 80, 50


def tiered_positions(nodes: pd.DataFrame, shown: Iterable[str]) -> dict[str, dict[str, float]]:
    """Where each shown node goes: its level's band (top-down), wrapped every :data:`WRAP`
    nodes, in plan order (``nodes`` come ordered as ``tracker.app.tree.ordered`` leaves
    them, so children sit below their parents' part of the band above), each row centred."""
    keep = set(shown)
    rows = [r for r in nodes.to_dict("records") if r["uid"] in keep]
    order = {lv: i for i, lv in enumerate(BANDS)}
    by_band: dict[tuple[int, int], list[str]] = {}
    for r in rows:
        band = (order.get(r["level"], len(BANDS)), 0 if r["level"] in order else int(r["depth"]))
        by_band.setdefault(band, []).append(r["uid"])
    width = min(WRAP, max((len(v) for v in by_band.values()), default=1))
    out: dict[str, dict[str, float]] = {}
    y = 0.0
    for band in sorted(by_band):
        members = by_band[band]
        for start in range(0, len(members), WRAP):
            row = members[start : start + WRAP]
            offset = (width - len(row)) * COLUMN_PX / 2
            for i, uid in enumerate(row):
                out[uid] = {"x": offset + i * COLUMN_PX, "y": y}
            y += ROW_PX
        y += BAND_GAP_PX
    return out


def layout(
    roots: list[str], positions: Mapping[str, Mapping[str, float]] | None = None
) -> dict[str, Any]:
    """Hierarchical: programs at the top, each level one band further down. With
    ``positions`` (:func:`tiered_positions`) the bands wrap, so a program of ~75 nodes reads
    as a block instead of one row too wide to read; without, Cytoscape's breadth-first."""
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
