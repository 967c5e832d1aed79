"""A build gives back what it no longer needs before the stages that take memory of their own (#19): the store is
bulk-loaded in batches (the same store as one load of the whole file), the rows are freed before the memory is
returned to the system, and the analytics worker has ended before the store is loaded."""

from __future__ import annotations

import weakref

import pyoxigraph as ox

import kg.pipeline
import kg.rdf.publish.store as store_module
from kg.pipeline import BuildOptions, build
from kg.rdf.publish.store import CHANGES_GRAPH, load_store


def _quads(store) -> set[str]:
    return {str(q) for q in store}


def test_a_store_loaded_in_batches_holds_what_one_load_of_the_file_gives(built_seeds, tmp_path, monkeypatch):
    nquads, changes = built_seeds / "graph.nq", built_seeds / "changes.ttl"
    # a quad of a named graph only, whose triple graph.nq does not state in the default graph
    extra = b"<https://w3id.org/kg-fr/entity/x> <https://w3id.org/kg-fr/ontology#sues> " \
            b"<https://w3id.org/kg-fr/entity/y> <https://w3id.org/kg-fr/article/z> .\n"
    source = tmp_path / "graph.nq"
    source.write_bytes(nquads.read_bytes() + extra)
    expected = ox.Store()  # the file as it is, every named triple copied to the default graph, then the changes
    expected.load(path=str(source), format=ox.RdfFormat.N_QUADS)
    expected.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    expected.load(path=str(changes), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(CHANGES_GRAPH))

    monkeypatch.setattr(store_module, "BULK_BATCH", 7)
    summary = load_store(source, tmp_path / "store", {CHANGES_GRAPH: changes})
    loaded = ox.Store.read_only(str(tmp_path / "store"))
    assert _quads(loaded) == _quads(expected)
    assert summary.quads == len(expected) > 7 * 100
    assert {str(g) for g in loaded.named_graphs()} == {str(g) for g in expected.named_graphs()}
    default = set(loaded.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert not any(q.graph_name == ox.NamedNode(CHANGES_GRAPH) for q in default)
    assert not [q for q in default if q.subject == ox.NamedNode(str(CHANGES_GRAPH))]  # the changes stay apart


def test_the_rows_are_freed_before_the_memory_is_given_back(seeds_dir, tmp_path, monkeypatch):
    made: list[weakref.ref] = []
    alive_at_release: list[bool] = []

    class Watched(kg.pipeline.Rendering):
        def __init__(self, quads):
            super().__init__(quads)
            made.append(weakref.ref(self))

    def release() -> None:
        alive_at_release.append(any(ref() is not None for ref in made))

    monkeypatch.setattr(kg.pipeline, "Rendering", Watched)
    monkeypatch.setattr(kg.pipeline, "release_memory", release)
    build([seeds_dir], tmp_path / "out", options=BuildOptions(cache=False, store=False))
    assert made and alive_at_release == [False]


def test_the_analytics_worker_has_ended_before_the_store_is_loaded(seeds_dir, tmp_path, monkeypatch):
    from kg.render.job import AnalyticsWorker

    monkeypatch.setattr(kg.pipeline, "ANALYSE_APART_FROM", 1)
    workers: list = []
    start = AnalyticsWorker.__init__

    def starting(self):
        start(self)
        workers.append(self)

    seen: list[bool] = []
    timed = store_module.timed_store_step

    def storing(out_dir):
        processes = [p for w in workers for p in (w._pool._processes or {}).values()]
        seen.append(bool(workers) and not any(p.is_alive() for p in processes))
        return timed(out_dir)

    monkeypatch.setattr(AnalyticsWorker, "__init__", starting)
    monkeypatch.setattr(store_module, "timed_store_step", storing)
    report = build([seeds_dir], tmp_path / "out", options=BuildOptions(cache=False))
    assert seen == [True]
    assert any(note.startswith("store: ") for note in report.notes)


def test_extraction_results_held_pickled_come_back_equal(seeds_dir, monkeypatch):
    """While model workers parse many articles, the build holds their results pickled (kg.pipeline.extract_all)."""
    import pickle

    from kg.pipeline import BuildReport, collect_articles, extract_all

    articles = collect_articles([seeds_dir], BuildReport(), lambda problem: None)
    held = extract_all(articles)  # a few articles: held as they come
    dumped: list[bytes] = []
    dumps = pickle.dumps

    def counting(value, *args):
        dumped.append(dumps(value, *args))
        return dumped[-1]

    monkeypatch.setattr(kg.pipeline, "WORKER_UP_TO", 0)
    monkeypatch.setattr(pickle, "dumps", counting)
    again = extract_all(articles)
    assert len(dumped) == len(articles) > 1
    assert again == held
