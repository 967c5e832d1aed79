"""Benchmark: time of the SHACL check (`kg validate`) and of the OWL-RL closure (`--infer`) on N articles.

Builds the seeds and our own articles repeated to N files (as bench/build_speed.py does), without the
post-steps, then times each step on the written graph.ttl and prints one line of figures:

    .venv/bin/python bench/validate_speed.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from build_speed import make_corpus

from kg.pipeline import BuildOptions, build
from kg.rdf.infer import write_inferred
from kg.rdf.validate import read_graph, validate_graph


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    options = BuildOptions(validate=False, infer=False, analyse=False, html=False, store=False, cache=False)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        make_corpus(corpus, count)
        report = build([corpus], out, options=options)
        started = time.perf_counter()
        graph = read_graph(out / "graph.ttl")
        read_s = time.perf_counter() - started
        validation = validate_graph(graph)
        started = time.perf_counter()
        added = write_inferred(graph, out / "graph.inferred.ttl")
        infer_s = time.perf_counter() - started
    print(
        f"articles={report.articles} triples={len(graph)} read_s={read_s:.1f} validate_s={validation.seconds:.1f} "
        f"conforms={validation.conforms} violations={len(validation.violations)} "
        f"infer_s={infer_s:.1f} inferred_triples={added}"
    )


if __name__ == "__main__":
    main()
