"""Benchmark: the SHACL check of a build three ways, and the OWL-RL closure (`--infer`), on N articles.

Builds N articles without the post-steps (the synthetic corpus of bench/synthetic_corpus.py, or with
--repeat the seeds and our own articles repeated to N files, as bench/build_speed.py does), then times on
the written graph:

- the build's check (kg.rdf.units.validate_rows): the fast checker (kg.rdf.shacl_fast) over the sorted rows;
- the same by units through pySHACL (what a build falls back to), on 2 processes, with --units;
- pySHACL on the whole graph (`kg validate`);

says whether the reports agree, and times the closure (but with --no-infer). One line of figures:

    .venv/bin/python bench/validate_speed.py [N=100] [--repeat] [--units] [--no-infer]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.pipeline import BuildOptions, build
from kg.rdf.graph import Quads
from kg.rdf.infer import write_inferred
from kg.rdf.publish.files import Rendering
from kg.rdf.units import validate_rows
from kg.rdf.validate import read_graph, validate_graph


def main() -> None:
    parser = argparse.ArgumentParser(description="time the SHACL check of a build")
    parser.add_argument("count", type=int, nargs="?", default=100)
    parser.add_argument("--repeat", action="store_true", help="the seeds and test articles repeated, not synthetic")
    parser.add_argument("--units", action="store_true", help="also time the units through pySHACL (2 processes)")
    parser.add_argument("--no-infer", action="store_true", help="leave out the OWL-RL closure")
    args = parser.parse_args()
    options = BuildOptions(validate=False, infer=False, analyse=False, html=False, store=False, cache=False)
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        if args.repeat:
            from build_speed import make_corpus

            make_corpus(corpus, args.count)
        else:
            from synthetic_corpus import write_corpus

            write_corpus(corpus, args.count)
        report = build([corpus], out, options=options)
        started = time.perf_counter()
        graph = read_graph(out / "graph.ttl")
        figures.append(f"articles={report.articles} triples={len(graph)} read_s={time.perf_counter() - started:.1f}")
        quads = Quads()
        quads.default.update(graph)
        rows = Rendering(quads).rows
        fast, stats = validate_rows(rows, lambda: graph)
        figures.append(f"fast_s={fast.seconds:.2f} fast={stats.fast}")
        if args.units:
            by_units, _ = validate_rows(rows, lambda: graph, jobs=2, fast=False)
            figures.append(f"units_s={by_units.seconds:.1f} units_agree={by_units.violations == fast.violations}")
        whole = validate_graph(graph)
        figures.append(f"pyshacl_s={whole.seconds:.1f} conforms={whole.conforms} violations={len(whole.violations)} "
                       f"agree={(whole.conforms, whole.violations) == (fast.conforms, fast.violations)}")
        if not args.no_infer:
            started = time.perf_counter()
            added = write_inferred(graph, out / "graph.inferred.ttl")
            figures.append(f"infer_s={time.perf_counter() - started:.1f} inferred_triples={added}")
    print(" ".join(figures))


if __name__ == "__main__":
    main()
