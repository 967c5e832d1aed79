"""A rebuild updates the Oxigraph store in place (kg.rdf.publish.store.update_store): the store it gives holds
exactly what a store loaded whole from the new graph.nq holds, and a rebuild through the command line takes
that path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.publish.store import CHANGES_GRAPH, load_store, update_store

GONE = b"<https://w3id.org/kg-fr/entity/gone>"
SUES = b"<https://w3id.org/kg-fr/ontology#sues>"
LABEL = b"<http://www.w3.org/2000/01/rdf-schema#label>"


def _contents(store_dir: Path) -> tuple[set[str], set[str]]:
    store = ox.Store.read_only(str(store_dir))
    return {str(q) for q in store}, {str(g) for g in store.named_graphs()}


def _older(lines: list[bytes]) -> list[bytes]:
    """An earlier graph.nq: one article's named graph missing, one entity and one named graph since vanished."""
    named = [line for line in lines if line.count(b"> <") >= 3 and line.rstrip().endswith(b"> .")]
    graphs = sorted({line.rstrip()[:-2].rsplit(b" ", 1)[1] for line in named if b'"' not in line})
    dropped = graphs[0]
    older = [line for line in lines if not line.rstrip().endswith(dropped + b" .")]
    target = named[0].split(b" ")[0]
    older += [
        GONE + b" " + LABEL + b' "Disparu"@fr .\n',
        GONE + b" " + SUES + b" " + target + b" .\n",
        GONE + b" " + SUES + b" " + target + b" <https://w3id.org/kg-fr/article/gone> .\n",
    ]
    return sorted(set(older))


def test_a_store_updated_in_place_holds_what_a_store_loaded_whole_holds(built_seeds, tmp_path):
    lines = (built_seeds / "graph.nq").read_bytes().splitlines(keepends=True)
    old, new = tmp_path / "old.nq", tmp_path / "new.nq"
    old.write_bytes(b"".join(_older(lines)))
    shutil.copy(built_seeds / "graph.nq", new)
    old_changes = tmp_path / "old-changes.ttl"
    old_changes.write_text("<https://w3id.org/kg-fr/changes> a <https://w3id.org/kg-fr/ontology#ChangeReport> .\n")
    store = tmp_path / "out" / "store"
    load_store(old, store, {CHANGES_GRAPH: old_changes})
    before = _contents(store)

    summary = update_store(old, new, store, {CHANGES_GRAPH: built_seeds / "changes.ttl"})
    assert summary is not None and summary.changed > 0
    assert "updated in place" in summary.note()
    fresh = tmp_path / "fresh" / "store"
    load_store(new, fresh, {CHANGES_GRAPH: built_seeds / "changes.ttl"})
    assert _contents(store) == _contents(fresh) != before
    assert "<https://w3id.org/kg-fr/article/gone>" not in _contents(store)[1]  # an emptied graph is gone too
    assert sorted(p.name for p in store.parent.iterdir()) == ["store"]  # no copy left beside it

    # the store no longer holds old.nq: no update from it, nothing changed
    assert update_store(old, new, store) is None
    assert _contents(store) == _contents(fresh)


def test_a_rebuild_updates_the_store_in_place(built_seeds, tmp_path, kg_build, seeds_dir, capsys):
    out = tmp_path / "out"
    some = tmp_path / "some"
    some.mkdir()
    names = sorted(p.name for p in seeds_dir.glob("*.txt"))
    for name in names[:3]:
        shutil.copy(seeds_dir / name, some / name)
    assert kg_build(out, some) == 0
    shutil.copy(seeds_dir / names[3], some / names[3])
    capsys.readouterr()
    assert kg_build(out, some) == 0
    assert "updated in place" in capsys.readouterr().err
    fresh = tmp_path / "fresh"
    load_store(out / "graph.nq", fresh, {CHANGES_GRAPH: out / "changes.ttl"})
    assert _contents(out / "store") == _contents(fresh)
