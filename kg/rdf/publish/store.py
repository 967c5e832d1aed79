"""Load a built graph into an on-disk Oxigraph store (out/store), all or nothing.

The store is loaded into a temporary folder beside it and swapped in only when complete, so a failed
load leaves the previous store as it was. Every triple of a named graph is also put in the default
graph: a SPARQL query without GRAPH then sees what rdflib sees in graph.ttl, in any server and with
no union-default-graph setting, while `GRAPH art:x { ... }` still gives what one article says. The change
report of the build (changes.ttl) is loaded too, in the named graph <https://w3id.org/kg-fr/changes> only
(the default graph stays what graph.ttl holds), so that queries/changes.rq runs on the store and on `kg serve`.

A rebuild does not reload the store: when the store holds the previous set's graph.nq (the sha256 of the
file it was loaded from, and its number of quads, are kept beside the data in ``kg-source.json``), a copy of
it (``Store.backup``: hard links to RocksDB's immutable files) gets the quads the new graph.nq drops removed and
those it adds inserted, and is swapped in the same way. graph.nq is sorted and holds every triple of its named
graphs in its default graph too, so the two files' different lines are the whole difference.

A RocksDB folder cannot be replaced under a process that has it open: a writable server holds its
lock, and `kg serve` leaves a marker file beside the store while it runs. Both make the load refuse
with a `StoreBusy` that says which process to stop.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.io import published_folder

STORE_DIR_NAME = "store"
CHANGES_GRAPH = "https://w3id.org/kg-fr/changes"  # the named graph of changes.ttl
SOURCE_FILE = "kg-source.json"  # in the store folder: what it was loaded from (RocksDB leaves other names alone)
SERVE_MARKER_SUFFIX = ".serving"  # out/.store.serving: "PID PORT MODE" of the kg serve using out/store


class StoreError(Exception):
    """The store could not be written; the message names the folder or file and the problem."""


class StoreBusy(StoreError):
    """The store is open in another process, so it cannot be replaced now."""


@dataclass(frozen=True)
class StoreSummary:
    path: Path
    quads: int  # all quads, the default-graph copies included
    default_triples: int
    named_graphs: int
    seconds: float
    changed: int = -1  # quads removed and added in place; -1: loaded whole

    def note(self) -> str:
        how = "loaded into" if self.changed < 0 else f"updated in place ({self.changed} quads changed):"
        return (
            f"store: {self.default_triples} triples ({self.named_graphs} named graphs, {self.quads} quads)"
            f" {how} {self.path} in {self.seconds:.1f} s"
        )


def serve_marker(store_dir: Path) -> Path:
    """OUT/.store.serving, also for the store of a generation being built (OUT/.kg/gen-*/store)."""
    return published_folder(store_dir.parent) / f".{store_dir.name}{SERVE_MARKER_SUFFIX}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serving_process(store_dir: Path) -> str | None:
    """'kg serve (pid N, port P)' when a live kg serve uses the store, else None (a stale marker is ignored)."""
    marker = serve_marker(store_dir)
    try:
        pid_text, port, mode = (marker.read_text(encoding="utf-8").split() + ["", "", ""])[:3]
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    return f"kg serve (pid {pid}, port {port}, {mode})" if _pid_alive(pid) else None


def is_store(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def check_not_busy(store_dir: Path) -> None:
    """Raise StoreBusy when a process has the store open (kg serve's marker, or RocksDB's lock)."""
    import pyoxigraph as ox

    server = serving_process(store_dir)
    if server:
        raise StoreBusy(f"{store_dir} is in use by {server}; stop it, then run the build again (or pass --no-store)")
    if not is_store(store_dir):
        return
    try:
        probe = ox.Store(str(store_dir))  # takes the RocksDB lock, which a writable server holds
    except OSError as error:
        if "lock" in str(error).lower():
            raise StoreBusy(
                f"{store_dir} is open for writing in another process (an `oxigraph serve`?); stop it, then rebuild"
            ) from error
        raise StoreError(f"{store_dir}: cannot open the existing store ({error})") from error
    del probe


BULK_BATCH = 100_000  # quads per call of Oxigraph's bulk loader, which holds a call's quads in memory


def _fill(store_dir: Path, nquads: Path, graphs: dict[str, Path] | None = None) -> tuple[int, int, int]:
    import pyoxigraph as ox

    store = ox.Store(str(store_dir))
    try:
        bulk_load(store, with_default_copies(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)))
    except SyntaxError as error:
        raise StoreError(f"{nquads}: not valid N-Quads: {error}") from error
    for name, turtle in sorted((graphs or {}).items()):  # not copied: in its named graph only
        try:
            bulk_load(store, in_graph(ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE), ox.NamedNode(name)))
        except SyntaxError as error:
            raise StoreError(f"{turtle}: not valid Turtle: {error}") from error
    store.flush()
    store.optimize()
    return _finish(store, store_dir, nquads)


def bulk_load(store, quads: Iterator, batch: int = BULK_BATCH) -> None:
    """Bulk-load the quads into the store, batch at a time, as the parser gives them.

    Oxigraph's bulk loader holds what one call loads in memory: a whole graph.nq of 10,000 articles
    (1.8 million quads) took 1.5 GB at once, and takes 130 MB in batches of 100,000, in less time.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> lines = b"<x:a> <x:p> <x:b> .\\n<x:a> <x:p> <x:c> ."
    >>> bulk_load(store, iter(ox.parse(input=lines, format=ox.RdfFormat.N_TRIPLES)), batch=1)
    >>> len(store)
    2
    """
    import itertools

    first = next(quads, None)
    while first is not None:
        store.bulk_extend(itertools.chain((first,), itertools.islice(quads, batch - 1)))
        first = next(quads, None)


def with_default_copies(quads: Iterator) -> Iterator:
    """Each quad, and after one of a named graph its triple in the default graph (which then holds what
    graph.ttl holds)."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in quads:
        yield quad
        if quad.graph_name != default:
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def in_graph(quads: Iterator, name) -> Iterator:
    """The quads' triples in the named graph name."""
    import pyoxigraph as ox

    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object, name)


def _finish(store, store_dir: Path, nquads: Path) -> tuple[int, int, int]:
    """Counts of a filled store, recorded with the digest of its graph.nq; the store is closed."""
    default = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0]
    counts = (len(store), int(default.value), len(list(store.named_graphs())))
    del store  # closes the RocksDB folder before it is renamed
    source = {"graph.nq": _digest(nquads), "quads": counts[0]}
    (store_dir / SOURCE_FILE).write_text(json.dumps(source) + "\n", encoding="utf-8")
    return counts


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _lines(path: Path) -> Iterator[bytes]:
    """The file's lines, a repeated line once."""
    last = None
    with open(path, "rb") as handle:
        for line in handle:
            line = line.rstrip(b"\n")
            if line != last:
                yield line
            last = line


def line_changes(before: Path, after: Path) -> tuple[list[bytes], list[bytes]]:
    """(lines of before that after lacks, lines of after that before lacks), each sorted.

    Both files are sorted (graph.nq is), so one merge pass reads them a line at a time: the memory
    is the difference only. A file out of order is compared as two sets instead.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a").write_bytes(b"a\\nb\\nd\\n"), (folder / "b").write_bytes(b"b\\nc\\nd\\ne\\n")
    >>> line_changes(folder / "a", folder / "b")
    ([b'a'], [b'c', b'e'])
    """
    removed: list[bytes] = []
    added: list[bytes] = []
    old, new = _lines(before), _lines(after)
    a, b = next(old, None), next(new, None)
    last_a = last_b = b""
    while a is not None or b is not None:
        if (a is not None and a < last_a) or (b is not None and b < last_b):  # not sorted: compare as sets
            return _set_changes(before, after)
        if a is not None:
            last_a = a
        if b is not None:
            last_b = b
        if b is None or (a is not None and a < b):
            removed.append(a)
            a = next(old, None)
        elif a is None or b < a:
            added.append(b)
            b = next(new, None)
        else:
            a, b = next(old, None), next(new, None)
    return _without_blank(removed), _without_blank(added)


def _without_blank(lines: list[bytes]) -> list[bytes]:
    return [line for line in dict.fromkeys(lines) if line.strip()]


def _set_changes(before: Path, after: Path) -> tuple[list[bytes], list[bytes]]:
    old = set(before.read_bytes().splitlines())
    new = set(after.read_bytes().splitlines())
    return _without_blank(sorted(old - new)), _without_blank(sorted(new - old))


def update_store(previous: Path, nquads: Path, store_dir: Path, graphs: dict[str, Path] | None = None
                 ) -> StoreSummary | None:
    """Bring the store from previous (the graph.nq it holds) to nquads, in a copy swapped in when complete;
    None, having changed nothing, when the store does not hold previous (it is then loaded whole)."""
    if not nquads.is_file():
        return None
    prepared = prepare_update(previous, store_dir, sorted(graphs or {}))
    return None if prepared is None else finish_update(prepared, nquads, graphs)


@dataclass
class PreparedUpdate:
    """A copy of the store that held previous, the named graphs to be loaded anew emptied, not yet updated."""

    store: object  # the copy, open (pyoxigraph.Store)
    building: Path  # where the copy lies, swapped in for store_dir by finish_update
    store_dir: Path
    previous: Path
    seconds: float  # what preparing took


def prepare_update(previous: Path, store_dir: Path, graph_names: list[str]) -> PreparedUpdate | None:
    """The first half of update_store, which needs nothing of the new build: the store checked (it holds previous,
    and no process has it open), copied, and the named graphs of graph_names (the change report's) emptied in the
    copy. None, having changed nothing, when the store does not hold previous. A build runs it while it maps and
    writes the graph (#19: the first change report lists every fact, and emptying it was most of the update)."""
    import pyoxigraph as ox

    started = time.perf_counter()
    if not (is_store(store_dir) and previous.is_file()):
        return None
    try:
        source = json.loads((store_dir / SOURCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(source, dict) or source.get("graph.nq") != _digest(previous):
        return None
    check_not_busy(store_dir)
    held = ox.Store(str(store_dir))
    if len(held) != source.get("quads"):  # written to since (a writable server): loaded whole
        return None
    building = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.new-", dir=store_dir.parent))
    try:
        os.rmdir(building)  # Store.backup makes the folder
        held.backup(str(building))
        del held
        store = ox.Store(str(building))
        for name in graph_names:
            _empty(store, ox.NamedNode(name))
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return PreparedUpdate(store, building, store_dir, previous, time.perf_counter() - started)


def discard_update(prepared: PreparedUpdate) -> None:
    """Drop a prepared copy (the build that asked for it failed)."""
    prepared.store = None
    shutil.rmtree(prepared.building, ignore_errors=True)


def finish_update(prepared: PreparedUpdate, nquads: Path, graphs: dict[str, Path] | None = None) -> StoreSummary:
    """The second half of update_store: the quads nquads drops removed from the prepared copy, those it adds
    inserted, each graph of graphs loaded into its named graph (emptied by prepare_update), the copy swapped in."""
    import pyoxigraph as ox

    started = time.perf_counter()
    store, building, store_dir = prepared.store, prepared.building, prepared.store_dir
    prepared.store = None
    try:
        if not nquads.is_file():
            raise StoreError(f"{nquads}: no such file to load into the store")
        removed, added = line_changes(prepared.previous, nquads)
        try:
            gone = list(ox.parse(input=b"\n".join(removed), format=ox.RdfFormat.N_QUADS))
            new = list(ox.parse(input=b"\n".join(added), format=ox.RdfFormat.N_QUADS))
        except SyntaxError as error:
            raise StoreError(f"{nquads}: not valid N-Quads: {error}") from error
        for quad in gone:
            store.remove(quad)
        store.extend(new)
        store.extend([ox.Quad(q.subject, q.predicate, q.object) for q in new if q.graph_name != ox.DefaultGraph()])
        for name in sorted({q.graph_name for q in gone if q.graph_name != ox.DefaultGraph()}, key=str):
            if next(iter(store.quads_for_pattern(None, None, None, name)), None) is None:
                store.remove_graph(name)  # as a load of the new file would not have it
        for name, turtle in sorted((graphs or {}).items()):
            _empty(store, ox.NamedNode(name))  # emptied already when prepared for it
            try:
                store.load(path=str(turtle), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(name))
            except SyntaxError as error:
                raise StoreError(f"{turtle}: not valid Turtle: {error}") from error
        store.flush()
        quads, default_triples, named = _finish(store, building, nquads)
        del store
        _swap_in(building, store_dir)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    seconds = prepared.seconds + time.perf_counter() - started
    return StoreSummary(store_dir, quads, default_triples, named, seconds, len(gone) + len(new))


def _empty(store, graph, batch: int = BULK_BATCH) -> None:
    """Remove the graph's quads, batch at a time (the first change report lists every fact: 750,000 quads at
    10,000 articles): what clear_graph does, in a third of its time (it stays a named graph)."""
    import itertools

    while quads := list(itertools.islice(store.quads_for_pattern(None, None, None, graph), batch)):
        for quad in quads:
            store.remove(quad)


def load_store(nquads: Path, store_dir: Path, graphs: dict[str, Path] | None = None) -> StoreSummary:
    """Load the N-Quads file (and each Turtle file of graphs into the named graph given) into store_dir,
    replacing what was there only once the new store is complete."""
    started = time.perf_counter()
    if not nquads.is_file():
        raise StoreError(f"{nquads}: no such file to load into the store")
    if store_dir.exists() and not (store_dir.is_dir() and (is_store(store_dir) or not any(store_dir.iterdir()))):
        raise StoreError(f"{store_dir} exists and is not an Oxigraph store; move it away, it is not replaced")
    check_not_busy(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.new-", dir=store_dir.parent))
    try:
        quads, default_triples, named = _fill(building, nquads, graphs)
        _swap_in(building, store_dir)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return StoreSummary(store_dir, quads, default_triples, named, time.perf_counter() - started)


def _swap_in(new: Path, target: Path) -> None:
    """Rename new to target; an old target is moved aside first and removed after, or put back on failure."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        if old.is_symlink():  # a generation's link to the previous store: the store itself stays
            old.unlink()
        else:
            shutil.rmtree(old, ignore_errors=True)


def store_step(out_dir: Path) -> str:
    """The build's store step: out/graph.nq into out/store; returns the line for the build report."""
    store_dir = out_dir / STORE_DIR_NAME
    changes = out_dir / "changes.ttl"  # the change report (#18), queryable beside the graph
    graphs = {CHANGES_GRAPH: changes} if changes.is_file() else {}
    previous = published_folder(out_dir) / "graph.nq"  # while a generation is built: the published set's
    try:
        if previous.is_file() and previous.resolve() != (out_dir / "graph.nq").resolve():
            updated = update_store(previous, out_dir / "graph.nq", store_dir, graphs)
            if updated is not None:
                return updated.note()
        return load_store(out_dir / "graph.nq", store_dir, graphs).note()
    except StoreError as problem:  # busy or unwritable: the other outputs stand, the old store stays
        return f"store not updated: {problem}"


def timed_store_step(out_dir: Path) -> tuple[str, float]:
    """store_step's line and its seconds (run in a process of its own by a build: kg.pipeline.Apart)."""
    started = time.perf_counter()
    note = store_step(out_dir)
    return note, time.perf_counter() - started
