"""Engines and the cache: every engine gives the same bytes, and a rebuild parses only what changed."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from kg.cache import FactsCache, article_key
from kg.cli import main
from kg.engines import EngineConfig, run_engine
from kg.pipeline import BuildOptions, build
from kg.records import Article

OUTPUTS = ("graph.ttl", "graph.nq", "graph.jsonld")
CORE = BuildOptions(validate=False, infer=False, analyse=False, html=False, store=False)  # the graph files only
OWN_ARTICLE = Path(__file__).parent / "data" / "articles" / "05_europol_cinenuage.txt"


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def serial_seeds(tmp_path_factory, seeds_dir) -> Path:
    out = tmp_path_factory.mktemp("serial")
    report = build([seeds_dir], out, options=dataclasses.replace(CORE, cache=False))
    assert report.articles == 5 and report.parsed == 5
    return out


def test_dask_local_cluster_gives_the_same_bytes(serial_seeds, seeds_dir, tmp_path):
    pytest.importorskip("dask.distributed")
    flags = ["--no-validate", "--no-analyse", "--no-html", "--no-store", "--no-cache", "-q"]
    code = main(["build", str(seeds_dir), "--out", str(tmp_path), "--engine", "dask", "--jobs", "2", *flags])
    assert code == 0
    assert _outputs(tmp_path) == _outputs(serial_seeds)


def test_worker_processes_give_the_same_bytes(serial_seeds, seeds_dir, tmp_path):
    report = build([seeds_dir], tmp_path, options=dataclasses.replace(CORE, jobs=2, cache=False))
    assert report.parsed == 5
    assert _outputs(tmp_path) == _outputs(serial_seeds)


def test_incremental_build_parses_only_the_new_article_and_equals_a_clean_build(seeds_dir, tmp_path):
    corpus, out, clean = tmp_path / "corpus", tmp_path / "out", tmp_path / "clean"
    shutil.copytree(seeds_dir, corpus)
    first = build([corpus], out, options=CORE)
    assert (first.parsed, first.reused) == (5, 0)
    shutil.copy(OWN_ARTICLE, corpus / OWN_ARTICLE.name)

    again = build([corpus], out, options=CORE)
    assert (again.parsed, again.reused) == (1, 5)
    assert again.articles == 6
    fresh = build([corpus], clean, options=dataclasses.replace(CORE, cache=False))
    assert fresh.parsed == 6
    assert _outputs(out) == _outputs(clean)

    edited = corpus / OWN_ARTICLE.name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nLe site a rouvert le lendemain.\n", encoding="utf-8")
    assert build([corpus], out, options=CORE).parsed == 1  # a changed text is parsed again


def test_cache_round_trip_gives_equal_records(tmp_path, seeds_dir):
    files = sorted(seeds_dir.glob("*.txt"))
    articles = [Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8")) for p in files]
    fresh = sorted(run_engine(articles[:2], EngineConfig()), key=lambda f: f.article.id)
    cache = FactsCache(tmp_path)
    cache.prepare()
    for facts in fresh:
        cache.put(facts)
    assert [cache.get(a) for a in articles[:2]] == fresh
    assert cache.get(articles[2]) is None
    moved = dataclasses.replace(articles[0], source="elsewhere/x.txt")
    assert cache.get(moved) == dataclasses.replace(fresh[0], article=moved)  # the path is not part of the key


def test_cache_survives_unknown_and_missing_fields(tmp_path):
    cache = FactsCache(tmp_path)
    cache.prepare()
    article = Article(id="a", source="a.txt", text="Texte.")
    entry = {"mentions": [{"text": "X", "start": 0, "end": 1, "coarse": "Website"}], "a_field_from_elsewhere": [1]}
    path = cache.folder / article_key(article)[:2] / f"{article_key(article)}.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(entry), encoding="utf-8")
    facts = cache.get(article)
    assert facts is not None and facts.article == article
    assert facts.mentions[0].coarse == "Website" and facts.mentions[0].strength == 0 and facts.facts == ()
    path.write_text("{not json", encoding="utf-8")
    assert cache.get(article) is None  # a damaged entry means: parse again


def test_article_key_follows_content_not_location():
    article = Article(id="a", source="x/a.txt", text="Texte.", title="T")
    assert article_key(article) == article_key(dataclasses.replace(article, source="y/a.txt"))
    for change in ({"text": "Texte!"}, {"title": "U"}, {"id": "b"}, {"date": "2020"}):
        assert article_key(dataclasses.replace(article, **change)) != article_key(article)
