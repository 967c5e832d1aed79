"""Scale benchmark: a default `kg build --jobs 2` against spaCy's own pass, every stage, memory, rebuild.

For each corpus size N (bench/synthetic_corpus.py), in a fresh process, it prints:

- the time of a default ``kg build --jobs 2`` into a new output folder (SHACL check, analytics, HTML page
  and store included, as the command line runs it: a new generation of the folder, published at the end),
  model loading included, and the time of each stage (from 200 articles the analytics run in a worker process
  beside the SHACL check, and a store updated in place is updated in a thread beside both: those stages
  overlap, and their times add up to more than the build's);
- the time of a plain ``nlp.pipe(n_process=2)`` of the full fr_core_news_md over the same texts, measured
  in the same run (model loading included too), and the ratio of the two (goal >= 1.0);
- the share of the build spent writing RDF (the ``write`` stage: graph.ttl, graph.nq, graph.jsonld and the
  files that switch with them; goal < 5%);
- the peak resident memory of the whole process tree (this process and every worker), sampled, for the
  build and for the spaCy pass (goal < 2 GB, within 10% from 2,000 to 10,000 articles);
- the time of a rebuild after adding one article, its stages, and its share of the clean build (goal < 5%);
- the CPU time of both builds' process trees, and the rebuild's share of it (a figure other work on a shared
  machine changes far less than the wall-clock one);
- that the rebuild's files are byte-identical to those of a clean build of the same input (one more
  clean build, with the extraction cache; up to --check-up-to articles, 2,000 by default).

With several sizes, a table of the figures ends the output.

    .venv/bin/python bench/scale.py [N...=2000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

MB = 2**20
COMPARED = ("graph.ttl", "graph.nq", "graph.jsonld", "facts.csv", "analytics.ttl", "report.md", "centrality.csv",
            "communities.csv", "suggested_links.csv", "graph.html")


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    return _rss_of(pid)[0]


def _rss_of(pid: int) -> tuple[int, int]:
    """Resident bytes of a process and all its descendants, and of the process alone, from /proc."""
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
    return total, rss.get(pid, 0)


class PeakMemory:
    """Samples the process tree's RSS in a thread while the block runs; samples: (time, tree, this process)."""

    def __init__(self, interval: float = 0.1):
        self.interval, self.peak = interval, 0
        self.samples: list[tuple[float, int, int]] = []
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.is_set():
            tree, own = _rss_of(os.getpid())
            self.samples.append((time.perf_counter(), tree, own))
            self.peak = max(self.peak, tree)
            self._stop.wait(self.interval)

    def by_stage(self, ended: dict[str, float]) -> dict[str, tuple[int, int]]:
        """Peak (tree, this process) RSS of each stage: the samples from the end of the stage recorded before it
        to its own end (stages that overlap, validate and analyse, share theirs)."""
        peaks: dict[str, tuple[int, int]] = {}
        since = 0.0
        for name, end in sorted(ended.items(), key=lambda item: item[1]):
            inside = [(tree, own) for t, tree, own in self.samples if since < t <= end]
            if inside:
                peaks[name] = (max(tree for tree, _ in inside), max(own for _, own in inside))
            since = end
        return peaks

    def __enter__(self) -> PeakMemory:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def spacy_pass(texts: list[str], jobs: int) -> tuple[float, int, int, float]:
    """(seconds, tokens, peak RSS bytes, CPU seconds) of spacy.load + nlp.pipe(n_process=jobs) over the texts."""
    import spacy

    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), cpu_seconds()
        nlp = spacy.load("fr_core_news_md")
        tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=jobs, batch_size=64))
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu
    return seconds, tokens, memory.peak, cpu


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its children that have ended (every worker a build
    starts is joined before it returns): unlike the wall-clock time, a figure other work on the machine barely
    changes."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def kg_build(corpus: Path, out: Path, jobs: int):
    """What `kg build CORPUS --out OUT --jobs J` does (kg.cli.build.run_build), returning the BuildReport (its
    cpu: the CPU seconds of the build's process tree)."""
    from kg.io import OutputFolder
    from kg.pipeline import BuildOptions, build

    started, cpu = time.perf_counter(), cpu_seconds()
    with OutputFolder(out) as folder:
        generation = folder.new_generation()
        report = build([corpus], generation, options=BuildOptions(jobs=jobs))
        folder.publish(generation)
    report.timings["publish"] = time.perf_counter() - started - report.seconds
    report.seconds = time.perf_counter() - started
    report.cpu = cpu_seconds() - cpu
    return report


def stages(report) -> str:
    return " ".join(f"{name}={seconds:.1f}s" for name, seconds in report.timings.items())


def stage_memory(report, memory: PeakMemory) -> dict[str, tuple[int, int]]:
    return memory.by_stage(getattr(report.timings, "ended", {}))


def memory_line(peaks: dict[str, tuple[int, int]]) -> str:
    """Each stage's peak RSS, the tree's and (in brackets) the build process's own, in MB."""
    return " ".join(f"{name}={tree / MB:,.0f}({own / MB:,.0f})" for name, (tree, own) in peaks.items())


def one(count: int, jobs: int, check: bool = True) -> dict:
    from synthetic_corpus import write_corpus

    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        chars = write_corpus(corpus, count)
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
        with PeakMemory() as memory:
            clean = kg_build(corpus, out, jobs)
        print(f"clean build of {count}: {clean.seconds:.1f} s, peak RSS {memory.peak / MB:,.0f} MB; stages: "
              f"{stages(clean)}; {'conforms' if clean.conforms else 'breaks the shapes'}", flush=True)
        write_corpus(corpus, 1, start=count)  # one more article, as a newsroom adds them
        with PeakMemory() as rebuild_memory:
            rebuild = kg_build(corpus, out, jobs)
        same = None
        if check:  # a clean build of the same input (the cache shared)
            kg_build(corpus, Path(tmp) / "again", jobs)
            again = Path(tmp) / "again"
            differ = [name for name in COMPARED if not filecmp.cmp(out / name, again / name, shallow=False)]
            same = not differ
            if differ:
                print(f"rebuild and clean build differ in: {', '.join(differ)}", flush=True)
        spacy_seconds, tokens, spacy_peak, spacy_cpu = spacy_pass(texts, jobs)
    write = clean.timings.get("write", 0.0)
    figures = {
        "count": count, "jobs": jobs, "chars": chars, "tokens": tokens, "entities": clean.entities,
        "facts": clean.facts, "kg": clean.seconds, "spacy": spacy_seconds, "ratio": spacy_seconds / clean.seconds,
        "write": write, "write_share": write / clean.seconds, "rss": memory.peak, "spacy_rss": spacy_peak,
        "rebuild": rebuild.seconds, "rebuild_share": rebuild.seconds / clean.seconds,
        "cpu": clean.cpu, "rebuild_cpu": rebuild.cpu, "rebuild_cpu_share": rebuild.cpu / clean.cpu,
        "spacy_cpu": spacy_cpu,
        "rebuild_rss": rebuild_memory.peak,
        "parsed": rebuild.parsed, "reused": rebuild.reused, "identical": same,
        "stages": clean.timings, "rebuild_stages": rebuild.timings,
        "stage_rss": stage_memory(clean, memory), "rebuild_stage_rss": stage_memory(rebuild, rebuild_memory),
    }  # fmt: skip
    print(f"corpus: {count} articles, {chars:,} characters, {tokens:,} tokens (spaCy's count)")
    print(
        f"kg build --jobs {jobs} (default outputs): {clean.seconds:.1f} s, {count / clean.seconds:.2f} articles/s, "
        f"{tokens / clean.seconds:,.0f} tokens/s; {clean.entities} entities, {clean.facts} facts"
    )
    print(f"  stages: {stages(clean)}")
    print(
        f"plain nlp.pipe(n_process={jobs}) of full fr_core_news_md: {spacy_seconds:.1f} s, "
        f"{count / spacy_seconds:.2f} articles/s, {tokens / spacy_seconds:,.0f} tokens/s"
    )
    print(f"ratio kg/spaCy throughput: {figures['ratio']:.2f} (goal >= 1.0)")
    print(f"peak RSS of the process tree: kg build {memory.peak / MB:,.0f} MB, rebuild "
          f"{rebuild_memory.peak / MB:,.0f} MB, spaCy pass {spacy_peak / MB:,.0f} MB (goal < 2,048 MB)")
    print(f"  peak RSS by stage, MB, the tree (the build process): {memory_line(figures['stage_rss'])}")
    print(f"  rebuild: {memory_line(figures['rebuild_stage_rss'])}")
    print(f"RDF writing: {write:.1f} s = {figures['write_share']:.1%} of the build (goal < 5%)")
    print(
        f"rebuild after adding one article: {rebuild.seconds:.1f} s = {figures['rebuild_share']:.1%} of the "
        f"clean build (goal < 5%); parsed {rebuild.parsed}, reused {rebuild.reused}; stages: {stages(rebuild)}"
    )
    print(f"CPU time of the process tree: clean build {clean.cpu:.1f} s, rebuild {rebuild.cpu:.1f} s = "
          f"{figures['rebuild_cpu_share']:.1%}, spaCy's pass {spacy_cpu:.1f} s (ratio {spacy_cpu / clean.cpu:.2f}); "
          "other work on the machine moves these far less than the wall-clock figures")
    if same is not None:
        print(f"rebuild's files byte-identical to a clean build's: {same}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="a default kg build at scale against spaCy's own pass")
    parser.add_argument("counts", type=int, nargs="*", default=[2000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="(one size) also write the figures to this file")
    parser.add_argument("--check-up-to", type=int, default=2000, help="compare with a clean build up to this size")
    args = parser.parse_args()
    if len(args.counts) == 1:
        figures = one(args.counts[0], args.jobs, check=args.counts[0] <= args.check_up_to)
        if args.json:
            args.json.write_text(json.dumps(figures), encoding="utf-8")
        return
    rows = []
    for count in args.counts:  # each size in a fresh process: memory and caches start from nothing
        with tempfile.NamedTemporaryFile(suffix=".json") as result:
            command = [sys.executable, __file__, str(count), "--jobs", str(args.jobs), "--json", result.name,
                       "--check-up-to", str(args.check_up_to)]
            subprocess.run(command, check=True)
            rows.append(json.loads(Path(result.name).read_text(encoding="utf-8")))
        print(flush=True)
    print("| articles | kg build | spaCy pass | ratio | RDF writing | rebuild +1 | rebuild +1, CPU | peak RSS "
          "| identical |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        identical = "not checked" if r["identical"] is None else str(r["identical"])
        print(f"| {r['count']:,} | {r['kg']:.1f} s | {r['spacy']:.1f} s | {r['ratio']:.2f} | {r['write_share']:.1%} | "
              f"{r['rebuild']:.1f} s ({r['rebuild_share']:.1%}) | {r['rebuild_cpu']:.1f} s "
              f"({r['rebuild_cpu_share']:.1%}) | {r['rss'] / MB:,.0f} MB | {identical} |")
    for r in rows:
        print(f"{r['count']:,}: stages " + " ".join(f"{k}={v:.1f}s" for k, v in r["stages"].items())
              + "; rebuild " + " ".join(f"{k}={v:.1f}s" for k, v in r["rebuild_stages"].items()))
        print(f"{r['count']:,}: peak RSS by stage, MB, tree (build process): {memory_line(r['stage_rss'])}; "
              f"rebuild {memory_line(r['rebuild_stage_rss'])}")
    low, high = rows[0]["rss"], rows[-1]["rss"]
    print(f"peak RSS from {rows[0]['count']:,} to {rows[-1]['count']:,} articles: {high / low - 1:+.1%} "
          "(goal within 10%)")


if __name__ == "__main__":
    main()
