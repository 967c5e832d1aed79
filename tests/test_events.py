"""Events and time (#9): dated, placed events beside the direct triples.

Unit cases are our own sentences (tests/data/event_cases.jsonl); the seed checks are the
issue's: the order of 29 May, the February 2006 action, the arrests in Cyprus and Kansas
and the Russian decision of 16 August 2007.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import PROV, RDF

from kg.extract.dates import find_dates, parse_reference
from kg.records import Article

KGO = Namespace("https://w3id.org/kg-fr/ontology#")
ENT = Namespace("https://w3id.org/kg-fr/entity/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # an open namespace: pytest probes module globals
CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "event_cases.jsonl").open(encoding="utf-8")]


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("datée du 16 août 2007", None, ("2007-08-16", "date")),
        ("le 1er mars 2021", None, ("2021-03-01", "date")),
        ("en février 2006", None, ("2006-02", "gYearMonth")),
        ("à la mi-mars 2019", None, ("2019-03", "gYearMonth")),
        ("en 2006", None, ("2006", "gYear")),
        ("le 29 mai dernier", None, ("--05-29", "gMonthDay")),
        ("publié mercredi 26 août", None, ("--08-26", "gMonthDay")),
        ("le 29 mai dernier", datetime.date(2007, 6, 11), ("2007-05-29", "date")),
        ("le 12 décembre dernier", datetime.date(2020, 1, 5), ("2019-12-12", "date")),
        ("le 12 mars prochain", datetime.date(2020, 6, 1), ("2021-03-12", "date")),
        ("il y a un an", datetime.date(2007, 6, 11), ("2006", "gYear")),
        ("il y a deux mois", datetime.date(2020, 1, 15), ("2019-11", "gYearMonth")),
        ("lundi dernier", datetime.date(2022, 6, 15), ("2022-06-13", "date")),
        ("hier", datetime.date(2022, 3, 1), ("2022-02-28", "date")),
        ("l'an dernier", datetime.date(2022, 3, 1), ("2021", "gYear")),
        ("en février", datetime.date(2022, 1, 10), ("2021-02", "gYearMonth")),
    ],
)
def test_dates_are_as_precise_as_the_text(text, reference, expected):
    found = find_dates(text, reference)
    assert [(d.value, d.datatype) for d in found] == [expected]


@pytest.mark.parametrize("text", ["il y a un an", "lundi dernier", "hier", "en février", "l'an dernier"])
def test_relative_dates_without_article_date_give_nothing(text):
    assert find_dates(text) == []


def test_impossible_dates_and_reference_parsing():
    assert find_dates("le 31 février") == []
    assert find_dates("le 29 février") != []  # a valid day in leap years: kept as --02-29
    assert parse_reference("2021-03-04T10:00:00") == datetime.date(2021, 3, 4)
    assert parse_reference("4 mars 2021") == datetime.date(2021, 3, 4)
    assert parse_reference("") is None and parse_reference("mars") is None


# --- events from our own sentences -----------------------------------------------------------


def _events(case):
    from kg.extract.article import extract_article

    article = Article(id=case["id"], source=f"{case['id']}.txt", text=case["text"], date=case.get("date", ""))
    return extract_article(article).events


def _matches(event, expect) -> bool:
    checks = [event.kind == expect["kind"]]
    if "agents" in expect:
        checks.append(list(event.agents) == expect["agents"])
    if "targets" in expect:
        checks.append(list(event.targets) == expect["targets"])
    if "description" in expect:
        checks.append(event.target_description == expect["description"])
    if "concerns" in expect:
        checks.append(list(event.concerns) == expect["concerns"])
    if "places" in expect:
        checks.append(list(event.places) == expect["places"])
    if "date" in expect:
        date = expect["date"]
        checks.append((event.date_value, event.date_type) == (tuple(date) if date else ("", "")))
    return all(checks)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_event_cases(case):
    events = _events(case)
    if "expect_all" in case:
        for expect in case["expect_all"]:
            assert any(_matches(e, expect) for e in events), (expect, events)
    elif case["expect"] is None:
        assert events == (), events
    else:
        assert any(_matches(e, case["expect"]) for e in events), (case["expect"], events)


def test_who_orders_a_blocking_does_not_block():
    text = "Le 3 février, le tribunal judiciaire de Paris a ordonné le blocage du site Filmora aux quatre FAI."
    case = {"id": "ordered-blocking", "text": text}
    events = _events(case)
    assert not [e for e in events if e.kind == "Blocking" and "tribunal judiciaire de Paris" in e.agents], events
    order = {"kind": "CourtOrder", "agents": ["tribunal judiciaire de Paris"], "date": ["--02-03", "gMonthDay"]}
    assert any(_matches(e, order) for e in events), events


# --- the seeds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_graph(built_seeds) -> Graph:
    return Graph().parse(built_seeds / "graph.ttl")


def _events_of(graph: Graph, kind: str):
    return list(graph.subjects(RDF.type, KGO[kind]))


def test_seed_order_of_29_may_is_a_court_order_without_year(seeds_graph):
    judge = ENT["jacqueline-chooljian"]
    orders = [e for e in _events_of(seeds_graph, "CourtOrder") if (e, KGO.agent, judge) in seeds_graph]
    assert len(orders) == 1
    order = orders[0]
    assert seeds_graph.value(order, KGO.date) == Literal("--05-29", datatype=XSD.gMonthDay)
    assert (order, KGO.target, ENT.torrentspy) in seeds_graph


def test_seed_february_2006_action_against_torrentspy(seeds_graph):
    dated = [
        e
        for kind in ("Lawsuit", "Shutdown", "CourtOrder")
        for e in _events_of(seeds_graph, kind)
        if (e, KGO.target, ENT.torrentspy) in seeds_graph
        and seeds_graph.value(e, KGO.date) == Literal("2006-02", datatype=XSD.gYearMonth)
    ]
    assert len(dated) == 1


def test_seed_arrests_in_cyprus_and_kansas_have_places_and_no_date(seeds_graph):
    arrests = _events_of(seeds_graph, "Arrest")
    places = sorted(str(p).rsplit("/", 1)[-1] for a in arrests for p in seeds_graph.objects(a, KGO.place))
    assert places == ["chypre", "kansas"]
    for arrest in arrests:
        assert seeds_graph.value(arrest, KGO.date) is None  # the page dates only the announcement
        assert seeds_graph.value(arrest, KGO.target) is None  # nobody is named: no person invented
        assert seeds_graph.value(arrest, KGO.targetDescription) is not None
        assert (arrest, KGO.concerns, ENT.sparks) in seeds_graph


def test_seed_russian_decision_of_16_august_2007(seeds_graph):
    decisions = [
        e for e in _events_of(seeds_graph, "CourtOrder")
        if seeds_graph.value(e, KGO.date) == Literal("2007-08-16", datatype=XSD.date)
    ]
    assert len(decisions) == 1
    assert (decisions[0], KGO.agent, ENT["justice-russe"]) in seeds_graph


def test_every_event_has_provenance_and_its_assertions_match(seeds_graph):
    kinds = ("Lawsuit", "Shutdown", "Hosting", "Arrest", "CourtOrder", "Blocking", "Conviction")
    events = [e for kind in kinds for e in _events_of(seeds_graph, kind)]
    assert len(events) >= 8
    for event in events:
        assert (seeds_graph.value(event, PROV.wasDerivedFrom), RDF.type, None) in seeds_graph
        assert seeds_graph.value(event, KGO.sentenceText) is not None
        assert 0 < float(seeds_graph.value(event, KGO.confidence)) <= 1
        assert any(seeds_graph.objects(event, p) for p in (KGO.agent, KGO.target, KGO.targetDescription))
        for assertion in seeds_graph.objects(event, KGO.assertion):
            s, o = seeds_graph.value(assertion, RDF.subject), seeds_graph.value(assertion, RDF.object)
            assert (event, KGO.agent, s) in seeds_graph and (event, KGO.target, o) in seeds_graph
            assert (s, seeds_graph.value(assertion, RDF.predicate), o) in seeds_graph  # the direct triple stays


def test_a_name_a_relation_types_as_no_place_is_no_events_place():
    from kg.extract.article import extract_article

    text = (
        "Zindrais Fibre a bloqué l'accès à gésup.org dès le lendemain.\n\n"
        "Le tribunal judiciaire de Nice a ordonné à Zindrais Fibre de bloquer Ganfenflix."
    )
    facts = extract_article(Article(id="z", source="z", text=text))
    places = {m.text for m in facts.mentions if m.coarse == "Place"}
    for event in facts.events:
        assert set(event.places) <= places, event  # the shapes want a place there, never an organisation
