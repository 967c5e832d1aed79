"""The kg command line: one thin layer over the stages, one module per family of commands.

``build`` (kg.cli.build) runs kg.pipeline; ``validate`` and ``docs`` (kg.cli.rdf) the checks and the
generated files of the ontology; ``query`` and ``serve`` (kg.cli.sparql) the SPARQL layer; ``analyse``
and ``render`` (kg.cli.analyse) the analytics and the page of a graph already built. Each module adds
its subcommands with ``add_commands(sub)``; the work is imported only when a command runs.
"""

from __future__ import annotations

import argparse
import sys

from kg import __version__
from kg.cli import analyse, build, rdf, sparql


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from French anti-piracy news.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    build.add_commands(sub)
    rdf.add_commands(sub)  # validate, docs (#5)
    sparql.add_commands(sub)  # query, serve (#7)
    analyse.add_commands(sub)  # analyse, render (#6)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("kg: interrupted; the output folder holds a complete set of files, the previous one", file=sys.stderr)
        return 130
