"""`kg analyse` and `kg render`: the analytics and the interactive page of a graph already built."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.build import confidence


def run_analyse_render(args: argparse.Namespace, analyse: bool, html: bool) -> int:
    from kg.analyse.entity_graph import GraphReadError, load_graph
    from kg.pipeline import analyse_and_render

    source = Path(args.graph)
    out_dir = Path(args.out) if args.out else source.parent
    try:
        graph = load_graph(source)
    except GraphReadError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 2
    if getattr(args, "min_confidence", 0):  # the facts and events a build with --min-confidence leaves out
        from kg.rdf.publish.facts import drop_unconfident

        graph = drop_unconfident(graph, args.min_confidence)
    for note in analyse_and_render(graph, out_dir, analyse=analyse, html=html, top=getattr(args, "top", 0)):
        print(f"kg: {note}", file=sys.stderr)
    if getattr(args, "screenshot", None):
        from kg.render.browser import BrowserError, screenshot

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
    """`kg analyse GRAPH [--out DIR]` and `kg render GRAPH [--out DIR] [--top N] [--screenshot PNG]`."""
    analyse = sub.add_parser("analyse", help="networkx analytics of a built graph: report.md, CSV, analytics.ttl")
    analyse.add_argument("graph", help="a graph written by kg build (graph.ttl, .nq, .jsonld)")
    analyse.add_argument("--out", help="output folder (default: the graph's folder)")
    analyse.set_defaults(func=lambda args: run_analyse_render(args, analyse=True, html=False))
    render = sub.add_parser("render", help="the interactive page graph.html of a built graph")
    render.add_argument("graph", help="a graph written by kg build (graph.ttl, .nq, .jsonld)")
    render.add_argument("--out", help="output folder (default: the graph's folder)")
    render.add_argument("--top", type=_count, default=0, help="keep the N most central entities (0: all)")
    render.add_argument(
        "--min-confidence", type=confidence, default=0.0, metavar="X", help="leave out facts and events below X"
    )
    render.add_argument("--screenshot", metavar="PNG", help="also save a PNG of the settled page (needs chromium)")
    render.set_defaults(func=lambda args: run_analyse_render(args, analyse=False, html=True))
