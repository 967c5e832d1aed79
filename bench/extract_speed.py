"""Benchmark: kg's per-article extraction against a plain spaCy pass over the same texts.

For N articles (invented by bench/synthetic_corpus.py, or read from a folder of .txt files,
cycled to N) it prints, in one run and on the same texts:

- seconds of a plain full ``fr_core_news_md`` ``nlp.pipe`` pass (spaCy's default batch size), in one
  process and with ``n_process=2``; in one process also at kg's batch size (``SPACY_BATCH``), which
  is spaCy's faster setting on these texts;
- seconds of kg's extraction (kg's pipeline, then its rules, as ``kg.engines`` runs them:
  ``run_serial``, then ``run_processes`` with 2 workers);
- the ratio spaCy / kg (above 1: kg is faster than spaCy's own pass); in one process by wall
  clock and by CPU time (which other programs on the machine disturb less);
- with 2 processes, kg's figure includes its workers' start (each spawned worker imports spaCy and
  loads the model), while spaCy's workers are forked from a parent that has the model loaded
  already: the second ratio adds spaCy's own cold start (import and load, timed in a fresh
  process) to its figure;
- each text is read once by each pipeline, as in a build (both lemmatizers remember the words they
  have seen: a second pass over the same texts would hide what new text costs); the warm-up reads
  other invented articles first (the first pass of a process pays for its allocations); with
  ``--repeats`` above 1, the best of several such runs is shown (later runs see known words);
- with ``--components``, the seconds of every pipeline component of both pipelines and of
  kg's rules (``extract_from_doc``), each component run over all docs in turn.

    .venv/bin/python bench/extract_speed.py [N=200] [--corpus DIR] [--jobs 2] [--repeats 2] [--components]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_corpus import make_article  # noqa: E402

from kg.engines import SPACY_BATCH, run_processes, run_serial  # noqa: E402
from kg.extract.article import extract_from_doc  # noqa: E402
from kg.extract.nlp import MODEL, load_nlp  # noqa: E402
from kg.lexicon import load_lexicon  # noqa: E402
from kg.records import Article  # noqa: E402


def corpus(count: int, folder: Path | None) -> list[Article]:
    if folder is None:
        texts = [make_article(i, seed=8) for i in range(count)]
        return [Article(id=name, source=name, text=text) for name, text in texts]
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt file in {folder}")
    return [
        Article(id=f"{i:06d}", source=str(f), text=f.read_text(encoding="utf-8"))
        for i, f in ((i, files[i % len(files)]) for i in range(count))
    ]


def timed(run) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of run()."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def cold_load_seconds() -> float:
    """Seconds to import spaCy and load the model in a fresh process (what a spawned worker pays)."""
    code = f"import time; t = time.perf_counter(); import spacy; spacy.load({MODEL!r}); print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def component_seconds(nlp, texts: list[str]) -> tuple[dict[str, float], list]:
    """Seconds of each component over all docs (tokenizer first), and the docs."""
    seconds = {}
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    seconds["tokenizer"] = time.perf_counter() - started
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=SPACY_BATCH))
        else:
            docs = [proc(doc) for doc in docs]
        seconds[name] = time.perf_counter() - started
    return seconds, docs


def show(label: str, seconds: dict[str, float]) -> None:
    parts = " ".join(f"{name}={value:.2f}" for name, value in seconds.items())
    print(f"{label}: {parts} total={sum(seconds.values()):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=200)
    parser.add_argument("--corpus", type=Path, default=None, help="a folder of .txt articles (default: synthetic)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1, help="runs of each figure (the best is shown)")
    parser.add_argument("--components", action="store_true", help="seconds of every component too")
    args = parser.parse_args()

    articles = corpus(args.count, args.corpus)
    texts = [a.text for a in articles]
    plain, kg_nlp, lexicon = spacy.load(MODEL), load_nlp(), load_lexicon()
    # no lazy table load or first allocation inside the clock, and no word of the timed texts seen before
    warm = [Article(id=f"warm{i}", source="warm", text=make_article(i, seed=7)[1]) for i in range(64)]
    list(plain.pipe(a.text for a in warm))
    list(run_serial(warm))
    tokens = sum(len(doc) for doc in plain.tokenizer.pipe(texts))
    print(f"articles={len(articles)} chars={sum(map(len, texts))} tokens={tokens}")

    def best(*runs) -> list[tuple[float, float]]:
        """(wall, cpu) of each run, the best of --repeats, the runs taking turns."""
        times = [[timed(run) for run in runs] for _ in range(max(1, args.repeats))]
        return [(min(t[i][0] for t in times), min(t[i][1] for t in times)) for i in range(len(runs))]

    (spacy_wall, spacy_cpu), (small_wall, small_cpu), (kg_wall, kg_cpu) = best(
        lambda: list(plain.pipe(texts)),
        lambda: list(plain.pipe(texts, batch_size=SPACY_BATCH)),
        lambda: list(run_serial(articles)),
    )
    print(
        f"1 process: spacy_s={spacy_wall:.2f} (cpu {spacy_cpu:.2f}) kg_s={kg_wall:.2f} (cpu {kg_cpu:.2f}) "
        f"ratio={spacy_wall / kg_wall:.2f} (cpu {spacy_cpu / kg_cpu:.2f}); "
        f"spacy at batch {SPACY_BATCH}: {small_wall:.2f} s (cpu {small_cpu:.2f}), ratio={small_wall / kg_wall:.2f} "
        f"(cpu {small_cpu / kg_cpu:.2f})"
    )
    if args.jobs > 1:
        (spacy_many, _), (kg_many, _) = best(
            lambda: list(plain.pipe(texts, n_process=args.jobs)), lambda: list(run_processes(articles, args.jobs))
        )
        load = cold_load_seconds()
        print(
            f"{args.jobs} processes: spacy_s={spacy_many:.2f} kg_s={kg_many:.2f} ratio={spacy_many / kg_many:.2f}; "
            f"with spaCy's cold start ({load:.2f} s) ratio={(spacy_many + load) / kg_many:.2f}"
        )
    if args.components:
        seconds, _ = component_seconds(plain, texts)
        show("spacy components", seconds)
        seconds, docs = component_seconds(kg_nlp, texts)
        started = time.perf_counter()
        for article, doc in zip(articles, docs, strict=True):
            extract_from_doc(article, doc, lexicon)
        seconds["kg_rules"] = time.perf_counter() - started
        show("kg components", seconds)


if __name__ == "__main__":
    main()
