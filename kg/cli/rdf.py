"""`kg validate` (a graph against ontology/shapes.ttl) and `kg docs` (the files generated from the ontology)."""

from __future__ import annotations

import sys
from pathlib import Path


def run_validate(args) -> int:
    from kg.rdf.validate import GraphReadError, validate_file

    try:
        report = validate_file(Path(args.graph))
    except GraphReadError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 2
    print(report.text(limit=args.limit))
    print(f"kg: {report.triples} triples checked in {report.seconds:.1f} s", file=sys.stderr)
    return 0 if report.conforms else 1


def run_docs(args) -> int:
    from kg.rdf.publish.docs import docs_are_current, write_docs
    from kg.rdf.shapes import SHAPES_SOURCE, shapes_are_current, write_shapes

    out = Path(args.out)
    if args.check:
        stale = []
        if not docs_are_current(out):
            stale.append(f"{out} is not what ontology/kg.ttl generates")
        if not shapes_are_current():
            stale.append(f"{SHAPES_SOURCE} does not list the relations of kg/data/predicates.json")
        for problem in stale:
            print(f"kg: {problem}; run `kg docs`", file=sys.stderr)
        if not stale:
            print(f"kg: {out} and {SHAPES_SOURCE} are current", file=sys.stderr)
        return 1 if stale else 0
    write_docs(out)
    print(f"kg: wrote {out}", file=sys.stderr)
    if write_shapes():
        print(f"kg: wrote {SHAPES_SOURCE}", file=sys.stderr)
    return 0


def add_commands(sub) -> None:
    """`kg validate GRAPH`: exit 0 when it conforms, 1 when it does not, 2 when the file cannot be read.
    `kg docs [--out FILE] [--check]`: regenerate (or check) the ontology's HTML page and the predicate
    parts of ontology/shapes.ttl."""
    from kg.rdf.publish.docs import DOCS_FILE

    parser = sub.add_parser("validate", help="check a graph (.ttl, .nq, .nt, .jsonld) against ontology/shapes.ttl")
    parser.add_argument("graph", help="the graph file to check")
    parser.add_argument("--limit", type=int, default=0, help="show at most N violations (default: all)")
    parser.set_defaults(func=run_validate)
    parser = sub.add_parser(
        "docs", help="regenerate docs/ontology.html from ontology/kg.ttl, and the relation parts of ontology/shapes.ttl"
    )
    parser.add_argument("--out", default=str(DOCS_FILE), help="where to write the page (default: docs/ontology.html)")
    parser.add_argument("--check", action="store_true", help="only check that the files are current (exit 1 if not)")
    parser.set_defaults(func=run_docs)
