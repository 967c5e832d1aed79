"""Benchmark: time and memory of `kg build` on a corpus of N articles.

The corpus is the seeds and our own invented articles, repeated to N files
(each copy gets its own file name, so every article is parsed). Prints one line
of figures; run it as

    .venv/bin/python bench/build_speed.py [N]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from kg.extract.nlp import load_nlp
from kg.pipeline import build

REPO = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, count: int) -> int:
    sources = sorted((REPO / "seeds").glob("*.txt")) + sorted((REPO / "tests" / "data" / "articles").glob("*.txt"))
    chars = 0
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    started = time.perf_counter()
    load_nlp()
    load_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        chars = make_corpus(corpus, count)
        report = build([corpus], out)
        sizes = {name: path.stat().st_size for name, path in report.outputs.items()}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"articles={report.articles} chars={chars} model_load_s={load_seconds:.1f} build_s={report.seconds:.1f} "
        f"articles_per_s={report.articles / report.seconds:.1f} chars_per_s={chars / report.seconds:,.0f} "
        f"entities={report.entities} facts={report.facts} peak_rss_mb={peak_mb:.0f} "
        + " ".join(f"{name}_bytes={size}" for name, size in sorted(sizes.items()))
    )


if __name__ == "__main__":
    main()
