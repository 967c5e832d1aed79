"""Namespaces, declared once for the whole project."""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VANN, XSD

BASE = "https://w3id.org/kg-fr/"
KGO = Namespace(BASE + "ontology#")
ENT = Namespace(BASE + "entity/")
ART = Namespace(BASE + "article/")
FACT = Namespace(BASE + "fact/")
EVENT = Namespace(BASE + "event/")
COMMUNITY = Namespace(BASE + "community/")
SUGGESTION = Namespace(BASE + "suggestion/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"

PREFIXES = {
    "kgo": KGO,
    "ent": ENT,
    "art": ART,
    "fact": FACT,
    "event": EVENT,
    "schema": SCHEMA,
    "wd": WD,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

PREDICATES = (
    "sues",
    "shutsDown",
    "hosts",
    "arrests",
    "orders",
    "blocks",
    "convicts",
    "operates",
    "locatedIn",
    "holdsRightsTo",
)

# Vocabularies the ontology's header and the shapes use, which kg's data never does.
HEADER_VOCABULARIES = {"dcterms": DCTERMS, "vann": VANN, "sh": SH}
