"""Per-predicate sentences of our own (tests/data/relation_cases.jsonl), each checked on its own.

A positive case must yield its expected triples; a negative case (negation, intention,
question, wrong types) must not yield its forbidden ones. A known miss carries an ``xfail``
reason in the data; the mark is strict, so a case that starts passing must be unmarked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract.article import extract_article
from kg.extract.nlp import load_nlp
from kg.extract.relations import RuleError, load_rules
from kg.extract.relations.rules import PATTERNS_FILE, read_rows
from kg.lexicon import fold
from kg.records import Article

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "relation_cases.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
PREDICATES = sorted({c["predicate"] for c in CASES if not c["id"].startswith("anaphora")})


def _triples(rows):
    return {(fold(s), p, fold(o)) for s, p, o in rows}


def _read(text: str) -> set[tuple[str, str, str]]:
    result = extract_article(Article(id="case", source="case", text=text))
    return {(fold(f.subject), f.predicate, fold(f.object)) for f in result.facts}


def _case_param(case):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_case_param(c) for c in CASES if c["expect"]])
def test_positive_case(case):
    found = _read(case["text"])
    assert _triples(case["expect"]) <= found, f"{case['text']}\nfound: {sorted(found)}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES if c["forbid"]])
def test_negative_case(case):
    found = _read(case["text"])
    assert not (_triples(case["forbid"]) & found), f"{case['text']}\nfound: {sorted(found)}"


@pytest.mark.parametrize("predicate", PREDICATES)
def test_every_predicate_has_cases_of_several_frames(predicate):
    """The data keeps at least three positive cases per predicate, in at least two frames."""
    cases = [c for c in CASES if c["predicate"] == predicate and c["expect"] and not c["id"].startswith("anaphora")]
    assert len(cases) >= 3
    assert len({c["id"].split("-")[1] for c in cases if not c.get("xfail")}) >= 2


def test_anaphoric_facts_are_marked():
    case = next(c for c in CASES if c["id"].startswith("anaphora") and not c.get("xfail"))
    result = extract_article(Article(id="a", source="a", text=case["text"]))
    tiers = {f.tier for f in result.facts if (fold(f.subject), f.predicate, fold(f.object)) in _triples(case["expect"])}
    assert tiers == {"anaphoric"}


# --- rules as data ---------------------------------------------------------------------------

def test_a_new_verb_is_one_data_line(tmp_path):
    """An extra rows file of one line adds a trigger to an existing class, through all of its frames."""
    text = "Le site Zikabox a été houspillé en justice par la SCPP. La Sacem houspille le site Melodiz."
    assert not {p for _, p, _ in _read(text)} & {"sues"}
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"extends": "sues.verb", "lemmas": ["houspiller"]}\n', encoding="utf-8")
    rules = load_rules((str(extra),))
    assert "houspiller" in rules.by_lemma
    from kg.extract.components import annotate_relations

    doc = load_nlp()(text)
    annotate_relations(doc, rules=rules)
    found = {(fold(f.subject), f.predicate, fold(f.object)) for f in doc._.kg_facts}
    assert ("scpp", "sues", "zikabox") in found  # passive frame
    assert ("sacem", "sues", "melodiz") in found  # active frame


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"extends": "sues.nothing", "lemmas": ["x"]}', "extends unknown pattern 'sues.nothing'"),
        ('{"id": "a", "predicate": "suess", "kind": "verb", "lemmas": ["ester"], "confidence": 0.5}',
         "unknown predicate 'suess'"),
        ('{"id": "a", "predicate": "sues", "kind": "verb", "lemmas": ["assigné"], "confidence": 0.5}',
         "must name the verb by its infinitive"),
        ('{"id": "a", "predicate": "sues", "kind": "verb", "lemmas": ["ester"], "confidence": 1.5}',
         "confidence must be a number in (0, 1]"),
        ('{"id": "a", "predicate": "sues", "kind": "verb", "lemma": ["ester"], "confidence": 0.5}',
         "unknown key(s) lemma"),
        ('{"id": "sues.verb", "predicate": "sues", "kind": "verb", "lemmas": ["ester"], "confidence": 0.5}',
         "the id is used twice"),
        ('{"id": "a", "predicate": "sues", "kind": "noun", "lemmas": ["plainte", "plaintes"], "confidence": 0.5}',
         "is a plural"),
        ("{not json", "not JSON"),
        ('{"id": "a", "predicate": "hosts", "kind": "role", "lemmas": ["hébergeur"], "confidence": 0.5, '
         '"subject_coarse": ["Company"]}', "subject_coarse must list classes among"),
        ('{"id": "a", "predicate": "orders", "kind": "noun", "lemmas": ["injonction"], "confidence": 0.5, '
         '"with_infinitive": true}', "with_infinitive must be true or false, on a verb row"),
        ('{"id": "a", "predicate": "orders", "kind": "verb", "lemmas": ["viser"], "confidence": 0.5, '
         '"by_decision": "yes"}', "by_decision must be true or false, on a verb row"),
        ('{"id": "a", "predicate": "shutsDown", "kind": "noun", "lemmas": ["descente"], "confidence": 0.5, '
         '"by_operation": true}', "by_operation must be true or false, on a verb row"),
        ('{"id": "a", "predicate": "operates", "kind": "role", "lemmas": ["fondateur"], "confidence": 0.5, '
         '"passive_only": true}', "passive_only must be true or false, on a verb row"),
        ('{"id": "a", "predicate": "operates", "kind": "role", "lemmas": ["filiale"], "confidence": 0.5, '
         '"object_fine_allowed": "RightsHolder"}', "object_fine_allowed must be a list of fine classes"),
        ('{"id": "a", "predicate": "orders", "kind": "verb", "lemmas": ["donner"], "confidence": 0.5, '
         '"subject_fine_required": "Court"}', "subject_fine_required must be a list of fine classes"),
    ],
)
def test_a_broken_row_names_its_file_and_row(tmp_path, line, message):
    extra = tmp_path / "broken.jsonl"
    extra.write_text('{"extends": "sues.verb", "lemmas": ["houspiller"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_rules((str(extra),))
    assert str(extra) in str(error.value) and ("row 2" in str(error.value) or "line 2" in str(error.value))
    assert message in str(error.value)


def test_the_shipped_table_is_clean():
    rules = load_rules()
    ids = [pattern.id for pattern in rules.patterns]
    assert len(ids) == len(set(ids)) == len(read_rows(PATTERNS_FILE))
    assert set(rules.constraints) == {p.predicate for p in rules.patterns}


def test_multi_word_expressions_match_for_real():
    """'mettre hors ligne' needs its other words; 'mettre' alone asserts nothing."""
    assert ("alpa", "shutsDown", "zikabox") in _read("L'Alpa a mis le site Zikabox hors ligne.")
    assert not _read("L'Alpa a mis le site Zikabox en avant.")


def test_trigger_lemmas_can_match():
    """Every single-word trigger of a verb row is a lemma the model gives to a form of it."""
    nlp = load_nlp()
    rules = load_rules()
    heads = sorted({e.head for p in rules.patterns if p.kind == "verb" for e in p.expressions})
    unknown = [h for h in heads if nlp(f"Ils vont {h} le site.")[2].lemma_.lower() != h]
    assert not unknown


def test_components_in_a_users_own_pipeline():
    """nlp.add_pipe('kg_events') on the plain model, in a process that never imported kg: spaCy finds the
    factory through kg's spacy_factories entry point."""
    script = """
import spacy, sys
nlp = spacy.load("fr_core_news_md")
nlp.add_pipe("kg_events")
doc = nlp("La Sacem a assigné en justice le site Zikabox le 3 mars 2024. Le tribunal de Paris a condamné Zikabox.")
print(sorted((f.subject, f.predicate, f.object) for f in doc._.kg_facts))
print(sorted({m.mention.text for m in doc._.kg_mentions}))
print(sorted({e.kind for e in doc._.kg_events}))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    facts, names, kinds = out.splitlines()
    assert "('Sacem', 'sues', 'Zikabox')" in facts
    assert "'Sacem'" in names and "'Zikabox'" in names
    assert "Lawsuit" in kinds


def test_confidences_come_from_the_calibration_table():
    """A fact's confidence is the precision its rule and tier measured on real prose (kg/data/confidence.json)."""
    rules = load_rules()
    assert rules.calibration, "kg/data/confidence.json is shipped"
    assert all(0 < value <= 1 for value in rules.calibration.values())
    assert all(key.rsplit("|", 1)[1] in {"explicit", "anaphoric"} for key in rules.calibration)
    result = extract_article(Article(id="c", source="c", text="La Sacem a assigné en justice le site Zikabox."))
    fact = next(f for f in result.facts if f.predicate == "sues")
    assert fact.confidence == rules.calibration.get(f"{fact.rule}|{fact.tier}", fact.confidence)
