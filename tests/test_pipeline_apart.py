"""The analytics and the page made in a worker process beside the SHACL check (kg.render.job, used from
ANALYSE_APART_FROM articles) give the bytes the build's own process gives, and the same notes."""

from __future__ import annotations

import dataclasses

import kg.pipeline
from kg.pipeline import BuildOptions, build

COMPARED = ("analytics.ttl", "report.md", "centrality.csv", "communities.csv", "suggested_links.csv", "graph.html",
            "graph.ttl", "graph.nq")


def untimed(notes: list[str]) -> list[str]:
    """The notes without the seconds they tell ("graph conforms to ontology/shapes.ttl (0.1 s)")."""
    import re

    return [re.sub(r"\(\d+\.\d s\)", "(s)", note) for note in notes]


def test_analytics_apart_give_the_same_files_and_notes(seeds_dir, tmp_path, monkeypatch):
    options = BuildOptions(store=False, cache=False)
    here = build([seeds_dir], tmp_path / "here", options=options)
    monkeypatch.setattr(kg.pipeline, "ANALYSE_APART_FROM", 1)
    apart = build([seeds_dir], tmp_path / "apart", options=options)
    assert "analyse" in apart.timings
    assert untimed(apart.notes) == untimed(here.notes)
    for name in COMPARED:
        assert (tmp_path / "apart" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


def test_a_failed_check_waits_for_the_analytics_apart(seeds_dir, tmp_path, monkeypatch):
    """A failure beside the worker ends the build only once the worker is done (its job run or cancelled)."""
    import kg.rdf.units
    from kg.render.job import AnalyticsWorker

    monkeypatch.setattr(kg.pipeline, "ANALYSE_APART_FROM", 1)
    closed = []
    close = AnalyticsWorker.close

    def closing(self):
        processes = list((self._pool._processes or {}).values())
        close(self)
        closed.append(all(not p.is_alive() for p in processes))

    def broken(*args, **kwargs):
        assert not closed
        raise RuntimeError("check failed")

    monkeypatch.setattr(AnalyticsWorker, "close", closing)
    monkeypatch.setattr(kg.rdf.units, "validate_rows", broken)
    out = tmp_path / "out"
    try:
        build([seeds_dir], out, options=dataclasses.replace(BuildOptions(), store=False, cache=False))
    except RuntimeError as error:
        assert str(error) == "check failed"
    else:
        raise AssertionError("the build did not fail")
    assert closed == [True]  # the worker ended before the error reached the caller


def test_a_rebuild_updates_the_store_apart_as_a_whole_load_would(seeds_dir, tmp_path):
    """A rebuild's store, updated in place in a process of its own, holds what a load of its files gives."""
    import shutil

    import pyoxigraph as ox

    from kg.cli import main
    from kg.rdf.publish.store import CHANGES_GRAPH, load_store

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(seeds_dir, corpus)
    extra = sorted(corpus.glob("*.txt"))[0]
    extra.rename(tmp_path / extra.name)
    flags = ["--no-analyse", "--no-html", "--no-validate", "-q"]
    assert main(["build", str(corpus), "--out", str(out), *flags]) == 0
    (tmp_path / extra.name).rename(corpus / extra.name)
    assert main(["build", str(corpus), "--out", str(out), *flags]) == 0
    fresh = tmp_path / "fresh"
    load_store(out / "graph.nq", fresh, {CHANGES_GRAPH: out / "changes.ttl"})

    def quads(path):
        store = ox.Store.read_only(str(path))
        return {str(q) for q in store.quads_for_pattern(None, None, None, None)}

    assert quads(out / "store") == quads(fresh)


def test_a_failed_rebuild_drops_the_store_copy_it_prepared(seeds_dir, tmp_path, monkeypatch):
    """#19: the store's process starts before the graph is mapped and prepares a copy of the store; a build that
    fails before its files are written stops it, and the copy is dropped, the store left as it was."""
    import pyoxigraph as ox

    from kg.cli import main
    from kg.rdf.publish.store_apart import StoreApart

    out = tmp_path / "out"
    flags = ["--no-analyse", "--no-html", "--no-validate", "-q"]
    assert main(["build", str(seeds_dir), "--out", str(out), *flags]) == 0

    def quads():
        store = ox.Store.read_only(str(out / "store"))
        return {str(q) for q in store.quads_for_pattern(None, None, None, None)}

    before = quads()
    started: list[StoreApart] = []
    start = StoreApart.__init__

    def starting(self, out_dir):
        start(self, out_dir)
        started.append(self)

    def broken(*args, **kwargs):
        raise RuntimeError("write failed")

    monkeypatch.setattr(StoreApart, "__init__", starting)
    monkeypatch.setattr(kg.pipeline, "write_outputs", broken)
    try:
        main(["build", str(seeds_dir), "--out", str(out), *flags])
    except RuntimeError as error:
        assert str(error) == "write failed"
    else:
        raise AssertionError("the build did not fail")
    assert len(started) == 1 and not started[0]._process.is_alive()
    assert not [p for p in out.rglob(".store.*") if ".serving" not in p.name]  # no copy left anywhere
    assert quads() == before
