"""The HTTP front of `kg serve`: dereferences the graph's IRIs, and passes everything else to the oxigraph server.

A GET or HEAD on a path under the base (``/kg-fr/`` by default) is answered here, from the store
through the oxigraph server's SPARQL endpoint (kg.sparql.describe): Turtle, JSON-LD, N-Triples or HTML
by content negotiation, 404 when the graph says nothing about the IRI, 406 when no offered format is
acceptable. Every other request (the SPARQL endpoint ``/query``, ``/update``, the Graph Store
``/store``, oxigraph's query page) goes to the oxigraph server unchanged, and its answer comes back
unchanged: the endpoint behaves exactly as oxigraph's own.

Who may ask (#17): every request must name this server as its Host (127.0.0.1:PORT or localhost:PORT: no
DNS rebinding), a request that changes nothing may come from anywhere, but a write (SPARQL update, Graph Store
PUT, POST, DELETE) must come from no other origin (its Origin header, when sent, is this server's; a
cross-site Sec-Fetch-Site is refused) and carry the server's token (``Authorization: Bearer TOKEN``): an HTML
form on another site cannot empty the store. Limits: an answer slower than the timeout gives 503, one larger
than the cap 503, each with a message that says which limit and how to change it.

Standard library only (http.server, http.client); one thread per request.
"""

from __future__ import annotations

import hmac
import http.client
import sys
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kg.sparql import describe

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length"}
DEFAULT_BASE_PATH = "/kg-fr/"


def base_path_of(base: str) -> str:
    """The path the w3id namespace is served at, from --base (a path or a URL), always with a final slash.

    >>> base_path_of("https://kg.example.org/data"), base_path_of("/kg-fr/"), base_path_of("")
    ('/data/', '/kg-fr/', '/kg-fr/')
    """
    if not base:
        return DEFAULT_BASE_PATH
    path = urlsplit(base).path if "://" in base else base
    path = "/" + path.strip("/") + "/"
    return "/" if path == "//" else path


@dataclass(frozen=True)
class Guard:
    """What the front lets through: the write token (empty: no writes), the time and size limits."""

    token: str = ""
    timeout_s: float = 0  # wall clock for one upstream answer; 0: none
    max_bytes: int = 0  # largest answer passed on; 0: no cap


def is_write(method: str, path: str) -> bool:
    """A request that can change the store: anything but GET, HEAD, OPTIONS, and POST of a query.

    >>> is_write("POST", "/query"), is_write("POST", "/update"), is_write("PUT", "/store?default"), is_write("GET", "/")
    (False, True, True, False)
    """
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    return not (method == "POST" and urlsplit(path).path == "/query")


class FrontServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a port in use is an error, not shared

    def __init__(self, address: tuple[str, int], upstream_port: int, base_path: str, guard: Guard | None = None):
        self.upstream_port = upstream_port
        self.base_path = base_path
        super().__init__(address, FrontHandler)
        self.guard = guard or Guard()
        port = self.server_address[1]
        self.own_hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}

    def upstream(self, timeout: float | None = None) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=timeout)


class FrontHandler(BaseHTTPRequestHandler):
    server: FrontServer
    server_version = "kg"
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the signature http.server calls
        pass

    # ------------------------------------------------------------ routing

    def do_GET(self) -> None:
        if self._allowed():
            self._route(send_body=True)

    def do_HEAD(self) -> None:
        if self._allowed():
            self._route(send_body=False)

    def do_POST(self) -> None:
        if self._allowed():
            self._proxy()

    def _refuse(self, status: int, message: str) -> None:
        self.close_connection = True
        self._send(status, "text/plain; charset=utf-8", f"kg serve: {message}\n".encode(), self.command != "HEAD")

    def _allowed(self) -> bool:
        """False, having answered 403 or 401, when the request may not go on."""
        host = self.headers.get("Host")
        if host is not None and host.lower() not in self.server.own_hosts:
            self._refuse(403, f"Host {host!r} is not this server ({sorted(self.server.own_hosts)[0]})")
            return False
        if not is_write(self.command, self.path):
            return True
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in self.server.own_hosts}:
            self._refuse(403, f"a write from another origin ({origin}) is refused")
            return False
        if self.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
            self._refuse(403, "a cross-site write is refused")
            return False
        token = self.server.guard.token
        if token:
            given = self.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                self._refuse(401, "a write needs the header 'Authorization: Bearer TOKEN' (kg serve printed it)")
                return False
        return True

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def _route(self, send_body: bool) -> None:
        split = urlsplit(self.path)
        base = self.server.base_path
        if split.path.startswith(base) and split.path != base:
            self._dereference(split.path, split.query, send_body)
        else:
            self._proxy()

    # ------------------------------------------------------------ dereferencing

    def _send(self, status: int, content_type: str, body: bytes, send_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _construct(self, query: str) -> bytes:
        timeout = self.server.guard.timeout_s
        connection = self.server.upstream(timeout + 1 if timeout else None)
        try:
            connection.request("POST", "/query", body=query.encode("utf-8"), headers={
                "Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
            response = connection.getresponse()
            data = response.read()
            if response.status != 200:
                raise OSError(f"the SPARQL endpoint answered {response.status}: {data[:300].decode(errors='replace')}")
            return data
        finally:
            connection.close()

    def _dereference(self, path: str, query: str, send_body: bool) -> None:
        explicit = (parse_qs(query).get("format") or [None])[0]
        fmt = describe.negotiate(self.headers.get("Accept"), explicit)
        if fmt is None:
            offered = ", ".join(sorted({k for k, v in describe.MEDIA_TYPES.items()}))
            self._send(406, "text/plain; charset=utf-8", f"Not acceptable; offered: {offered}\n".encode(), send_body)
            return
        iri = describe.iri_of_path(path, self.server.base_path)
        if iri is None:
            self._send(404, "text/plain; charset=utf-8", b"Not a graph IRI\n", send_body)
            return
        from rdflib import Graph

        try:
            if iri == describe.ONTOLOGY or iri.startswith(describe.ONTOLOGY + "/"):
                from kg.rdf.ontology import load_ontology

                graph = load_ontology()
                if fmt == "html":
                    from kg.rdf.publish.docs import render_ontology_html

                    self._send(200, describe.CONTENT_TYPES["html"], render_ontology_html(graph).encode(), send_body)
                    return
            else:
                graph = Graph().parse(data=self._construct(describe.describe_query(iri)).decode("utf-8"), format="nt")
        except (OSError, http.client.HTTPException) as error:
            self._send(502, "text/plain; charset=utf-8", f"kg: cannot read the store: {error}\n".encode(), send_body)
            return
        if len(graph) == 0:
            if fmt == "html":
                self._send(404, describe.CONTENT_TYPES["html"], describe.not_found_html(iri).encode(), send_body)
            else:
                self._send(404, "text/plain; charset=utf-8", f"The graph says nothing about <{iri}>\n".encode(),
                           send_body)
            return
        if fmt == "html":
            body = describe.render_html(graph, iri, self.server.base_path).encode("utf-8")
        elif iri == describe.ONTOLOGY or iri.startswith(describe.ONTOLOGY + "/"):
            body = graph.serialize(format={"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}[fmt]).encode("utf-8")
        else:
            body = describe.serialise(graph, fmt)
        self._send(200, describe.CONTENT_TYPES[fmt], body, send_body)

    # ------------------------------------------------------------ the SPARQL endpoint, passed through

    def _body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def _proxy(self) -> None:
        try:
            body = self._body()
        except ValueError:
            self._send(400, "text/plain; charset=utf-8", b"Bad request body\n")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"authorization"}}
        guard = self.server.guard
        connection = self.server.upstream(guard.timeout_s + 1 if guard.timeout_s else None)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read(guard.max_bytes + 1) if guard.max_bytes else response.read()
            if guard.max_bytes and len(data) > guard.max_bytes:
                self._refuse(503, f"the answer is larger than {guard.max_bytes // 2**20} MB (--max-result-mb); "
                                  "add a LIMIT, or restart kg serve with a larger --max-result-mb")
                return
        except TimeoutError:
            self._refuse(503, f"the query ran longer than {guard.timeout_s:g} s (--timeout) and was stopped; "
                              "narrow it or add a LIMIT")
            return
        except (OSError, http.client.HTTPException) as error:
            print(f"kg: the oxigraph server did not answer: {error}", file=sys.stderr, flush=True)
            self._send(502, "text/plain; charset=utf-8",
                       b"The SPARQL server did not answer (a query over its memory cap, --max-memory, stops it; "
                       b"kg serve starts it again)\n", self.command != "HEAD")
            return
        finally:
            connection.close()
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() not in ("server", "date"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
