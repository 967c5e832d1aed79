"""facts.csv in every build, safe in a spreadsheet; `--min-confidence` in kg build and kg render."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.rdf.graph import Quads
from kg.rdf.publish.facts import COLUMNS, facts_csv
from kg.rdf.vocab import ART, BASE, ENT, KGO, SCHEMA


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_build_writes_facts_csv(built_seeds):
    table = rows(built_seeds / "facts.csv")
    assert list(table[0]) == list(COLUMNS)
    assert len(table) >= 16
    for row in table:
        assert row["subject"] and row["object"] and row["predicate"] and row["evidence"] and row["article"]
        assert row["subject_iri"].startswith(str(ENT)) and row["predicate_iri"].startswith(str(KGO))
        assert 0 < float(row["confidence"]) <= 1 and row["tier"] in {"explicit", "anaphoric"}
    lawsuit = [r for r in table if r["predicate_iri"] == str(KGO.sues) and r["object_iri"] == str(ENT.lokitorrent)]
    assert lawsuit and lawsuit[0]["predicate"] == "poursuit en justice"
    assert any(r["date"] for r in table)  # the dates of the events beside the facts


def test_facts_csv_cells_are_safe_in_a_spreadsheet():
    quads = Quads()
    g = quads.default
    evil, site, article, node = ENT.evil, ENT.site, ART["a1"], URIRef(f"{BASE}fact/1")
    g.add((evil, RDFS.label, Literal("=HYPERLINK(\"http://x\")", lang="fr")))
    g.add((site, RDFS.label, Literal("+Site\x1b[31m", lang="fr")))
    g.add((node, RDF.type, KGO.Assertion))
    g.add((node, RDF.subject, evil))
    g.add((node, RDF.predicate, KGO.shutsDown))
    g.add((node, RDF.object, site))
    g.add((node, PROV.wasDerivedFrom, article))
    g.add((node, KGO.confidence, Literal("0.70", datatype=XSD.decimal)))
    g.add((node, KGO.tier, Literal("explicit")))
    g.add((node, KGO.sentenceText, Literal("@SUM(A1)\nsur deux lignes\u202e", lang="fr")))
    g.add((article, SCHEMA.identifier, Literal("-1+1")))
    g.add((article, SCHEMA.url, Literal("https://example.org/a?x=1")))
    table = list(csv.reader(facts_csv(quads).splitlines()))
    assert len(table) == 2
    row = dict(zip(table[0], table[1], strict=True))
    assert row["subject"] == "'=HYPERLINK(\"http://x\")"
    assert row["object"] == "'+Site[31m"
    assert row["evidence"] == "'@SUM(A1) sur deux lignes"
    assert row["article"] == "'-1+1" and row["url"] == "https://example.org/a?x=1"
    assert row["predicate"] == "fait fermer" and row["confidence"] == "0.70"


def test_min_confidence_leaves_out_weak_facts(built_seeds, kg_build, seeds_dir, tmp_path):
    floor = 0.8
    all_rows = rows(built_seeds / "facts.csv")
    assert any(float(r["confidence"]) < floor for r in all_rows)  # else the test shows nothing
    out = tmp_path / "confident"
    from kg.cli import main

    assert main(["build", str(seeds_dir), "--out", str(out), "-q", "--min-confidence", str(floor)]) == 0
    kept = rows(out / "facts.csv")
    assert kept and all(float(r["confidence"]) >= floor for r in kept)
    assert len(kept) == sum(float(r["confidence"]) >= floor for r in all_rows)
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    confidences = [float(c) for c in graph.objects(None, KGO.confidence)]
    assert confidences and min(confidences) >= floor  # assertions and events alike
    for row in all_rows:
        ends = (row["subject_iri"], row["predicate_iri"], row["object_iri"])
        triple = tuple(URIRef(v) for v in ends)
        confident = any(
            float(r["confidence"]) >= floor
            for r in all_rows
            if (r["subject_iri"], r["predicate_iri"], r["object_iri"]) == ends
        )
        assert (triple in graph) == confident  # the direct triple goes with its last confident assertion


def test_render_min_confidence_draws_the_same_facts_as_the_build(built_seeds, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "render", str(built_seeds / "graph.ttl"), "--out", str(tmp_path),
         "--min-confidence", "0.8"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    strong = {(r["subject_iri"], r["predicate_iri"], r["object_iri"]) for r in rows(built_seeds / "facts.csv")
              if float(r["confidence"]) >= 0.8}
    everything = {(r["subject_iri"], r["predicate_iri"], r["object_iri"]) for r in rows(built_seeds / "facts.csv")}
    assert f", {len(strong)} relations" in result.stderr and len(strong) < len(everything)
    bad = subprocess.run([sys.executable, "-m", "kg.cli", "render", str(built_seeds / "graph.ttl"), "--out",
                          str(tmp_path), "--min-confidence", "2"], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "between 0 and 1" in bad.stderr


def test_facts_csv_of_the_rendering_rows_is_that_of_the_quads(built_seeds):
    """The build reads facts.csv from its sorted rows (kg.rdf.publish.files.Rendering), not from an index of the
    quads: the same table, also where a property has several values (two labels, two sentences, two dates)."""
    from kg.rdf.publish.files import Rendering

    dataset = Graph()
    dataset.parse(built_seeds / "graph.ttl", format="turtle")
    quads = Quads()
    quads.default.update(dataset)
    assert facts_csv(Rendering(quads)) == (built_seeds / "facts.csv").read_text(encoding="utf-8")
    # an assertion whose subject's labels sort after the label added below, which the table then shows
    # (it shows the first value in order); chosen in IRI order, not in the set's order, which varies between runs
    subject_of = {s: o for s, p, o in quads.default if p == RDF.subject}
    labels = {}
    for s, p, o in quads.default:
        if p == RDFS.label:
            labels.setdefault(s, []).append(str(o))
    assertion = next(
        a for a in sorted(s for s, p, o in quads.default if (p, o) == (RDF.type, KGO.Assertion))
        if min(labels.get(subject_of[a], [""])) > "Autre nom"
    )
    subject = subject_of[assertion]
    quads.default.add((subject, RDFS.label, Literal("Autre nom", lang="fr")))
    quads.default.add((subject, RDFS.label, Literal("Other name", lang="en")))
    quads.default.add((assertion, KGO.sentenceText, Literal("Une autre phrase.", lang="fr")))
    event = URIRef(f"{BASE}event/x")
    for date in ("2020-01-02", "2019"):
        quads.default.add((event, KGO.assertion, assertion))
        quads.default.add((event, KGO.date, Literal(date, datatype=XSD.date if "-" in date else XSD.gYear)))
    expected = facts_csv(quads)
    assert "Autre nom" in expected
    assert facts_csv(Rendering(quads)) == expected
