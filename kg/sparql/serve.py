"""`kg serve`: a SPARQL 1.1 Protocol endpoint on 127.0.0.1, run by the `oxigraph` server from PyPI, behind
a small front (kg.sparql.front) that dereferences the graph's IRIs (GET /kg-fr/entity/mpaa: Turtle,
JSON-LD or HTML) and passes every other request to the oxigraph server, which listens on a private port.

The server runs as a child process (`oxigraph serve-read-only`, or `oxigraph serve` with --writable)
in its own session, so a Ctrl-C in the terminal reaches kg only and kg stops it with SIGTERM, waits,
and exits 0. On Linux the child is also told to stop if kg itself dies. While it runs, kg leaves a
marker file beside the store (kg.rdf.publish.store.serve_marker) so that `kg build` does not replace a
store under a running server.

RocksDB allows many read-only openers but one writer: a writable server refuses to start while
another process has the store open for writing, and a read-only one refuses while a writable kg
serve runs on the same store (reading while another process writes is undefined behaviour).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kg.rdf.publish.store import StoreError, check_not_busy, is_store, serve_marker, serving_process

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 10.0


class ServeError(Exception):
    """The server cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class ServeOptions:
    store_dir: Path
    port: int = DEFAULT_PORT  # 0 picks a free port
    writable: bool = False
    timeout_s: float = 30  # per-query wall-clock limit, in the oxigraph server and the front; 0: none (#17)
    base: str = ""  # where https://w3id.org/kg-fr/ is served: a path or URL (default /kg-fr/) (#18)
    token: str = ""  # what a write must send (Authorization: Bearer TOKEN); --writable without one: a random one
    max_result_mb: int = 100  # largest answer passed on; 0: no cap (#17)
    max_memory_mb: int = 4096  # address space the oxigraph server may use beyond its start; 0: no cap (#17)

    @property
    def mode(self) -> str:
        return "writable" if self.writable else "read-only"


def oxigraph_binary() -> str:
    """The `oxigraph` executable installed by the PyPI package, next to this Python first."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ServeError("the `oxigraph` server is not installed (pip install oxigraph)")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return True
    return False


def server_command(options: ServeOptions, port: int) -> list[str]:
    command = "serve" if options.writable else "serve-read-only"
    argv = [oxigraph_binary(), command, "--location", str(options.store_dir), "--bind", f"{HOST}:{port}"]
    if options.timeout_s > 0:
        argv += ["--timeout-s", str(max(1, round(options.timeout_s)))]
    return argv


def check_store(options: ServeOptions) -> None:
    store_dir = options.store_dir
    if not options.writable and not is_store(store_dir):
        raise ServeError(f"{store_dir}: no Oxigraph store here; run `kg build` first (or pass --store DIR)")
    if store_dir.exists() and not store_dir.is_dir():
        raise ServeError(f"{store_dir} is a file, not a store folder")
    server = serving_process(store_dir)
    if server and (options.writable or "writable" in server):
        raise ServeError(f"{store_dir} is already served by {server}; stop it first")
    if options.writable:
        try:
            check_not_busy(store_dir)
        except StoreError as busy:
            raise ServeError(str(busy)) from busy


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: no orphaned server if kg is killed
    except (OSError, AttributeError):
        pass


MEMORY_BASE_MB = 1024  # address space the oxigraph server maps before any query (threads' stacks, RocksDB)


def _child_setup(memory_mb: int):
    def setup() -> None:  # pragma: no cover - runs in the child between fork and exec
        if sys.platform.startswith("linux"):
            _die_with_parent()
        if memory_mb:
            import resource

            cap = (MEMORY_BASE_MB + memory_mb) * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return setup


MAX_RESTARTS = 5  # a server killed by a query over its memory cap is started again, this many times


def _forward(stream, prefix: str) -> None:
    for line in iter(stream.readline, ""):
        print(f"{prefix}{line.rstrip()}", file=sys.stderr, flush=True)


def _wait_until_listening(child: subprocess.Popen, port: int, stop: threading.Event) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and not stop.is_set():
        if child.poll() is not None:
            raise ServeError(f"the oxigraph server exited at start with code {child.returncode} (its message is above)")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    if stop.is_set():
        return
    raise ServeError(f"the oxigraph server did not listen on port {port} within {START_TIMEOUT_S:.0f} s")


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def serve(options: ServeOptions) -> int:
    """Run the server until Ctrl-C or SIGTERM; 0 after a requested stop, 1 if the server died by itself."""
    check_store(options)
    port = options.port or free_port()
    if port_in_use(port):
        raise ServeError(f"port {port} on {HOST} is in use; pick another with --port (0 picks a free one)")
    from kg.sparql.front import FrontServer, Guard, base_path_of

    base_path = base_path_of(options.base)
    upstream = free_port()  # the oxigraph server's own port; clients talk to the front on `port`
    token = options.token or (secrets.token_urlsafe(24) if options.writable else "")
    guard = Guard(token, options.timeout_s, options.max_result_mb * 2**20)
    try:
        front = FrontServer((HOST, port), upstream, base_path, guard)
    except OSError as error:
        raise ServeError(f"port {port} on {HOST} is in use ({error}); pick another with --port") from error
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    marker = serve_marker(options.store_dir)
    own_marker = serving = False

    def start() -> subprocess.Popen:
        started = subprocess.Popen(
            server_command(options, upstream),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # Ctrl-C in the terminal reaches kg only; kg stops the server itself
            preexec_fn=_child_setup(options.max_memory_mb),
        )
        threading.Thread(target=_forward, args=(started.stdout, "oxigraph: "), daemon=True).start()
        return started

    child = start()
    try:
        _wait_until_listening(child, upstream, stop)
        threading.Thread(target=front.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
        serving = True
        if not stop.is_set():
            if serving_process(options.store_dir) is None:
                marker.write_text(f"{os.getpid()} {port} {options.mode}\n", encoding="utf-8")
                own_marker = True
            url = f"http://{HOST}:{port}"
            updates = f", updates {url}/update, graph store {url}/store" if options.writable else ""
            print(f"kg: serving {options.store_dir} ({options.mode}) at {url}/", flush=True)
            print(f"kg: SPARQL endpoint {url}/query{updates}; Ctrl-C stops", flush=True)
            public = options.base.rstrip("/") + "/" if "://" in options.base else f"{url}{base_path}"
            print(f"kg: IRIs https://w3id.org/kg-fr/... dereference at {public}... (Turtle, JSON-LD or HTML)",
                  flush=True)
            if token:
                print(f"kg: writes need the header 'Authorization: Bearer {token}'", flush=True)
        restarts = 0
        while not stop.is_set():
            while not stop.is_set() and child.poll() is None:
                stop.wait(0.2)
            if stop.is_set():
                break
            if restarts == MAX_RESTARTS:
                print(f"kg: error: the oxigraph server exited with code {child.returncode}", file=sys.stderr)
                return 1
            restarts += 1
            cap = f" (a query over the memory cap of {options.max_memory_mb} MB, --max-memory?)" \
                if options.max_memory_mb else ""
            print(f"kg: the oxigraph server stopped with code {child.returncode}{cap}; starting it again",
                  file=sys.stderr, flush=True)
            child = start()
            _wait_until_listening(child, upstream, stop)
        return 0
    finally:
        if serving:
            front.shutdown()  # returns once serve_forever has stopped
        front.server_close()
        _stop(child)
        if own_marker:
            marker.unlink(missing_ok=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if stop.is_set():
            print("kg: server stopped", file=sys.stderr, flush=True)
