"""Namespaces and the ten relations (from kg/data/predicates.json), declared once for the whole project."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
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

_PACKAGE = Path(__file__).resolve().parents[1]
# A source checkout (or an editable install) reads the ontology and the shapes from the project's ontology/
# folder, their one source; an installed wheel reads the copies it ships as package data, kg/ontology/ (in
# the checkout, symbolic links to ontology/; tests/test_packaging.py installs the wheel and checks them).
IN_CHECKOUT = (_PACKAGE.parent / "pyproject.toml").is_file() and (_PACKAGE.parent / "ontology" / "kg.ttl").is_file()
ONTOLOGY_FILE = (_PACKAGE.parent if IN_CHECKOUT else _PACKAGE) / "ontology" / "kg.ttl"

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

COARSE_CLASSES = ("Person", "Organization", "Website", "Place", "CreativeWork")


@dataclass(frozen=True)
class Predicate:
    """One relation of kg, as kg/data/predicates.json declares it."""

    id: str  # local name under kgo:
    label_fr: str
    label_en: str
    comment_en: str
    domain: tuple[str, ...]  # coarse classes of the subject
    range: tuple[str, ...]  # coarse classes of the object
    inverse: str  # local name of the ontology's inverse property
    event: str | None  # the event class an action of this relation makes, if any


def load_predicates(text: str | None = None) -> tuple[Predicate, ...]:
    """The rows of kg/data/predicates.json (or of the JSON text given), checked.

    >>> [p.id for p in load_predicates()][:3]
    ['sues', 'shutsDown', 'hosts']
    >>> load_predicates('{"predicates": [{"id": "x"}]}')
    Traceback (most recent call last):
    ...
    ValueError: predicates.json, row 1 (x): missing comment_en, domain, event, inverse, label_en, label_fr, range
    """
    if text is None:
        text = resources.files("kg").joinpath("data", "predicates.json").read_text(encoding="utf-8")
    keys = {f for f in Predicate.__dataclass_fields__}
    rows = []
    for number, row in enumerate(json.loads(text)["predicates"], 1):
        missing, unknown = sorted(keys - set(row)), sorted(set(row) - keys)
        if missing or unknown:
            problem = "; ".join(f"{what} {', '.join(names)}" for what, names in (("missing", missing),
                                                                                 ("unknown", unknown)) if names)
            raise ValueError(f"predicates.json, row {number} ({row.get('id', '?')}): {problem}")
        for end in ("domain", "range"):
            if not row[end] or set(row[end]) - set(COARSE_CLASSES):
                raise ValueError(f"predicates.json, row {number} ({row['id']}): {end} {row[end]} is not a list "
                                 f"of coarse classes ({', '.join(COARSE_CLASSES)})")
        rows.append(Predicate(**{**row, "domain": tuple(row["domain"]), "range": tuple(row["range"])}))
    if len({p.id for p in rows}) != len(rows):
        raise ValueError("predicates.json: an id is declared twice")
    return tuple(rows)


PREDICATE_ROWS = load_predicates()
PREDICATES = tuple(p.id for p in PREDICATE_ROWS)

# Vocabularies the ontology's header and the shapes use, which kg's data never does.
HEADER_VOCABULARIES = {"dcterms": DCTERMS, "vann": VANN, "sh": SH}
