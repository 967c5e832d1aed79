"""The gazetteer data file: well-formed rows, classes of the ontology, no alias shared by two rows, no
common word as an alias; and well-known actors typed by the real pipeline in invented sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace

from kg.extract.article import extract_article
from kg.extract.entities import find_mentions
from kg.lexicon import DATA, fold
from kg.records import Article

ROOT = Path(__file__).resolve().parents[1]
KGO = Namespace("https://w3id.org/kg-fr/ontology#")
COARSE = {"Organization", "Website", "Person", "CreativeWork"}
KEYS = ("name", "aliases", "type", "subtype", "wikidata", "country", "source")

# Words a French news article writes with a capital at the start of a sentence or in a title, or that name
# something else than an actor of the field: none may be an alias (the lexicon matches any capitalised form).
COMMON_WORDS = {
    *"""mega méga orange free canal sky fox site sites torrent torrents streaming stream film films serie série
    manga anime iptv vpn dns internet web pirate pirates piratage justice police tribunal cour point express
    equipe équipe temps challenges contexte informe informé minutes apple visa meta x time popcorn library
    archive anonymous reloaded empress codex sparks scantrad kodi morpheus garda api sell bloc aria tim eir
    level cogent""".split(),
    *("tribunal fédéral", "cour fédérale", "justice américaine", "police néerlandaise", "police espagnole"),
}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    lines = (DATA / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), "no blank line"
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def subtypes() -> set[str]:
    """The Organization subclasses the ontology declares."""
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    return {
        str(c).removeprefix(str(KGO))
        for c in g.subjects(RDFS.subClassOf, KGO.Organization)
        if (c, RDF.type, OWL.Class) in g
    }


def test_the_ontology_declares_the_subtypes(subtypes):
    assert {"RightsHolder", "InternetServiceProvider", "LawEnforcement", "Court", "PirateGroup"} <= subtypes


def test_rows_are_well_formed(rows, subtypes):
    assert len(rows) >= 400
    for row in rows:
        assert set(row) <= set(KEYS) and {"name", "aliases", "type"} <= set(row), row
        assert list(row) == [k for k in KEYS if k in row], ("key order", row["name"])
        assert row["type"] in COARSE, row
        assert isinstance(row["aliases"], list) and all(isinstance(a, str) and a.strip() for a in row["aliases"])
        if "subtype" in row:
            assert row["type"] == "Organization" and row["subtype"] in subtypes, row
        if "wikidata" in row:
            assert re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"]), row
        if "source" in row:
            assert row["source"].startswith("https://"), row


def test_rows_are_sorted_by_name(rows):
    names = [row["name"].casefold() for row in rows]
    assert names == sorted(names)


def test_no_wikidata_id_is_given_twice(rows):
    ids = [row["wikidata"] for row in rows if "wikidata" in row]
    assert len(ids) == len(set(ids))


def test_no_folded_alias_is_shared_by_two_rows(rows):
    owner: dict[str, str] = {}
    for row in rows:
        for alias in (row["name"], *row["aliases"]):
            key = fold(alias)
            assert key, (row["name"], alias)
            assert owner.setdefault(key, row["name"]) == row["name"], (alias, owner[key], row["name"])


def test_no_alias_is_a_common_word(rows):
    common = {fold(w) for w in COMMON_WORDS}
    for row in rows:
        for alias in (row["name"], *row["aliases"]):
            if row["name"] in {"Orange", "Free", "Sky"} and alias == row["name"]:
                continue  # the three access providers kg has always known by these names
            assert fold(alias) not in common, (row["name"], alias)


def test_every_row_is_in_the_lexicon_under_each_alias(rows, lexicon):
    for row in rows:
        for alias in (row["name"], *row["aliases"]):
            known = lexicon.known[fold(alias)]
            assert (known.name, known.coarse) == (row["name"], row["type"])


def typed(nlp, lexicon, text: str) -> dict[str, tuple[str, str]]:
    return {m.mention.text: (m.mention.coarse, m.mention.fine) for m in find_mentions(nlp(text), lexicon)}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mathias Ortmann et Bram van der Kolk ont longtemps contesté leur extradition.",
            {"Mathias Ortmann": ("Person", ""), "Bram van der Kolk": ("Person", "")},
        ),
        (
            "Selon Peter Sunde, KickassTorrents et RARBG ne survivront pas à la décennie.",
            {"Peter Sunde": ("Person", ""), "KickassTorrents": ("Website", ""), "RARBG": ("Website", "")},
        ),
        (
            "Alexandra Elbakyan a répondu aux éditeurs que Library Genesis n'était pas son projet.",
            {"Alexandra Elbakyan": ("Person", ""), "Library Genesis": ("Website", "")},
        ),
        (
            "Hotfile, RapidShare et Zippyshare ont tous fermé leurs portes depuis.",
            {"Hotfile": ("Website", ""), "RapidShare": ("Website", ""), "Zippyshare": ("Website", "")},
        ),
        (
            "Shawn Fanning a créé Napster, que Sean Parker a rejoint peu après.",
            {"Shawn Fanning": ("Person", ""), "Napster": ("Website", ""), "Sean Parker": ("Person", "")},
        ),
        (
            "L'Agcom italienne et la Guardia di Finanza s'en prennent aux panneaux Xtream Codes.",
            {
                "Agcom": ("Organization", "Government"),
                "Guardia di Finanza": ("Organization", "LawEnforcement"),
                "Xtream Codes": ("Website", ""),
            },
        ),
        (
            "Ubisoft et Electronic Arts accusent Cox Communications de fermer les yeux.",
            {
                "Ubisoft": ("Organization", "RightsHolder"),
                "Electronic Arts": ("Organization", "RightsHolder"),
                "Cox Communications": ("Organization", "InternetServiceProvider"),
            },
        ),
        (
            "Le groupe a été repéré sur Facebook et Instagram, puis le code a été retiré de GitHub.",
            {"Facebook": ("Organization", ""), "Instagram": ("Website", ""), "GitHub": ("Website", "")},
        ),
        (
            "Quad9 refuse de filtrer les noms de domaine de Japscan, comme le demandait Sony.",
            {
                "Quad9": ("Organization", "InternetServiceProvider"),
                "Japscan": ("Website", ""),
                "Sony": ("Organization", "RightsHolder"),
            },
        ),
    ],
)
def test_famous_actors_are_typed_by_the_gazetteer(nlp, lexicon, text, expected):
    found = typed(nlp, lexicon, text)
    for name, kind in expected.items():
        assert found.get(name) == kind, (name, found)


def test_mega_words_are_not_the_mega_service(nlp, lexicon):
    text = "Le mégaprocès s'ouvre lundi ; Mega Man et le Mega Drive n'y sont pour rien, mais Mega.nz est cité."
    found = typed(nlp, lexicon, text)
    assert found.get("Mega.nz") == ("Website", "")
    assert "Mega" not in found or found["Mega"][0] != "Website"


def test_an_alias_joins_the_known_actor_in_the_article(nlp, lexicon):
    text = (
        "The Pirate Bay reste en ligne. Le fondateur de Pirate Bay, Gottfrid Svartholm Warg, "
        "a été arrêté au Cambodge. TPB n'a pas fermé pour autant."
    )
    result = extract_article(Article(id="a", source="a.txt", text=text), nlp=nlp, lexicon=lexicon)
    kinds = {m.text: m.coarse for m in result.mentions}
    assert kinds.get("Gottfrid Svartholm Warg") == "Person"
    assert {kinds.get(n) for n in ("The Pirate Bay", "Pirate Bay", "TPB") if n in kinds} == {"Website"}
    assert {fold(n) for n in ("The Pirate Bay", "Pirate Bay", "TPB")} <= set(lexicon.known)
    assert len({lexicon.known[fold(n)].name for n in ("The Pirate Bay", "Pirate Bay", "TPB")}) == 1


def test_nationality_adjectives_are_known_without_their_accents():
    from kg.lexicon import load_lexicon

    adjectives = load_lexicon().adjectives
    assert adjectives["americaine"].name == adjectives["américaine"].name == "États-Unis"
    assert adjectives["taiwanaise"].name == "Taïwan"
