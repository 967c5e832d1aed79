"""The analyse and render steps as `kg build` runs them, and the `kg analyse` / `kg render` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph


def run_step(graph: Graph, out_dir: Path, analyse: bool = True, html: bool = True, top: int = 0) -> list[str]:
    """Analytics files and/or graph.html from a kg graph into out_dir; one note line per output."""
    from kg.analyse.analytics import analyse as run_analytics
    from kg.analyse.entity_graph import read_entity_graph

    entity_graph = read_entity_graph(graph)
    analytics = run_analytics(entity_graph)
    notes = []
    if analyse:
        from kg.analyse.report import write_analytics

        write_analytics(entity_graph, analytics, out_dir)
        groups = sum(1 for g in analytics.communities if len(g) > 1)
        notes.append(
            f"analytics: {len(entity_graph.entities)} entities, {groups} communities of 2 or more, "
            f"{len(analytics.links)} suggested links -> report.md, analytics.ttl, "
            "centrality.csv, communities.csv, suggested_links.csv"
        )
    if html:
        from kg.render import write_page

        summary = write_page(entity_graph, analytics, out_dir / "graph.html", top=top)
        kept = f" (top {summary.nodes} of {summary.entities})" if summary.nodes < summary.entities else ""
        notes.append(f"graph.html: {summary.nodes} entities{kept}, {summary.edges} relations")
    return notes


def _run(args: argparse.Namespace, analyse: bool, html: bool) -> int:
    from kg.analyse.entity_graph import GraphReadError, load_graph

    source = Path(args.graph)
    out_dir = Path(args.out) if args.out else source.parent
    try:
        graph = load_graph(source)
    except GraphReadError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 2
    for note in run_step(graph, out_dir, analyse=analyse, html=html, top=getattr(args, "top", 0)):
        print(f"kg: {note}", file=sys.stderr)
    if getattr(args, "screenshot", None):
        from kg.browser import BrowserError, screenshot

        try:
            seconds = screenshot(out_dir / "graph.html", Path(args.screenshot))
        except BrowserError as error:
            print(f"kg: error: screenshot: {error}", file=sys.stderr)
            return 1
        print(f"kg: screenshot of the settled layout ({seconds:.1f} s) -> {args.screenshot}", file=sys.stderr)
    return 0


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def add_commands(sub) -> None:
    """Register `kg analyse` and `kg render` on the CLI's subparsers."""
    analyse = sub.add_parser("analyse", help="networkx analytics of a built graph: report.md, CSV, analytics.ttl")
    analyse.add_argument("graph", help="a graph written by kg build (graph.ttl, .nq, .jsonld)")
    analyse.add_argument("--out", help="output folder (default: the graph's folder)")
    analyse.set_defaults(func=lambda args: _run(args, analyse=True, html=False))
    render = sub.add_parser("render", help="the interactive page graph.html of a built graph")
    render.add_argument("graph", help="a graph written by kg build (graph.ttl, .nq, .jsonld)")
    render.add_argument("--out", help="output folder (default: the graph's folder)")
    render.add_argument("--top", type=_count, default=0, help="keep the N most central entities (0: all)")
    render.add_argument("--screenshot", metavar="PNG", help="also save a PNG of the settled page (needs chromium)")
    render.set_defaults(func=lambda args: _run(args, analyse=False, html=True))
