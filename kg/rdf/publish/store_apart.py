"""The store's update in place, in a process of its own started before the graph is mapped (#19).

An update in place (kg.rdf.publish.store.update_store) copies the store, empties the named graph of the
last change report in the copy, then applies the difference of the two graph.nq files and loads the new
change report. The first two need nothing of the new build, and the first change report lists every fact
(150,000 quads at 2,000 articles, some 750,000 at 10,000), so emptying it took most of the update: a build
starts this process as soon as it has the corpus, which prepares the copy while the build maps, writes and
reads the graph, and finishes the update once told the files are written (go), or drops the copy (stop).
"""

from __future__ import annotations

import time
from pathlib import Path

from kg.io import published_folder
from kg.rdf.publish.store import (
    CHANGES_GRAPH,
    STORE_DIR_NAME,
    StoreError,
    discard_update,
    finish_update,
    prepare_update,
    store_step,
)

GO, STOP = "go", "stop"


def store_step_apart(out_dir: Path, connection) -> None:
    """store_step in two halves (the process's function): the copy prepared, then, on GO, the update finished (or
    the store loaded whole when it could not be updated); sends ("done", (note, seconds after GO)), or ("error",
    the exception). On STOP, or when the build's end of the pipe closes, the copy is dropped."""
    try:
        store_dir = out_dir / STORE_DIR_NAME
        prepared = problem = None
        try:  # the change report's graph is emptied: the new one is loaded into it (a load of the files has it)
            prepared = prepare_update(published_folder(out_dir) / "graph.nq", store_dir, [CHANGES_GRAPH])
        except StoreError as error:
            problem = error
        try:
            order = connection.recv()
        except EOFError:
            order = STOP
        if order != GO:
            if prepared is not None:
                discard_update(prepared)
            return
        started = time.perf_counter()
        changes = out_dir / "changes.ttl"
        graphs = {CHANGES_GRAPH: changes} if changes.is_file() else {}
        if problem is not None:
            note = f"store not updated: {problem}"
        elif prepared is not None:
            try:
                note = finish_update(prepared, out_dir / "graph.nq", graphs).note()
            except StoreError as error:
                note = f"store not updated: {error}"
        else:
            note = store_step(out_dir)  # the store did not hold the published graph: loaded whole
        connection.send(("done", (note, time.perf_counter() - started)))
    except BaseException as error:  # noqa: BLE001 - the build raises it
        try:
            connection.send(("error", error))
        except Exception:  # noqa: BLE001 - an exception that does not pickle: the build reads EOF
            pass


class StoreApart:
    """store_step_apart in a spawned process: go() once the files are written, then result() gives (the store's
    note, seconds from go to the end); stop() drops what it prepared; wait() only waits."""

    def __init__(self, out_dir: Path) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._here, there = context.Pipe()
        self._process = context.Process(target=store_step_apart, args=(Path(out_dir), there), daemon=True)
        self._process.start()
        there.close()
        self._sent = False

    def _send(self, order: str) -> None:
        if not self._sent:
            self._sent = True
            try:
                self._here.send(order)
            except OSError:  # the process ended already
                pass

    def go(self) -> None:
        self._send(GO)

    def stop(self) -> None:
        self._send(STOP)
        self.wait()

    def wait(self) -> None:
        self._process.join()
        self._here.close()

    def result(self) -> tuple[str, float]:
        self.go()
        try:
            kind, value = self._here.recv()
        except EOFError:
            raise StoreError("the store's process ended without a word") from None
        finally:
            self.wait()
        if kind == "error":
            raise value
        return value
