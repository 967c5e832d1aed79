"""Limits on one query: wall-clock time, rows, memory, so that no query takes the machine (#17).

`kg query` runs the query in a forked child process: the parent waits at most ``timeout_s`` seconds and
then kills it; the child caps its own address space at what it uses already plus ``memory_mb`` (a query
that needs more fails there, not in the machine), and an answer of more than ``max_rows`` rows (or
triples) is refused. Each limit gives one clear line and exit code 2; 0 turns a limit off.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass

from kg.sparql.terms import Answer, GraphAnswer, QueryError, SelectAnswer

DEFAULT_TIMEOUT_S = 60
DEFAULT_MAX_ROWS = 1_000_000
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class Limits:
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_rows: int = DEFAULT_MAX_ROWS
    memory_mb: int = DEFAULT_MEMORY_MB


def check_rows(answer: Answer, max_rows: int) -> Answer:
    """The answer, unless it has more rows (or triples) than max_rows (0: no cap)."""
    size = len(answer.rows) if isinstance(answer, SelectAnswer) else len(answer.triples) \
        if isinstance(answer, GraphAnswer) else 0
    if max_rows and size > max_rows:
        raise QueryError(f"the answer has {size:,} rows, over the cap of {max_rows:,} (--max-rows); "
                         "add a LIMIT, or raise --max-rows (0: no cap)")
    return answer


def _address_space_now() -> int:
    """Bytes of address space this process maps (Linux); 0 when unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(send, run: Callable[[], Answer], limits: Limits) -> None:  # pragma: no cover - runs in the child
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    import faulthandler

    faulthandler.disable()  # a child that hits its memory cap aborts: no dump of it; the parent says why
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # nor the allocator's own last words; errors come back through the pipe
    if limits.memory_mb:
        import resource

        now = _address_space_now()
        if now:
            cap = now + limits.memory_mb * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        send.send(("ok", check_rows(run(), limits.max_rows)))
    except QueryError as error:
        send.send(("error", str(error)))
    except MemoryError:
        send.send(("memory", ""))
    except BaseException as error:  # any other failure: its message, never a silent death
        send.send(("error", f"the query failed: {type(error).__name__}: {error}"))
    finally:
        send.close()


def run_limited(run: Callable[[], Answer], limits: Limits) -> Answer:
    """run() under the limits, in a forked child; QueryError with a clear message when one is hit."""
    if not (limits.timeout_s or limits.memory_mb) or "fork" not in multiprocessing.get_all_start_methods():
        return check_rows(run(), limits.max_rows)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, run, limits), daemon=True)
    child.start()
    send.close()
    memory = (f"the query needed more than {limits.memory_mb:,} MB of memory (--max-memory); "
              "narrow it, add a LIMIT, or raise --max-memory (0: no cap)")
    try:
        if not receive.poll(limits.timeout_s or None):
            raise QueryError(f"the query ran longer than {limits.timeout_s:g} s (--timeout) and was stopped; "
                             "narrow it, add a LIMIT, or raise --timeout (0: no limit)")
        try:
            status, value = receive.recv()
        except (EOFError, OSError) as error:  # the child died: the allocator aborts when the cap is reached
            raise QueryError(memory) from error
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status == "ok":
        return value
    raise QueryError(memory if status == "memory" else value)
