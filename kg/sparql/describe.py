"""Dereferencing: what `kg serve` answers for a GET on the path of one of the graph's IRIs.

``https://w3id.org/kg-fr/entity/mpaa`` is served at ``{base}entity/mpaa`` (``/kg-fr/entity/mpaa`` by
default). The description is one SPARQL CONSTRUCT on the store: the IRI's own statements in and out,
the provenance records (``kgo:Assertion``) and the events it takes part in (or, for an article, that
come from it) with all their statements, and the labels, types and headlines of every node these
name. It is given, by content negotiation (the Accept header, or ``?format=ttl|jsonld|nt|html``), as
Turtle, JSON-LD or N-Triples (written by the same code as the published files) or as an HTML page:
label, type, other names, every fact in and out with its evidence sentence and article, the timeline
of its events, its neighbours, and every other statement. All text on the page is HTML-escaped.

The change report (``/kg-fr/changes``) is read from its named graph, and the ontology
(``/kg-fr/ontology``, its version IRIs) from ``ontology/kg.ttl``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.rdf.graph import Quads
from kg.rdf.vocab import BASE, KGO, PREFIXES, SCHEMA

CHANGES = BASE + "changes"
ONTOLOGY = BASE + "ontology"
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')

# media type -> the format name used here; the first of each format is the one answered
MEDIA_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
CONTENT_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "html": "text/html; charset=utf-8",
}
FORMAT_NAMES = {"ttl": "ttl", "turtle": "ttl", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
                "nt": "nt", "ntriples": "nt", "html": "html"}
DEFAULT_FORMAT = "ttl"  # for */*, or no Accept header: what a linked-data client asks for


def negotiate(accept: str | None, explicit: str | None = None) -> str | None:
    """The format to answer: ?format= first, then the Accept header by quality (ties: the header's order).

    None when nothing acceptable is offered (the server answers 406).

    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    'html'
    >>> negotiate("application/ld+json"), negotiate(None), negotiate("*/*"), negotiate("image/png")
    ('jsonld', 'ttl', 'ttl', None)
    >>> negotiate("text/html", "ttl"), negotiate("text/turtle;q=0.5, text/html;q=0.4")
    ('ttl', 'ttl')
    """
    if explicit:
        return FORMAT_NAMES.get(explicit.lower())
    if not accept or not accept.strip():
        return DEFAULT_FORMAT
    offers: list[tuple[float, int, str]] = []
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        quality = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media in MEDIA_TYPES:
            offers.append((-quality, order, MEDIA_TYPES[media]))
        elif media in ("*/*", "text/*", "application/*"):
            offers.append((-quality, order, DEFAULT_FORMAT if media != "application/*" else "jsonld"))
    return min(offers)[2] if offers else None


def iri_of_path(path: str, base_path: str) -> str | None:
    """The graph IRI a request path stands for, or None when the path is not under base_path.

    >>> iri_of_path("/kg-fr/entity/mpaa", "/kg-fr/")
    'https://w3id.org/kg-fr/entity/mpaa'
    >>> iri_of_path("/query", "/kg-fr/") is None, iri_of_path("/kg-fr/entity/a%3Eb", "/kg-fr/") is None
    (True, True)
    """
    if not path.startswith(base_path):
        return None
    from urllib.parse import unquote

    local = unquote(path[len(base_path):])
    if not local or _IRI_FORBIDDEN.search(local):
        return None
    return BASE + local


def path_of_iri(iri: str, base_path: str) -> str:
    """Where a graph IRI is served (the IRI itself when it is not under the namespace)."""
    if iri.startswith(BASE):
        return base_path + quote(iri[len(BASE):], safe="/-._~#")
    return iri


def describe_query(iri: str) -> str:
    """The CONSTRUCT that gathers what a page about iri shows (iri already checked for forbidden characters)."""
    if iri == CHANGES:
        return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{CHANGES}> {{ ?s ?p ?o }} }}"
    x = f"<{iri}>"
    ends = "kgo:agent|kgo:target|kgo:place|kgo:concerns"
    return f"""PREFIX kgo: <{KGO}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX prov: <{PROV}>
PREFIX schema: <{SCHEMA}>
CONSTRUCT {{
  {x} ?p ?o . ?s ?q {x} .
  ?a ?ap ?ao .
  ?e ?ep ?eo .
  ?n a ?nt . ?n rdfs:label ?nl . ?n schema:headline ?nh . ?n schema:datePublished ?nd .
}}
WHERE {{
  {{ {x} ?p ?o }}
  UNION {{ ?s ?q {x} }}
  UNION {{
    {{ ?a rdf:subject {x} }} UNION {{ ?a rdf:object {x} }} UNION {{ ?a prov:wasDerivedFrom {x} }}
    UNION {{ {x} kgo:assertion ?a }}
    ?a a kgo:Assertion ; ?ap ?ao .
  }}
  UNION {{
    {{ ?e {ends} {x} }} UNION {{ ?e kgo:assertion {x} }} UNION {{ ?e prov:wasDerivedFrom {x} . ?e kgo:sentenceText ?t }}
    ?e a ?et .
    FILTER (?et != kgo:Assertion)
    ?e ?ep ?eo .
  }}
  UNION {{
    {{ {x} ?p1 ?n }} UNION {{ ?n ?q1 {x} }}
    UNION {{ ?a1 rdf:subject|rdf:object|prov:wasDerivedFrom {x} ; rdf:subject|rdf:object|prov:wasDerivedFrom ?n }}
    UNION {{ ?e1 {ends}|kgo:assertion|prov:wasDerivedFrom {x} ; {ends}|prov:wasDerivedFrom ?n }}
    FILTER (isIRI(?n) && ?n != {x})
    {{ ?n a ?nt }} UNION {{ ?n rdfs:label ?nl }}
    UNION {{ ?n schema:headline ?nh }} UNION {{ ?n schema:datePublished ?nd }}
  }}
}}"""


# ---------------------------------------------------------------- serialisations


def serialise(graph: Graph, fmt: str) -> bytes:
    """Turtle, JSON-LD (compact, under kg's context) or N-Triples of a description, byte-stable."""
    from kg.rdf.publish.files import Rendering

    quads = Quads()
    quads.default.update(graph)
    rendering = Rendering(quads)
    if fmt == "ttl":
        return rendering.turtle().encode()
    if fmt == "jsonld":
        return rendering.jsonld().encode()
    return rendering.ntriples.encode()


# ---------------------------------------------------------------- the HTML page


@dataclass
class Page:
    graph: Graph
    iri: URIRef
    base_path: str

    def href(self, node) -> str:
        return html.escape(path_of_iri(str(node), self.base_path), quote=True)

    def label(self, node) -> str:
        g = self.graph
        for prop in (RDFS.label, SCHEMA.headline):
            values = sorted(g.objects(node, prop),
                            key=lambda v: (getattr(v, "language", None) not in ("fr", None), str(v)))
            if values:
                return str(values[0])
        return compact(str(node))

    def link(self, node) -> str:
        if isinstance(node, Literal):
            return html.escape(str(node))
        text = html.escape(self.label(node))
        target = str(node)
        if not (target.startswith(BASE) or target.startswith(("http://", "https://"))):
            return f"<code>{html.escape(target)}</code>"
        return f'<a href="{self.href(node)}" title="{html.escape(target, quote=True)}">{text}</a>'

    def links(self, nodes) -> str:
        return ", ".join(self.link(n) for n in sorted(set(nodes), key=str)) or "—"


def compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and re.fullmatch(r"[\w.-]+", iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


_STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
h1{margin-bottom:.2em}table.summary th{width:10em}code{font-size:90%}.iri{color:#555}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f5f5f5}
.sentence{color:#333;font-style:italic}ul.neighbours{columns:3}a{color:#0645ad;text-decoration:none}a:hover{text-decoration:underline}"""


def _date_key(graph: Graph, event) -> tuple:
    date = graph.value(event, KGO.date)
    article = graph.value(event, PROV.wasDerivedFrom)
    published = graph.value(article, SCHEMA.datePublished) if article is not None else None
    return (date is None, str(date or ""), str(published or ""), str(article or ""), str(event))


def render_html(graph: Graph, iri: str, base_path: str) -> str:
    """The HTML page about iri from its description graph."""
    node = URIRef(iri)
    page = Page(graph, node, base_path)
    g = graph
    esc = html.escape
    title = page.label(node)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        f"<title>{esc(title)} — kg</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="iri"><code>{esc(iri)}</code> · '
        f'<a href="?format=ttl">Turtle</a> · <a href="?format=jsonld">JSON-LD</a> · '
        f'<a href="?format=nt">N-Triples</a></p>',
    ]
    facts_html: list[str] = []
    rows = []
    types = sorted(set(g.objects(node, RDF.type)), key=str)
    summary = [("type", page.links(types))]
    names = sorted({str(n) for n in g.objects(node, SKOS.altLabel)})
    if names:
        summary.append(("other names", esc(", ".join(names))))
    for prop, what in ((OWL.sameAs, "same as"), (SKOS.exactMatch, "exact match")):
        targets = list(g.objects(node, prop))
        if targets:
            summary.append((what, page.links(targets)))
    merged = list(g.subjects(OWL.sameAs, node))
    if merged:
        summary.append(("also published as", page.links(merged)))
    for prop, what in ((SCHEMA.headline, "headline"), (SCHEMA.datePublished, "published"),
                       (SCHEMA.publisher, "publisher"), (SCHEMA.author, "author")):
        value = g.value(node, prop)
        if value is not None:
            summary.append((what, esc(str(value))))
    url = g.value(node, SCHEMA.url)
    if url is not None and str(url).startswith(("http://", "https://")):
        summary.append(("url", f'<a href="{esc(str(url), quote=True)}" rel="nofollow">{esc(str(url))}</a>'))
    rows_html = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in summary)
    parts.append(f'<table class="summary">{rows_html}</table>')

    # facts in and out (or, for an article, from it), each with its evidence
    assertions = [a for a in g.subjects(RDF.type, KGO.Assertion)
                  if node in (g.value(a, RDF.subject), g.value(a, RDF.object), g.value(a, PROV.wasDerivedFrom))
                  or (node, KGO.assertion, a) in g or a == node]
    for a in assertions:
        s, p, o, art = (g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object),
                        g.value(a, PROV.wasDerivedFrom))
        start = g.value(a, KGO.startOffset)
        rows.append((str(art or ""), int(start) if start is not None else 0, str(s), str(p), str(o), a))
    for art, _, _, _, _, a in sorted(rows):
        s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
        sentence = g.value(a, KGO.sentenceText)
        confidence = g.value(a, KGO.confidence)
        facts_html.append(
            f"<tr><td>{page.link(s)}</td><td>{page.link(p) if p is not None else ''}</td><td>{page.link(o)}</td>"
            f'<td class="sentence">{esc(str(sentence or ""))}</td>'
            f"<td>{page.link(URIRef(art)) if art else ''}</td>"
            f'<td><a href="{page.href(a)}">{esc(str(confidence or ""))}</a></td></tr>'
        )
    parts += _section("Facts", ("subject", "relation", "object", "evidence", "article", "confidence"), facts_html,
                      "No fact.")

    # the timeline: events it takes part in (or that an article reports), dated first
    events = {e for prop in (KGO.agent, KGO.target, KGO.place, KGO.concerns) for e in g.subjects(prop, node)}
    events |= {e for e in g.subjects(PROV.wasDerivedFrom, node) if (e, RDF.type, KGO.Assertion) not in g}
    events |= {e for e in g.subjects(KGO.assertion, node)}
    if (node, KGO.agent, None) in g or (node, KGO.target, None) in g or (node, KGO.sentenceText, None) in g:
        if (node, RDF.type, KGO.Assertion) not in g and (node, RDF.type, SCHEMA.NewsArticle) not in g:
            events.add(node)
    events = {e for e in events if any(str(t).startswith(str(KGO)) for t in g.objects(e, RDF.type))}
    timeline = []
    for e in sorted(events, key=lambda e: _date_key(g, e)):
        date = g.value(e, KGO.date)
        date_text = g.value(e, KGO.dateText)
        when = esc(str(date)) if date is not None else "—"
        if date_text is not None:
            when += f' <span class="iri">({esc(str(date_text))})</span>'
        kind = page.links(g.objects(e, RDF.type))
        timeline.append(
            f'<tr><td>{when}</td><td><a href="{page.href(e)}">{kind}</a></td>'
            f"<td>{page.links(g.objects(e, KGO.agent))}</td>"
            f"<td>{page.links(g.objects(e, KGO.target))}{esc(' ' + str(g.value(e, KGO.targetDescription) or ''))}</td>"
            f"<td>{page.links(g.objects(e, KGO.place))}</td>"
            f'<td class="sentence">{esc(str(g.value(e, KGO.sentenceText) or ""))}</td>'
            f"<td>{page.links(g.objects(e, PROV.wasDerivedFrom))}</td></tr>"
        )
    parts += _section("Timeline", ("date", "event", "agent", "target", "place", "evidence", "article"), timeline,
                      "No event.")

    # neighbours: what it is directly linked to, in the graph's namespace
    skip = {RDF.type, KGO.assertion, PROV.wasDerivedFrom}
    neighbours = {o for p, o in g.predicate_objects(node) if isinstance(o, URIRef) and p not in skip}
    neighbours |= {s for s, p in g.subject_predicates(node) if p not in (RDF.subject, RDF.object, KGO.agent,
                                                                         KGO.target, KGO.place, KGO.concerns)}
    neighbours = {n for n in neighbours if str(n).startswith(BASE) and not str(n).startswith(str(KGO))
                  and (n, RDF.type, KGO.Assertion) not in g and n not in events}
    parts.append(f"<h2>Neighbours ({len(neighbours)})</h2>")
    if neighbours:
        items = sorted(neighbours, key=lambda n: (page.label(n).casefold(), str(n)))
        parts.append('<ul class="neighbours">' + "".join(f"<li>{page.link(n)}</li>" for n in items) + "</ul>")

    # every statement, out then in
    out_rows = sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1])))
    in_rows = sorted(g.subject_predicates(node), key=lambda sp: (str(sp[1]), str(sp[0])))
    parts.append(f"<h2>All statements ({len(out_rows) + len(in_rows)})</h2><table>"
                 "<tr><th>subject</th><th>property</th><th>value</th></tr>")
    parts += [f"<tr><td>this</td><td>{page.link(p)}</td><td>{page.link(o)}</td></tr>" for p, o in out_rows]
    parts += [f"<tr><td>{page.link(s)}</td><td>{page.link(p)}</td><td>this</td></tr>" for s, p in in_rows]
    parts.append("</table>")
    parts.append('<p class="iri">kg · <a href="/">SPARQL endpoint</a></p></body></html>')
    return "\n".join(parts) + "\n"


def not_found_html(iri: str) -> str:
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Not found — kg</title></head>'
            f"<body><h1>Not found</h1><p>The graph says nothing about <code>{html.escape(iri)}</code>.</p>"
            "</body></html>\n")


def _section(title: str, headers: tuple[str, ...], rows: list[str], empty: str) -> list[str]:
    """A titled table of ready-made rows, or a line saying there is none."""
    if not rows:
        return [f"<h2>{title} (0)</h2>", f"<p>{empty}</p>"]
    head = "".join(f"<th>{h}</th>" for h in headers)
    return [f"<h2>{title} ({len(rows)})</h2>", f"<table><tr>{head}</tr>" + "".join(rows) + "</table>"]
