"""`kg build`: the whole pipeline (kg.pipeline.build) from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OUTPUT = 4  # --out cannot be used: a file, not writable, or locked by another build


def run_build(args: argparse.Namespace) -> int:
    from kg.io import OutputError, OutputFolder
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
        min_confidence=args.min_confidence,
    )
    # The build writes a new generation of the output folder, published whole at the end (kg.io.OutputFolder)
    out = Path(args.out)
    folder = OutputFolder(out)
    generation = written = None
    try:
        folder.lock()
        generation = written = folder.new_generation()
        report = build(
            args.inputs,
            generation,
            progress=sys.stderr.isatty() and not args.quiet,
            on_problem=on_problem,
            options=options,
        )
        if report.articles:
            folder.publish(generation)
            generation = None
    except OutputError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return EXIT_OUTPUT
    except OSError as error:  # the disk filled, a folder became read-only: the previous set stays
        print(f"kg: error: cannot write to {out}: {error}; the previous outputs are unchanged", file=sys.stderr)
        return EXIT_OUTPUT
    finally:
        if generation is not None:
            folder.discard(generation)
            folder.forget()
        folder.unlock()
    if not report.articles:
        print("kg: error: no article could be read; nothing written", file=sys.stderr)
        return 2
    for note in report.notes:
        print(f"kg: {note}".replace(str(written), str(out)), file=sys.stderr)  # name OUT, not the generation
    print(f"kg: {report.summary()} -> {args.out}/", file=sys.stderr)
    if not report.conforms:  # graph written, but it breaks ontology/shapes.ttl (#5)
        return 3
    return 1 if report.failed else 0


def confidence(text: str) -> float:
    """A confidence floor between 0 and 1 (`--min-confidence`)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {value}")
    return value


def add_commands(sub) -> None:
    """`kg build INPUT... [--out DIR] [options]`"""
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
    build.add_argument(
        "--min-confidence", type=confidence, default=0.0, metavar="X",
        help="leave out facts and events of confidence below X (0 to 1; default 0: keep all)",
    )  # fmt: skip
    build.set_defaults(func=run_build)
