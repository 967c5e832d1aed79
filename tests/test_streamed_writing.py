"""The graph files are written as their lines are made (kg.rdf.publish.files.Rendering): the same bytes as the
whole texts, lines sorted as N-Quads and N-Triples sort them, and the rows give the quads' triples back."""

from __future__ import annotations

import io

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.io import stage
from kg.rdf.graph import Quads
from kg.rdf.publish.facts import facts_csv
from kg.rdf.publish.files import Rendering, write_outputs

X = "https://x.example/"


def tricky_quads() -> Quads:
    """Literals that are prefixes of one another, a blank node, named graphs, a triple only a named graph states."""
    quads = Quads()
    s, p, q = URIRef(X + "s"), URIRef(X + "p"), URIRef(X + "q")
    g1, g2 = URIRef(X + "g1"), URIRef(X + "g2")
    objects = [Literal("a"), Literal("a", lang="fr"), Literal("a b"), Literal("a", datatype=XSD.token),
               Literal("a\nb"), Literal(3), URIRef(X + "o"), URIRef(X + "o2"), Literal("é « x »", lang="fr")]
    for o in objects:
        quads.default.add((s, p, o))
    blank = BNode()
    quads.default.add((URIRef(X + "s2"), q, blank))
    quads.default.add((blank, RDFS.label, Literal("blank")))
    quads.default.add((URIRef(X + "s"), RDF.type, URIRef(X + "C")))
    quads.named(g1).add((s, p, URIRef(X + "o")))
    quads.named(g2).add((s, p, URIRef(X + "o")))
    quads.named(g2).add((s, p, Literal("a")))
    quads.named(g1).add((URIRef(X + "only"), p, Literal("in a named graph")))
    return quads


def lines_of(quads: Quads, rendering: Rendering) -> tuple[list[str], list[str]]:
    """The N-Quads and N-Triples lines as the writers made them before they streamed: every line, sorted."""
    terms = rendering.terms

    def form(term) -> str:
        return terms.literal(term) if isinstance(term, Literal) else terms.node(term)

    quad_lines, triple_lines = set(), set()
    for name, triples in quads.graphs.items():
        for s, p, o in triples:
            triple = f"{form(s)} {form(p)} {form(o)}"
            triple_lines.add(f"{triple} .")
            quad_lines.add(f"{triple} ." if name is None else f"{triple} {form(name)} .")
    return sorted(quad_lines), sorted(triple_lines)


def test_streamed_lines_are_the_sorted_lines():
    quads = tricky_quads()
    rendering = Rendering(quads)
    quad_lines, triple_lines = lines_of(quads, rendering)
    assert rendering.nquads() == "".join(f"{line}\n" for line in quad_lines)
    assert rendering.ntriples == "".join(f"{line}\n" for line in triple_lines)
    assert [f"{s} {p} {o} ." for s, p, _, o in rendering.rows] == triple_lines


def test_written_files_are_the_texts():
    rendering = Rendering(tricky_quads())
    for write, text in ((rendering.write_nquads, rendering.nquads()), (rendering.write_turtle, rendering.turtle()),
                        (rendering.write_jsonld, rendering.jsonld())):
        buffer = io.BytesIO()
        write(buffer)
        assert buffer.getvalue() == text.encode()
    assert Graph().parse(data=rendering.turtle(), format="turtle").isomorphic(
        Graph().parse(data=rendering.ntriples, format="nt")
    )


def test_empty_graph_files(tmp_path):
    written = write_outputs(Quads(), tmp_path)
    assert written["graph.nq"].read_bytes() == b""
    assert written["graph.jsonld"].read_text(encoding="utf-8").endswith('"@graph": [\n\n ]\n}\n')


def test_rows_give_the_quads_triples_back():
    quads = tricky_quads()
    rendering = Rendering(quads)
    assert sorted(rendering.triples()) == sorted(quads.triples())
    assert rendering.graph().isomorphic(quads.union())


def test_facts_from_the_rows(built_seeds):
    from rdflib import Dataset

    from kg.rdf.publish.facts import FACTS_FILE

    quads = Quads()  # the seeds' quads, back from their graph.nq
    for s, p, o, g in Dataset().parse(built_seeds / "graph.nq", format="nquads").quads():
        name = None if g is None or str(g).startswith("urn:x-rdflib:") else g
        (quads.default if name is None else quads.named(name)).add((s, p, o))
    assert len(quads.graphs) > 1
    assert facts_csv(Rendering(quads).triples()) == facts_csv(quads)
    assert facts_csv(quads) == (built_seeds / FACTS_FILE).read_text(encoding="utf-8")


def test_stage_a_writer(tmp_path):
    staged = stage(tmp_path / "a.bin", lambda handle: handle.write("é\n".encode()))
    assert staged.read_bytes() == "é\n".encode()


def test_two_terms_of_one_form_make_one_line():
    """"a" and "a"^^xsd:string are two rdflib terms with one N-Triples form: one row, one line, in every file; a
    triple stated only in a named graph keeps its row, and its default-graph line is not written."""
    quads = Quads()
    s, p = URIRef(X + "s"), URIRef(X + "p")
    quads.default.add((s, p, Literal("a")))
    quads.default.add((s, p, Literal("a", datatype=XSD.string)))
    quads.named(URIRef(X + "g")).add((s, p, Literal("a", datatype=XSD.string)))
    quads.named(URIRef(X + "g")).add((s, p, Literal("b")))
    rendering = Rendering(quads)
    assert [row[3] for row in rendering.rows] == ['"a"', '"b"']
    assert rendering.ntriples == f'<{X}s> <{X}p> "a" .\n<{X}s> <{X}p> "b" .\n'
    assert rendering.nquads() == (f'<{X}s> <{X}p> "a" .\n<{X}s> <{X}p> "a" <{X}g> .\n'
                                  f'<{X}s> <{X}p> "b" <{X}g> .\n')
