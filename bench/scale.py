"""Scale benchmark: kg build --jobs 2 against a plain spaCy pass, memory, RDF writing share, incremental rebuild.

On a synthetic corpus of N articles (bench/synthetic_corpus.py) it prints:

- articles/s and tokens/s of ``kg build --jobs 2`` (the graph files only: the SHACL check, analytics,
  HTML page and store are separate steps with their own costs), model loading included;
- the same for a plain ``nlp.pipe(n_process=2)`` of the full fr_core_news_md over the same texts in
  this same run (model loading included too), and the ratio of the two;
- the peak resident memory of the whole process tree (this process and every worker), sampled;
- the share of the build spent writing RDF, and the time per stage;
- the time of a rebuild after adding one article, against the clean build.

    .venv/bin/python bench/scale.py [N=2000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_corpus import write_corpus  # noqa: E402

from kg.pipeline import BuildOptions, build  # noqa: E402

CORE = dict(validate=False, infer=False, analyse=False, html=False, store=False)


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (psutil if present, else /proc)."""
    try:
        import psutil

        root = psutil.Process(pid)
        total = 0
        for proc in [root, *root.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total
    except ImportError:
        return _proc_tree_rss(pid)


def _proc_tree_rss(pid: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            rss[int(entry.name)] = int((entry / "statm").read_text().split()[1]) * page
            children.setdefault(int(stat[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total


class PeakMemory:
    """Samples the process tree's RSS in a thread while the block runs."""

    def __init__(self, interval: float = 0.2):
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def spacy_pass(texts: list[str], jobs: int) -> tuple[float, int, int]:
    """(seconds, tokens, peak RSS bytes) of spacy.load + nlp.pipe(n_process=jobs) over the texts."""
    import spacy

    with PeakMemory() as memory:
        started = time.perf_counter()
        nlp = spacy.load("fr_core_news_md")
        tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=jobs, batch_size=64))
        seconds = time.perf_counter() - started
    return seconds, tokens, memory.peak


def main() -> None:
    parser = argparse.ArgumentParser(description="kg build at scale against a plain spaCy pass")
    parser.add_argument("count", type=int, nargs="?", default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        chars = write_corpus(corpus, args.count)
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
        options = BuildOptions(jobs=args.jobs, **CORE)

        with PeakMemory() as memory:
            clean = build([corpus], out, options=options)
        write_corpus(corpus, 1, start=args.count)  # one more article, as a newsroom adds them
        rebuild = build([corpus], out, options=options)
        spacy_seconds, tokens, spacy_peak = spacy_pass(texts, args.jobs)

    stages = " ".join(f"{name}={seconds:.1f}s" for name, seconds in clean.timings.items())
    print(f"corpus: {args.count} articles, {chars:,} characters, {tokens:,} tokens (spaCy's count)")
    print(
        f"kg build --jobs {args.jobs}: {clean.seconds:.1f} s, {args.count / clean.seconds:.2f} articles/s, "
        f"{tokens / clean.seconds:,.0f} tokens/s; {clean.entities} entities, {clean.facts} facts"
    )
    print(f"  stages: {stages}")
    print(
        f"plain nlp.pipe(n_process={args.jobs}) of full fr_core_news_md: {spacy_seconds:.1f} s, "
        f"{args.count / spacy_seconds:.2f} articles/s, {tokens / spacy_seconds:,.0f} tokens/s"
    )
    print(f"ratio kg/spaCy throughput: {spacy_seconds / clean.seconds:.2f} (goal >= 1.0)")
    mb = 2**20
    print(f"peak RSS of the process tree: kg build {memory.peak / mb:,.0f} MB, spaCy pass {spacy_peak / mb:,.0f} MB")
    write = clean.timings.get("write", 0.0)
    print(f"RDF writing: {write:.1f} s = {write / clean.seconds:.1%} of the build (goal < 5%)")
    print(
        f"rebuild after adding one article: {rebuild.seconds:.1f} s = {rebuild.seconds / clean.seconds:.1%} of the "
        f"clean build (goal < 5%); parsed {rebuild.parsed}, reused {rebuild.reused}; stages: "
        + " ".join(f"{name}={seconds:.1f}s" for name, seconds in rebuild.timings.items())
    )


if __name__ == "__main__":
    main()
