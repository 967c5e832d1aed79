"""Hypothesis: odd text never breaks the extractor; odd names always give safe IRIs and parseable files."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.extract.article import extract_article
from kg.rdf.graph import build_quads
from kg.rdf.publish.files import write_outputs
from kg.records import Article, Corpus, Entity, Mention, ResolvedFact

# Text as a reader may produce it: any code point but lone surrogates (they cannot come out of a decoded file).
ANY_TEXT = st.characters(blacklist_categories=("Cs",))
# Fragments that reach the deeper paths: names, domains, verbs of the ten relations, punctuation.
FRAGMENTS = st.sampled_from([
    "Le site", "a été fermé par", "la gendarmerie", "a assigné", "Europol", "le tribunal judiciaire de Paris",
    "a ordonné le blocage de", "Zorba-Stream", "vizflix.to", "hébergé par", "a interpellé", "Jean Dupont",
    "(MPAA)", "« Le Film »", ",", ".", "\n\n", "l'", "Qui", "dont", "il", "a condamné", "bloque", "détient les droits",
])
FRENCH_ISH = st.lists(st.one_of(FRAGMENTS, st.text(ANY_TEXT, max_size=12)), max_size=30).map(" ".join)
# Names built to break naive IRI minting or serialisation.
NASTY = st.sampled_from(['"', "'", "<", ">", "<script>", " ", "\t", "\n", "\\", "{}", "😀", "👩‍⚖️", "שלום", "مرحبا",
                         "\u202e", "\u200f", "#", "%20", "?", "&", "^^", "@fr", "\x00", "\x7f", ""])
NAME = st.lists(st.one_of(NASTY, st.text(ANY_TEXT, max_size=8)), min_size=1, max_size=6).map("".join)
SAFE_IRI = re.compile(r"^https://w3id\.org/kg-fr/(entity|article|fact)/[A-Za-z0-9_.~-]+$")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(ANY_TEXT, max_size=400), FRENCH_ISH))
def test_extractor_never_raises(nlp, lexicon, text):
    result = extract_article(Article(id="fuzz", source="fuzz.txt", text=text), nlp=nlp, lexicon=lexicon)
    for mention in result.mentions:
        assert 0 <= mention.start <= mention.end <= len(text)
    for fact in result.facts:
        assert 0 <= fact.start <= fact.end <= len(text)


def _corpus(names: list[str], article_id: str, title: str) -> Corpus:
    article = Article(id=article_id, source=f"{article_id}.txt", text=" ".join(names), title=title, url=title)
    entities = {
        f"k{i}": Entity(f"k{i}", name, "Organization", names={name, name + " bis"}, articles={article.id})
        for i, name in enumerate(names)
    }
    facts = [
        ResolvedFact(f"k{i}", "sues", f"k{i + 1}", article.id, f"{a} poursuit {b}.", 0, 5, "fuzz", 0.5, "explicit")
        for i, (a, b) in enumerate(zip(names, names[1:], strict=False))
    ]
    mentions = {key: [(article.id, Mention(e.label, 0, 1, "Organization"))] for key, e in entities.items()}
    return Corpus(articles=[article], entities=entities, facts=facts, mentions=mentions)


@settings(max_examples=20, deadline=None)
@given(names=st.lists(NAME, min_size=1, max_size=4, unique=True), article_id=NAME, title=NAME)
def test_nasty_names_give_safe_iris_and_parseable_files(names, article_id, title):
    with tempfile.TemporaryDirectory() as tmp:
        write_outputs(build_quads(_corpus(names, article_id, title)), Path(tmp))
        turtle = Graph().parse(Path(tmp) / "graph.ttl", format="turtle")
        quads = Dataset().parse(Path(tmp) / "graph.nq", format="nquads")
        jsonld = Graph().parse(Path(tmp) / "graph.jsonld", format="json-ld")
    minted = ("https://w3id.org/kg-fr/entity/", "https://w3id.org/kg-fr/article/", "https://w3id.org/kg-fr/fact/")
    ours = {t for triple in turtle for t in triple if isinstance(t, URIRef) and str(t).startswith(minted)}
    assert ours and all(SAFE_IRI.match(str(iri)) for iri in ours), sorted(ours)
    labels = {str(o) for s, o in turtle.subject_objects(RDFS.label) if "/entity/" in s}
    assert labels == set(names)  # every character survives the round trip
    assert Literal(names[0], lang="fr") in set(jsonld.objects(None, RDFS.label))
    assert len(set(quads.quads((None, None, None, None)))) >= len(turtle)
