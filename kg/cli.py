"""The kg command line: a thin layer over kg.pipeline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg import __version__


def _build(args: argparse.Namespace) -> int:
    from kg.pipeline import BuildOptions, build

    def on_problem(problem) -> None:
        print(f"kg: {problem}", file=sys.stderr)

    options = BuildOptions(
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler or "",
        cache=not args.no_cache,
        validate=not args.no_validate,
        infer=args.infer,
        analyse=not args.no_analyse,
        html=not args.no_html,
        top=args.top,
        store=not args.no_store,
    )
    report = build(
        args.inputs,
        Path(args.out),
        progress=sys.stderr.isatty() and not args.quiet,
        on_problem=on_problem,
        options=options,
    )
    if not report.articles:
        print("kg: error: no article could be read; nothing written", file=sys.stderr)
        return 2
    for note in report.notes:
        print(f"kg: {note}", file=sys.stderr)
    print(f"kg: {report.summary()} -> {args.out}/", file=sys.stderr)
    if not report.conforms:  # graph written, but it breaks ontology/shapes.ttl (#5)
        return 3
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from French anti-piracy news.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the graph of articles (.txt, .html, .jsonl, folders)")
    build.add_argument("inputs", nargs="+", help="files or folders to read")
    build.add_argument("--out", default="output", help="output folder (default: output/)")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    build.add_argument("--jobs", type=int, default=1, help="spaCy worker processes (default 1)")
    build.add_argument("--engine", choices=("local", "dask"), default="local", help="where extraction runs")
    build.add_argument("--scheduler", help="dask scheduler address (default: start a local cluster)")
    build.add_argument("--no-cache", action="store_true", help="re-read every article, ignore the cache")
    build.add_argument("--no-validate", action="store_true", help="skip the SHACL check of the output")
    build.add_argument("--infer", action="store_true", help="also write the RDFS/OWL-RL closure")
    build.add_argument("--no-analyse", action="store_true", help="skip networkx analytics and the report")
    build.add_argument("--no-html", action="store_true", help="skip the interactive HTML graph")
    build.add_argument("--top", type=int, default=0, help="HTML: keep the N most central entities (0: all)")
    build.add_argument("--no-store", action="store_true", help="skip loading the Oxigraph store")
    build.set_defaults(func=_build)
    # -- subcommands: validate (#5), analyse, render (#6), query, serve (#7)
    from kg.publish.docs import add_docs_command  # docs (#5)
    from kg.validate import add_validate_command  # validate (#5)

    add_validate_command(sub)
    add_docs_command(sub)
    from kg.query import add_query_command  # query (#7)
    from kg.serve import add_serve_command  # serve (#7)

    add_query_command(sub)
    add_serve_command(sub)
    from kg.analyse.step import add_commands as add_analyse_commands  # analyse, render (#6)

    add_analyse_commands(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("kg: interrupted; outputs left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
