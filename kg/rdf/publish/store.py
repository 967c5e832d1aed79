"""Load a built graph into an on-disk Oxigraph store (out/store), all or nothing.

The store is loaded into a temporary folder beside it and swapped in only when complete, so a failed
load leaves the previous store as it was. Every triple of a named graph is also put in the default
graph: a SPARQL query without GRAPH then sees what rdflib sees in graph.ttl, in any server and with
no union-default-graph setting, while `GRAPH art:x { ... }` still gives what one article says. The change
report of the build (changes.ttl) is loaded too, in the named graph <https://w3id.org/kg-fr/changes> only
(the default graph stays what graph.ttl holds), so that queries/changes.rq runs on the store and on `kg serve`.

A RocksDB folder cannot be replaced under a process that has it open: a writable server holds its
lock, and `kg serve` leaves a marker file beside the store while it runs. Both make the load refuse
with a `StoreBusy` that says which process to stop.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kg.io import published_folder

STORE_DIR_NAME = "store"
CHANGES_GRAPH = "https://w3id.org/kg-fr/changes"  # the named graph of changes.ttl
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

    def note(self) -> str:
        return (
            f"store: {self.default_triples} triples ({self.named_graphs} named graphs, {self.quads} quads)"
            f" loaded into {self.path} in {self.seconds:.1f} s"
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


def _fill(store_dir: Path, nquads: Path, graphs: dict[str, Path] | None = None) -> tuple[int, int, int]:
    import pyoxigraph as ox

    store = ox.Store(str(store_dir))
    try:
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    except SyntaxError as error:
        raise StoreError(f"{nquads}: not valid N-Quads: {error}") from error
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    for name, turtle in sorted((graphs or {}).items()):  # after the copy: in its named graph only
        try:
            store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(name))
        except SyntaxError as error:
            raise StoreError(f"{turtle}: not valid Turtle: {error}") from error
    store.flush()
    store.optimize()
    default = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0]
    counts = (len(store), int(default.value), len(list(store.named_graphs())))
    del store  # closes the RocksDB folder before it is renamed
    return counts


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
    try:
        return load_store(out_dir / "graph.nq", store_dir, graphs).note()
    except StoreError as problem:  # busy or unwritable: the other outputs stand, the old store stays
        return f"store not updated: {problem}"
