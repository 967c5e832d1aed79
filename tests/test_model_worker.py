"""The model worker a rebuild starts (kg.engines.ModelWorker): the same records as the engines, in order."""

from __future__ import annotations

from pathlib import Path

from kg.engines import EngineConfig, ModelWorker, run_engine
from kg.records import Article


def _articles(seeds_dir: Path, count: int) -> list[Article]:
    files = sorted(seeds_dir.glob("*.txt"))[:count]
    return [Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8")) for p in files]


def test_the_worker_extracts_what_the_engine_does_and_runs_meanwhile(seeds_dir):
    articles = _articles(seeds_dir, 2)
    worker = ModelWorker()
    ran = []
    try:
        got = worker.extract(articles, meanwhile=lambda: ran.append(len(ran)))
        again = worker.extract(articles[1:])  # it serves one batch after another
    finally:
        worker.close()
    assert ran == [0]
    assert got == list(run_engine(articles, EngineConfig()))
    assert again == got[1:]


def test_a_worker_ended_while_loading_is_gone(tmp_path):
    worker = ModelWorker()
    worker.close()
    assert not worker._process.is_alive()
