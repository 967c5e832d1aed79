"""kg query and the bundled queries: the same answers from rdflib and from the Oxigraph store, on the seeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.cli import main
from kg.rdf.publish.store import StoreBusy, load_store, serve_marker, store_step
from kg.rdf.vocab import ART, ENT, KGO
from kg.sparql.formats import format_answer
from kg.sparql.query import Query, load_graph_file, load_query, open_store, query_rdflib, query_store
from kg.sparql.terms import AskAnswer, GraphAnswer, QueryError, SelectAnswer, Term, parse_json_results, parse_param

REPO = Path(__file__).resolve().parent.parent
QUERIES = sorted((REPO / "queries").glob("*.rq"))
# the parameter each "one entity / one article" query gets on the seeds
PARAMS = {
    "about.rq": ["entity=ent:torrentspy"],
    "timeline.rq": ["entity=ent:torrentspy"],
    "article.rq": ["article=art:002-4773fa394c0fe462"],
}


def iri(node) -> Term:
    return Term("iri", str(node))


def params_for(name: str) -> dict[str, Term]:
    return dict(parse_param(spec) for spec in PARAMS.get(name, []))


@pytest.fixture(scope="module")
def seeds_graph(built_seeds):
    return load_graph_file(built_seeds / "graph.ttl")


@pytest.fixture(scope="module")
def seeds_store(built_seeds):
    return open_store(built_seeds / "store")


def answers(seeds_graph, seeds_store, name: str):
    query = load_query(str(REPO / "queries" / name))
    return query_rdflib(seeds_graph, query, params_for(name)), query_store(seeds_store, query, params_for(name))


def rows_of(answer: SelectAnswer, *columns: str) -> list[tuple]:
    index = [answer.variables.index(c) for c in columns]
    return [tuple(row[i] for i in index) for row in answer.rows]


# ---------------------------------------------------------------- the bundled queries


def test_at_least_eight_queries_each_stating_its_question():
    assert len(QUERIES) >= 8
    for path in QUERIES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and first.rstrip().endswith("?"), f"{path.name} starts with {first!r}"
    for path in QUERIES:
        declared = load_query(str(path)).required
        assert set(declared) <= {spec.split("=")[0] for spec in PARAMS.get(path.name, [])}, path.name


@pytest.mark.parametrize("path", QUERIES, ids=[p.name for p in QUERIES])
def test_bundled_query_same_answer_from_rdflib_and_oxigraph(built_seeds, seeds_graph, seeds_store, path):
    if path.name == "changes.rq":  # the change report: changes.ttl as a file, its named graph in the store (#18)
        seeds_graph = load_graph_file(built_seeds / "changes.ttl")
    from_rdflib, from_store = answers(seeds_graph, seeds_store, path.name)
    assert isinstance(from_rdflib, SelectAnswer)
    assert from_rdflib.variables == from_store.variables
    assert from_rdflib.rows == from_store.rows  # ordered by the query, terms canonical: exact equality


def test_store_default_graph_holds_what_graph_ttl_holds(built_seeds, seeds_graph, seeds_store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    (n,) = query_store(seeds_store, Query(count)).rows[0]
    assert int(n.value) == len(seeds_graph)
    in_article = "SELECT ?s ?o WHERE { GRAPH ?article { ?s kgo:sues ?o } } ORDER BY ?s"
    rows = query_store(seeds_store, Query(in_article)).rows
    assert (iri(ENT.mpaa), iri(ENT.lokitorrent)) in rows


def test_seeds_who_sued_whom(seeds_graph, seeds_store):
    answer, _ = answers(seeds_graph, seeds_store, "sued.rq")
    assert (iri(ENT.mpaa), iri(ENT.lokitorrent)) in rows_of(
        answer, "plaintiff", "defendant"
    )
    assert (
        iri(ENT.mpaa),
        iri(ENT.lokitorrent),
        iri(ART["002-4773fa394c0fe462"]),
    ) in (rows_of(answer, "plaintiff", "defendant", "article"))


def test_seeds_sites_hosted_where(seeds_graph, seeds_store):
    answer, _ = answers(seeds_graph, seeds_store, "hosting.rq")
    rows = rows_of(answer, "site", "host", "country")
    assert (iri(ENT.torrentspy), iri(ENT["pays-bas"]), iri(ENT["pays-bas"])) in rows  # TorrentSpy, in the Netherlands
    assert (iri(ENT.allofmp3), iri(ENT.mdeiservices), None) in rows


def test_seeds_shutdowns_operators_court_actions(seeds_graph, seeds_store):
    shutdowns, _ = answers(seeds_graph, seeds_store, "shutdowns.rq")
    # SuprNova.org takes the gazetteer's name, Suprnova (kg/data/gazetteer.jsonl)
    assert (iri(ENT.suprnova), iri(ENT.mpaa)) in rows_of(shutdowns, "site", "by")
    operators, _ = answers(seeds_graph, seeds_store, "operators.rq")
    assert (iri(ENT["denis-kravsov"]), iri(ENT.mdeiservices)) in rows_of(operators, "operator", "site")
    court, _ = answers(seeds_graph, seeds_store, "court_actions.rq")
    assert (iri(ENT["justice-americaine"]), iri(KGO.orders), iri(ENT.torrentspy)) in rows_of(
        court, "who", "action", "whom"
    )


def test_seeds_most_central_actors(seeds_graph, seeds_store):
    answer, _ = answers(seeds_graph, seeds_store, "central.rq")
    degrees = [int(row[0].value) for row in rows_of(answer, "neighbours")]
    assert degrees == sorted(degrees, reverse=True) and 0 < len(degrees) <= 15
    top = [row[0] for row in rows_of(answer, "entity")[:3]]
    assert iri(ENT.torrentspy) in top  # ordered by a court, hosted, located: the most linked seed entity


def test_seeds_everything_about_torrentspy_with_evidence(seeds_graph, seeds_store):
    answer, _ = answers(seeds_graph, seeds_store, "about.rq")
    rows = rows_of(answer, "subject", "property", "object", "sentence", "article")
    assert (iri(ENT.torrentspy), iri(RDF.type), iri(KGO.Website), None, None) in rows
    hosted = [r for r in rows if r[:3] == (iri(ENT["pays-bas"]), iri(KGO.hosts), iri(ENT.torrentspy))]
    assert hosted and "Pays-Bas" in hosted[0][3].value and hosted[0][4] == iri(ART["001-ca280c1cf72cdfad"])
    assert all(r[3] is not None for r in rows if r[1] == iri(KGO.hosts))  # every fact carries its sentence


def test_seeds_facts_of_one_article_in_text_order(seeds_graph, seeds_store):
    answer, _ = answers(seeds_graph, seeds_store, "article.rq")
    rows = rows_of(answer, "subject", "property", "object", "start")
    assert (iri(ENT.mpaa), iri(KGO.sues), iri(ENT.lokitorrent)) in [
        r[:3] for r in rows
    ]
    starts = [int(r[3].value) for r in rows]
    assert starts == sorted(starts)


def test_seeds_articles_and_arrests(seeds_graph, seeds_store):
    articles, _ = answers(seeds_graph, seeds_store, "articles.rq")
    assert len(articles.rows) == 5
    assert sum(int(row[0].value) for row in rows_of(articles, "facts")) >= 16
    arrests, _ = answers(seeds_graph, seeds_store, "arrests_by_country.rq")
    countries = {row[0] for row in arrests.rows} - {None}  # None: an arrest whose country is not known
    assert all((ENT[c.value.rsplit("/", 1)[1]], RDF.type, KGO.Country) in seeds_graph for c in countries)


# ---------------------------------------------------------------- events: a small invented graph

EVENTS_TTL = """
@prefix kgo: <https://w3id.org/kg-fr/ontology#> . @prefix ent: <https://w3id.org/kg-fr/entity/> .
@prefix art: <https://w3id.org/kg-fr/article/> . @prefix ev: <https://w3id.org/kg-fr/event/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix schema: <https://schema.org/> .
ent:gendarmerie-de-valdor a kgo:LawEnforcement ; kgo:locatedIn ent:valdor ; kgo:arrests ent:jean-exemple .
ent:valdor a kgo:City ; kgo:locatedIn ent:ruritanie .
ent:ruritanie a kgo:Country .
ent:police-syldave a kgo:LawEnforcement ; kgo:locatedIn ent:syldavie .
ent:syldavie a kgo:Country .
ent:streamzone a kgo:Website .
art:b schema:datePublished "2020-07-01" .
<https://w3id.org/kg-fr/fact/a1> a kgo:Assertion ; rdf:subject ent:gendarmerie-de-valdor ; rdf:predicate kgo:arrests ;
    rdf:object ent:jean-exemple ; prov:wasDerivedFrom art:a ; kgo:sentenceText "La gendarmerie a interpellé J."@fr .
ev:e1 a kgo:Arrest ; kgo:agent ent:gendarmerie-de-valdor ; kgo:target ent:jean-exemple ;
    kgo:date "2021-03-04"^^xsd:date ;
    kgo:dateText "le 4 mars 2021" ; kgo:assertion <https://w3id.org/kg-fr/fact/a1> ; prov:wasDerivedFrom art:a .
ev:e2 a kgo:Arrest ; kgo:agent ent:police-syldave ; kgo:targetDescription "un homme de 40 ans" ;
    kgo:concerns ent:streamzone ; kgo:date "2020"^^xsd:gYear ; prov:wasDerivedFrom art:b .
ev:e3 a kgo:Arrest ; kgo:place ent:valdor ; kgo:concerns ent:streamzone ; prov:wasDerivedFrom art:b .
ev:e4 a kgo:Shutdown ; kgo:target ent:streamzone ; kgo:date "2020-06"^^xsd:gYearMonth ; prov:wasDerivedFrom art:b .
"""


@pytest.fixture(scope="module")
def event_graphs():
    store = ox.Store()
    store.load(input=EVENTS_TTL, format=ox.RdfFormat.TURTLE)
    return Graph().parse(data=EVENTS_TTL, format="turtle"), store


def test_arrests_by_country_from_facts_and_events(event_graphs):
    graph, store = event_graphs
    query = load_query(str(REPO / "queries" / "arrests_by_country.rq"))
    answer = query_rdflib(graph, query)
    assert answer == query_store(store, query)
    counts = {row[0]: int(row[1].value) for row in answer.rows}
    # the fact (agent in Valdor, Ruritanie) and the placed event count for Ruritanie; the event by the
    # Syldavian police for Syldavie; the event stated by the fact is not counted twice
    assert counts == {iri(ENT.ruritanie): 2, iri(ENT.syldavie): 1}


def test_timeline_of_one_entity_in_date_order(event_graphs):
    graph, store = event_graphs
    query = load_query(str(REPO / "queries" / "timeline.rq"))
    params = dict([parse_param("entity=ent:streamzone")])
    answer = query_rdflib(graph, query, params)
    assert answer == query_store(store, query, params)
    rows = rows_of(answer, "date", "type", "role")
    assert [(r[0].value if r[0] else None, r[1].value.rsplit("#")[1], r[2].value) for r in rows] == [
        ("2020", "Arrest", "concerns"),
        ("2020-06", "Shutdown", "target"),
        (None, "Arrest", "concerns"),
    ]


def test_shutdown_event_without_named_agent(event_graphs):
    graph, store = event_graphs
    query = load_query(str(REPO / "queries" / "shutdowns.rq"))
    answer = query_rdflib(graph, query)
    assert answer == query_store(store, query)
    assert rows_of(answer, "site", "by", "when") == [
        (iri(ENT.streamzone), None, Term("literal", "2020-06", "http://www.w3.org/2001/XMLSchema#gYearMonth"))
    ]


# ---------------------------------------------------------------- parameters are bound safely


def test_param_forms():
    assert parse_param("entity=<https://w3id.org/kg-fr/entity/x>")[1] == Term("iri", str(ENT.x))
    assert parse_param("e=https://example.org/a")[1] == Term("iri", "https://example.org/a")
    assert parse_param("label=TorrentSpy")[1] == Term("literal", "TorrentSpy")
    assert parse_param('label="Pays-Bas"@fr')[1] == Term("literal", "Pays-Bas", "", "fr")
    for bad in ("entity=<http://x> } ; DROP ALL #>", "entity=<a b>", "noequals", "1x=3"):
        with pytest.raises(QueryError):
            parse_param(bad)


def test_literal_param_cannot_escape_its_quotes(seeds_graph, seeds_store):
    query = Query("SELECT ?e WHERE { ?e rdfs:label ?label }")
    found = dict([parse_param('label="Pays-Bas"@fr')])
    hostile = dict([parse_param('label=x" } UNION { ?e ?p ?o } #')])
    for run in (lambda p: query_rdflib(seeds_graph, query, p), lambda p: query_store(seeds_store, query, p)):
        assert run(found).rows == [(iri(ENT["pays-bas"]),)]
        assert run(hostile).rows == []


def test_missing_and_unknown_params(seeds_store):
    query = load_query(str(REPO / "queries" / "about.rq"))
    with pytest.raises(QueryError, match="needs --param entity="):
        query_store(seeds_store, query, {})
    with pytest.raises(QueryError, match="no variable"):
        query_store(seeds_store, query, {**params_for("about.rq"), "nosuch": Term("literal", "x")})


# ---------------------------------------------------------------- the command line


def test_cli_table_and_formats(built_seeds, capsys):
    store = str(built_seeds / "store")
    assert main(["query", str(REPO / "queries" / "hosting.rq"), "--store", store]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["site", "host", "country", "article"]
    assert set(table[1]) <= {"-", " "}
    assert any(line.split()[:3] == ["ent:torrentspy", "ent:pays-bas", "ent:pays-bas"] for line in table[2:])
    assert table[-1] == f"({len(table) - 3} rows)"
    widths = {len(line) for line in table[:2]}
    assert len(widths) == 1 or table[0].rstrip() == table[0]  # header padded like the rule below it

    assert (
        main(
            [
                "query",
                str(REPO / "queries" / "hosting.rq"),
                "--graph",
                str(built_seeds / "graph.ttl"),
                "--format",
                "json",
            ]
        )
        == 0
    )
    from_json = parse_json_results(capsys.readouterr().out)
    assert from_json == query_store(open_store(built_seeds / "store"), load_query(str(REPO / "queries" / "hosting.rq")))

    assert main(["query", "SELECT ?s WHERE { ?s kgo:hosts ent:torrentspy }", "--store", store, "--format", "csv"]) == 0
    assert capsys.readouterr().out == f"s\r\n{ENT['pays-bas']}\r\n"
    assert (
        main(
            [
                "query",
                "SELECT ?s ?l WHERE { ?s kgo:hosts ent:torrentspy ; rdfs:label ?l }",
                "--store",
                store,
                "--format",
                "tsv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == f'?s\t?l\n<{ENT["pays-bas"]}>\t"Pays-Bas"@fr\n'


def test_cli_ask_construct_describe(built_seeds, capsys):
    store, graph = str(built_seeds / "store"), str(built_seeds / "graph.ttl")
    assert main(["query", "ASK { ent:pays-bas kgo:hosts ent:torrentspy }", "--store", store]) == 0
    assert capsys.readouterr().out == "true\n"
    assert main(["query", "ASK { ent:torrentspy kgo:hosts ent:pays-bas }", "--graph", graph, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": False}
    construct = "CONSTRUCT { ?b kgo:hostedBy ?a } WHERE { ?a kgo:hosts ?b }"
    outputs = []
    for source in (["--store", store], ["--graph", graph]):
        assert main(["query", construct, *source, "--format", "tsv"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert f"<{ENT.torrentspy}> <{KGO.hostedBy}> <{ENT['pays-bas']}> .\n" in outputs[0]
    assert main(["query", "DESCRIBE ent:sparks", "--store", store]) == 0
    described = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (ENT.sparks, None, KGO.PirateGroup) in described


def test_graph_and_ask_answers_through_the_api(seeds_graph, seeds_store):
    query = Query("CONSTRUCT { ?s kgo:sues ?o } WHERE { ?s kgo:sues ?o }")
    from_rdflib, from_store = query_rdflib(seeds_graph, query), query_store(seeds_store, query)
    assert isinstance(from_rdflib, GraphAnswer) and from_rdflib == from_store and len(from_rdflib.triples) >= 2
    assert query_store(seeds_store, Query("ASK { ?s kgo:sues ent:lokitorrent }")) == AskAnswer(True)
    assert "ent:lokitorrent" in format_answer(from_store)  # Turtle with the project's prefixes


@pytest.mark.parametrize("source", ["store", "graph"])
def test_cli_malformed_query_gives_line_and_column(built_seeds, tmp_path, capsys, source):
    bad = tmp_path / "bad.rq"
    bad.write_text("# a broken query\nSELECT ?x\nWHERE { ?x ?y ?z } ORDER ?x\n", encoding="utf-8")
    where = (
        ["--store", str(built_seeds / "store")] if source == "store" else ["--graph", str(built_seeds / "graph.ttl")]
    )
    assert main(["query", str(bad), *where]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kg: error: {bad}:3:"), err  # the line of ORDER without BY, in the file
    assert main(["query", "SELECT ?x WHERE {\n  ?x nosuch:p ?y }", *where]) == 2
    assert capsys.readouterr().err == "kg: error: <query>:2:6: unknown prefix 'nosuch:'\n"


def test_cli_user_errors_exit_2(built_seeds, tmp_path, capsys):
    assert main(["query", str(REPO / "queries" / "about.rq"), "--store", str(built_seeds / "store")]) == 2
    assert "needs --param entity=" in capsys.readouterr().err
    assert main(["query", str(tmp_path / "missing.rq"), "--store", str(built_seeds / "store")]) == 2
    assert "missing.rq: no such query file" in capsys.readouterr().err
    assert main(["query", "ASK {}", "--store", str(tmp_path)]) == 2
    assert "no Oxigraph store here" in capsys.readouterr().err
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["query", "ASK {}", "--graph", str(broken)]) == 2
    assert f"{broken}: not valid turtle" in capsys.readouterr().err


# ---------------------------------------------------------------- the store step


def test_store_load_is_all_or_nothing(built_seeds, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(built_seeds / "graph.nq", out / "graph.nq")
    note = store_step(out)
    assert note.startswith("store: ") and "loaded into" in note

    (out / "graph.nq").write_text("<https://a> <https://b> broken\n", encoding="utf-8")
    with pytest.raises(Exception, match="graph.nq"):
        load_store(out / "graph.nq", out / "store")
    assert sorted(p.name for p in out.iterdir()) == ["graph.nq", "store"]  # no temporary folder left
    (n,) = query_store(open_store(out / "store"), Query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")).rows[0]
    assert int(n.value) == len(Graph().parse(built_seeds / "graph.ttl"))  # the previous store, whole


def test_store_not_replaced_under_a_running_server(built_seeds, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(built_seeds / "graph.nq", out / "graph.nq")
    store_step(out)
    import os

    serve_marker(out / "store").write_text(f"{os.getpid()} 7878 read-only\n", encoding="utf-8")
    note = store_step(out)
    assert note.startswith("store not updated: ") and "kg serve" in note
    with pytest.raises(StoreBusy):
        load_store(out / "graph.nq", out / "store")
    serve_marker(out / "store").write_text("999999999 7878 read-only\n", encoding="utf-8")  # a stale marker
    assert store_step(out).startswith("store: ")

    held = ox.Store(str(out / "store"))  # a writer holds the RocksDB lock
    try:
        with pytest.raises(StoreBusy, match="open for writing"):
            load_store(out / "graph.nq", out / "store")
    finally:
        del held
