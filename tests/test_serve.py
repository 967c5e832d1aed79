"""kg serve as a separate process, queried over HTTP with SPARQLWrapper; a fresh oxigraph server fed by the
Graph Store Protocol. Every server listens on 127.0.0.1 on a free port and is stopped by the test."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.rdf.publish.store import serve_marker
from kg.sparql.query import load_graph_file, load_query, open_store, query_rdflib, with_params
from kg.sparql.serve import free_port, oxigraph_binary
from kg.sparql.terms import parse_json_results, parse_param
from tests.bundled import PARAMS, QUERIES

REPO = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def start_kg_serve(store: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """`kg serve` in its own process; returns it and its base URL once it says it is serving."""
    port = free_port()
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port), *extra]
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    first = server.stdout.readline()  # blocks until kg prints its URL, or the process ends
    if not first.startswith("kg: serving"):
        server.kill()
        pytest.fail(f"kg serve did not start: {first!r} {server.stderr.read()}")
    server.stdout.readline()
    return server, f"http://127.0.0.1:{port}"


def stop(server: subprocess.Popen, sig=signal.SIGINT) -> int:
    server.send_signal(sig)
    try:
        return server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        pytest.fail("the server did not stop within 15 s")


def sparql(url: str, query: str):
    client = SPARQLWrapper(f"{url}/query")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return parse_json_results(client.query().response.read().decode("utf-8"))


def port_free(url: str) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", int(url.rsplit(":", 1)[1]))) != 0


def bundled(path: Path) -> str:
    """The bundled query as another server takes it: its own PREFIX lines (#18), parameters bound."""
    spec = PARAMS.get(path.name)
    params = dict([parse_param(spec)]) if spec else {}
    return with_params(load_query(str(path)), params)


@pytest.fixture(scope="module")
def seeds_ttl(built_seeds) -> Graph:
    return Graph().parse(built_seeds / "graph.ttl")


def test_kg_serve_read_only_answers_refuses_updates_and_stops(built_seeds, seeds_ttl, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built_seeds / "store", store)
    server, url = start_kg_serve(store)
    try:
        assert serve_marker(store).is_file()  # kg build will not replace the store under it
        (n,) = sparql(url, COUNT).rows[0]
        assert int(n.value) == len(seeds_ttl)
        hosting = sparql(url, bundled(REPO / "queries" / "hosting.rq"))
        assert hosting == query_rdflib(seeds_ttl, load_query(str(REPO / "queries" / "hosting.rq")))

        update = SPARQLWrapper(f"{url}/query", updateEndpoint=f"{url}/update")
        update.setMethod(POST)
        update.setQuery("INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }")
        with pytest.raises(Exception) as refused:
            update.query()
        assert "403" in str(refused.value) or "Forbidden" in str(refused.value)
        (after,) = sparql(url, COUNT).rows[0]
        assert after == n
    finally:
        code = stop(server)
    assert code == 0
    assert "server stopped" in server.stderr.read()
    assert port_free(url) and not serve_marker(store).exists()


def test_kg_serve_writable_takes_updates_and_stops_on_sigterm(built_seeds, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built_seeds / "store", store)
    server, url = start_kg_serve(store, "--writable", "--token", "s3cret")
    try:
        (before,) = sparql(url, COUNT).rows[0]
        request = urllib.request.Request(
            f"{url}/update",
            data=b"INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }",
            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (200, 204)
        (after,) = sparql(url, COUNT).rows[0]
        assert int(after.value) == int(before.value) + 1
    finally:
        code = stop(server, signal.SIGTERM)
    assert code == 0 and port_free(url)
    # the update was written to disk
    assert int(next(iter(open_store(store).query(COUNT)))[0].value) == int(before.value) + 1


def test_kg_serve_refuses_a_missing_store_and_a_busy_port(tmp_path, built_seeds):
    missing = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", "--store", str(tmp_path / "nothing"), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "no Oxigraph store here" in missing.stderr
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run(
            [sys.executable, "-m", "kg.cli", "serve", "--store", str(built_seeds / "store"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert busy.returncode == 2 and f"port {port}" in busy.stderr


def test_fresh_oxigraph_server_loaded_through_graph_store_protocol(built_seeds, seeds_ttl, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path / "fresh"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while port_free(url):
            assert time.monotonic() < deadline and server.poll() is None, "oxigraph serve did not start"
            time.sleep(0.1)
        request = urllib.request.Request(
            f"{url}/store?default",
            data=(built_seeds / "graph.ttl").read_bytes(),
            headers={"Content-Type": "text/turtle"},
            method="PUT",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201, 204)
        (n,) = sparql(url, COUNT).rows[0]
        assert int(n.value) == len(seeds_ttl)
        dataset = load_graph_file(built_seeds / "graph.ttl")  # a Dataset: GRAPH clauses (changes.rq) find nothing
        for path in QUERIES:
            spec = PARAMS.get(path.name)
            params = dict([parse_param(spec)]) if spec else {}
            expected = query_rdflib(dataset, load_query(str(path)), params)
            assert sparql(url, bundled(path)) == expected, path.name
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)


# ---------------------------------------------------------------- #17: nobody let in, no query takes the machine


def _http(url: str, data: bytes | None = None, headers: dict | None = None, method: str = "GET"):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def test_writable_kg_serve_refuses_cross_origin_and_tokenless_writes(built_seeds, tmp_path):
    import urllib.parse

    store = tmp_path / "store"
    shutil.copytree(built_seeds / "store", store)
    server, url = start_kg_serve(store, "--writable", "--token", "s3cret")
    drop = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        (before,) = sparql(url, COUNT).rows[0]
        # what an HTML form on another site sends, with and even with the token
        for extra in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                      {"Origin": "http://evil.example", "Authorization": "Bearer s3cret"}):
            status, body = _http(f"{url}/update", drop, {**form, **extra}, "POST")
            assert status == 403 and "refused" in body, (extra, status, body)
        status, body = _http(f"{url}/update", drop, form, "POST")  # same origin, no token
        assert status == 401 and "Authorization: Bearer" in body
        status, _ = _http(f"{url}/store?default", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}, "PUT")
        assert status == 401
        status, body = _http(f"{url}/query?query=ASK%7B%7D", headers={"Host": "evil.example"})  # DNS rebinding
        assert status == 403 and "Host" in body
        assert int(sparql(url, COUNT).rows[0][0].value) == int(before.value)  # nothing was dropped
        ok = {**form, "Origin": url, "Authorization": "Bearer s3cret"}
        status, _ = _http(f"{url}/update", urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}
                                                                   ).encode(), ok, "POST")
        assert status in (200, 204)
        assert int(sparql(url, COUNT).rows[0][0].value) == int(before.value) + 1
    finally:
        stop(server)


def test_kg_serve_prints_a_write_token_when_none_is_given(built_seeds, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built_seeds / "store", store)
    server, url = start_kg_serve(store, "--writable")
    try:
        lines = [server.stdout.readline() for _ in range(2)]
        assert "Authorization: Bearer " in lines[1], lines
    finally:
        stop(server)


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
WIDE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000"
HUGE_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


def test_kg_serve_time_size_and_memory_limits(built_seeds):
    import urllib.parse

    server, url = start_kg_serve(built_seeds / "store", "--timeout", "2", "--max-result-mb", "1",
                                 "--max-memory", "300")
    try:
        started = time.monotonic()
        status, body = _http(f"{url}/query", urllib.parse.urlencode({"query": HEAVY}).encode(), method="POST")
        assert status == 503 and "longer than 2 s (--timeout)" in body and time.monotonic() - started < 10
        status, body = _http(f"{url}/query", urllib.parse.urlencode({"query": WIDE}).encode(), method="POST")
        assert status == 503 and "larger than 1 MB (--max-result-mb)" in body
        status, body = _http(f"{url}/query", urllib.parse.urlencode({"query": HUGE_SORT}).encode(), method="POST")
        assert status in (502, 503), body
        deadline = time.monotonic() + 20  # the server over its memory cap is started again
        while time.monotonic() < deadline:
            if _http(f"{url}/query?query=ASK%7B%7D")[0] == 200:
                break
            time.sleep(0.2)
        assert sparql(url, COUNT).rows
    finally:
        stop(server)
