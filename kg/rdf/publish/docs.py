"""Human documentation of the ontology, generated from ontology/kg.ttl into docs/ontology.html.

A small generator of our own rather than pyLODE: pyLODE 3.4 fails at import time outside a source
checkout (it reads its own pyproject.toml), and its page links a stylesheet and scripts online. This
one writes one self-contained page, in French and English, every text escaped, terms sorted: the same
Turtle always gives the same bytes, so a test can tell whether the committed page is current.
"""

from __future__ import annotations

import html
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.io import atomic_write
from kg.rdf.ontology import load_ontology
from kg.rdf.vocab import DCTERMS, IN_CHECKOUT, KGO, ONTOLOGY_FILE, PREFIXES, SCHEMA, VANN

# the project's docs/ folder in a checkout; from an installed wheel, docs/ under the current folder
DOCS_FILE = (ONTOLOGY_FILE.parent.parent / "docs" if IN_CHECKOUT else Path("docs")) / "ontology.html"

# Header terms of the owl:Ontology node (Dublin Core and VANN, which kg's own graphs never use).
DCTERMS_TITLE = DCTERMS.title
DCTERMS_DESCRIPTION = DCTERMS.description
DCTERMS_LICENSE = DCTERMS.license
DCTERMS_CREATOR = DCTERMS.creator
VANN_PREFIX = VANN.preferredNamespacePrefix

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
section.term { border: 1px solid #ddd; border-radius: 4px; padding: .4rem 1rem; margin: 1rem 0; }
section.term h3 { margin: .4rem 0; } code { background: #f4f4f4; padding: 0 .2rem; }
table { border-collapse: collapse; } th, td { text-align: left; vertical-align: top; padding: .15rem .6rem; }
th { color: #555; font-weight: normal; white-space: nowrap; } .en { color: #555; }
ul.tree { list-style: none; padding-left: 1.2rem; } nav ul { columns: 3; }
"""


def _text(graph: Graph, node, prop, lang: str) -> str:
    values = sorted(str(v) for v in graph.objects(node, prop) if isinstance(v, Literal) and v.language == lang)
    return values[0] if values else ""


def _prefixed(term: URIRef) -> str:
    for prefix, namespace in sorted(PREFIXES.items()):
        if str(term).startswith(str(namespace)) and len(str(term)) > len(str(namespace)):
            return f"{prefix}:{str(term)[len(str(namespace)):]}"
    return f"<{term}>"


def _link(term) -> str:
    """An HTML reference to a term: an anchor inside the page for kgo terms, the IRI otherwise."""
    if isinstance(term, URIRef) and str(term).startswith(str(KGO)):
        local = str(term)[len(str(KGO)) :]
        return f'<a href="#{html.escape(local)}"><code>kgo:{html.escape(local)}</code></a>'
    if isinstance(term, URIRef):
        return f'<a href="{html.escape(str(term))}"><code>{html.escape(_prefixed(term))}</code></a>'
    return html.escape(str(term))


def _class_expression(graph: Graph, node) -> str:
    """A class or datatype, with an owl:unionOf written out as 'A or B'."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return " or ".join(_link(m) for m in Collection(graph, members))
    return _link(node)


def _terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted((t for t in graph.subjects(RDF.type, kind) if str(t).startswith(str(KGO))), key=str)


def _local(term: URIRef) -> str:
    return str(term)[len(str(KGO)) :]


def _row(name: str, value: str) -> str:
    return f"<tr><th>{name}</th><td>{value}</td></tr>" if value else ""


def _term_section(graph: Graph, term: URIRef, rows: list[str]) -> str:
    local = html.escape(_local(term))
    label_fr = html.escape(_text(graph, term, RDFS.label, "fr"))
    label_en = html.escape(_text(graph, term, RDFS.label, "en"))
    comment_fr = html.escape(_text(graph, term, RDFS.comment, "fr"))
    comment_en = html.escape(_text(graph, term, RDFS.comment, "en"))
    return "\n".join(
        [
            f'<section class="term" id="{local}">',
            f'<h3>{label_fr} <span class="en">/ {label_en}</span></h3>',
            f"<p><code>{html.escape(str(term))}</code></p>",
            f'<p lang="fr">{comment_fr}</p>',
            f'<p lang="en" class="en">{comment_en}</p>',
            "<table>",
            *(r for r in rows if r),
            "</table>",
            "</section>",
        ]
    )


def _class_tree(graph: Graph, classes: list[URIRef]) -> str:
    kg_classes = set(classes)

    def parents(term):
        return {p for p in graph.objects(term, RDFS.subClassOf) if p in kg_classes}

    def branch(term) -> str:
        children = sorted((c for c in kg_classes if term in parents(c)), key=str)
        inner = f'<ul class="tree">{"".join(branch(c) for c in children)}</ul>' if children else ""
        return f"<li>{_link(term)} {html.escape(_text(graph, term, RDFS.label, 'fr'))}{inner}</li>"

    roots = [c for c in classes if not parents(c)]
    return f'<ul class="tree">{"".join(branch(r) for r in roots)}</ul>'


def render_ontology_html(graph: Graph) -> str:
    """The ontology as one self-contained HTML page.

    >>> page = render_ontology_html(load_ontology())
    >>> 'id="Court"' in page and "kgo:Organization" in page
    True
    """
    ontology = next(iter(sorted(graph.subjects(RDF.type, OWL.Ontology), key=str)))
    classes = _terms(graph, OWL.Class)
    object_properties = _terms(graph, OWL.ObjectProperty)
    datatype_properties = _terms(graph, OWL.DatatypeProperty)

    def uses(prop: URIRef, term: URIRef) -> list[URIRef]:
        found = []
        for p in object_properties + datatype_properties:
            for expr in graph.objects(p, prop):
                members = list(Collection(graph, graph.value(expr, OWL.unionOf))) if isinstance(expr, BNode) else [expr]
                if term in members:
                    found.append(p)
        return sorted(set(found), key=str)

    def links(terms) -> str:
        return ", ".join(_link(t) for t in sorted(terms, key=str))

    class_sections = [
        _term_section(
            graph,
            c,
            [
                _row("subclass of", links(graph.objects(c, RDFS.subClassOf))),
                _row("subclasses", links(graph.subjects(RDFS.subClassOf, c))),
                _row("domain of", links(uses(RDFS.domain, c))),
                _row("range of", links(uses(RDFS.range, c))),
            ],
        )
        for c in classes
    ]

    def property_section(p: URIRef) -> str:
        return _term_section(
            graph,
            p,
            [
                _row("domain", " ; ".join(_class_expression(graph, d) for d in graph.objects(p, RDFS.domain))),
                _row("range", " ; ".join(_class_expression(graph, r) for r in graph.objects(p, RDFS.range))),
                _row("inverse of", links(graph.objects(p, OWL.inverseOf))),
                _row("subproperty of", links(graph.objects(p, RDFS.subPropertyOf))),
                _row("schema.org domain", links(graph.objects(p, SCHEMA.domainIncludes))),
                _row("schema.org range", links(graph.objects(p, SCHEMA.rangeIncludes))),
            ],
        )

    title_fr = html.escape(_text(graph, ontology, DCTERMS_TITLE, "fr"))
    title_en = html.escape(_text(graph, ontology, DCTERMS_TITLE, "en"))
    header = [
        _row("IRI", f"<code>{html.escape(str(ontology))}</code>"),
        _row("version IRI", links(graph.objects(ontology, OWL.versionIRI))),
        _row("version", html.escape(str(graph.value(ontology, OWL.versionInfo) or ""))),
        _row("namespace", f"<code>{html.escape(str(KGO))}</code>"),
        _row("prefix", f"<code>{html.escape(str(graph.value(ontology, VANN_PREFIX) or ''))}</code>"),
        _row("license", links(graph.objects(ontology, DCTERMS_LICENSE))),
        _row("creator", html.escape(str(graph.value(ontology, DCTERMS_CREATOR) or ""))),
        _row("source", "<code>ontology/kg.ttl</code>, shapes in <code>ontology/shapes.ttl</code>"),
    ]
    contents = "".join(
        f'<li><a href="#{html.escape(_local(t))}">{html.escape(_local(t))}</a></li>'
        for t in classes + object_properties + datatype_properties
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{title_fr}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<h1>{title_fr}</h1><p class="en">{title_en}</p>',
        "<table>",
        *(r for r in header if r),
        "</table>",
        f'<p lang="fr">{html.escape(_text(graph, ontology, DCTERMS_DESCRIPTION, "fr"))}</p>',
        f'<p lang="en" class="en">{html.escape(_text(graph, ontology, DCTERMS_DESCRIPTION, "en"))}</p>',
        f"<nav><h2>Index</h2><ul>{contents}</ul></nav>",
        "<h2>Hiérarchie des classes / class hierarchy</h2>",
        _class_tree(graph, classes),
        f"<h2>Classes ({len(classes)})</h2>",
        *class_sections,
        f"<h2>Propriétés d'objet / object properties ({len(object_properties)})</h2>",
        *(property_section(p) for p in object_properties),
        f"<h2>Propriétés de données / datatype properties ({len(datatype_properties)})</h2>",
        *(property_section(p) for p in datatype_properties),
        "<p>Generated from ontology/kg.ttl by <code>kg docs</code>; do not edit by hand.</p>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def write_docs(out: Path = DOCS_FILE) -> Path:
    """Regenerate the documentation page from ontology/kg.ttl, atomically."""
    atomic_write(Path(out), render_ontology_html(load_ontology()))
    return Path(out)


def docs_are_current(path: Path = DOCS_FILE) -> bool:
    """True when the page at path is exactly what ontology/kg.ttl generates now."""
    path = Path(path)
    return path.is_file() and path.read_text(encoding="utf-8") == render_ontology_html(load_ontology())
