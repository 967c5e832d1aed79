"""The kg command line: a thin layer over kg.pipeline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg import __version__


def _build(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    def on_problem(problem) -> None:
        print(f"kg: {problem}", file=sys.stderr)

    report = build(args.inputs, Path(args.out), progress=sys.stderr.isatty() and not args.quiet, on_problem=on_problem)
    if not report.articles:
        print("kg: error: no article could be read; nothing written", file=sys.stderr)
        return 2
    print(f"kg: {report.summary()} -> {args.out}/", file=sys.stderr)
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from French anti-piracy news.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the graph of articles (.txt, .html, .jsonl, folders)")
    build.add_argument("inputs", nargs="+", help="files or folders to read")
    build.add_argument("--out", default="output", help="output folder (default: output/)")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    build.set_defaults(func=_build)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("kg: interrupted; outputs left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
