"""The learned relation reader (kg/extract/relations/learned.py): what it adds beyond the pattern rules, what
it never adds, and the model file it reads. The articles are invented."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from kg.extract.article import extract_from_doc
from kg.extract.nlp import load_nlp
from kg.extract.relations.learned import MODEL_FILE, RULE_PREFIX, learned_facts, load_pair_model, model_from_json
from kg.extract.relations.pairs import DUTY_PREDICATE, ArticleView, Sentence, Token, _token_denied, view_of
from kg.lexicon import fold, load_lexicon
from kg.records import Article

# the sites are named in one sentence, the access providers in another, the blocking in a third
SPREAD = (
    "Nouvelle vague de blocages contre le streaming sportif. Streamfoo.net, Filmbar.io et Seriebaz.org "
    "figurent sur la liste des sites à bloquer transmise par la Ligue de football professionnel aux "
    "fournisseurs d'accès. Orange, SFR, Free et Bouygues Telecom disposent de quinze jours pour le blocage."
)
ISPS = ("Orange", "SFR", "Free", "Bouygues Telecom")
SITES = ("Streamfoo.net", "Filmbar.io", "Seriebaz.org")


def _read(text: str, learned: bool = True):
    article = Article(id="a", source="a.txt", text=text)
    return extract_from_doc(article, load_nlp()(text), load_lexicon(), learned=learned)


def _triples(found) -> set[tuple[str, str, str]]:
    return {(f.subject, f.predicate, f.object) for f in found.facts}


def test_a_blocking_told_over_three_sentences_is_read():
    found = _read(SPREAD)
    learned = {(f.subject, f.predicate, f.object) for f in found.facts if f.rule == RULE_PREFIX + "blocks"}
    assert learned == {(isp, "blocks", site) for isp in ISPS for site in SITES}
    assert not _triples(_read(SPREAD, learned=False)) & learned  # the rules alone read none of them


def test_a_learned_fact_cites_a_sentence_and_its_measured_confidence():
    model = load_pair_model()
    for fact in _read(SPREAD).facts:
        if fact.rule.startswith(RULE_PREFIX):
            assert SPREAD[fact.start : fact.end] == fact.sentence
            assert fact.object in fact.sentence or fact.subject in fact.sentence
            assert fact.confidence in {c for _, c in model.bands[fact.predicate]}


def test_the_rules_facts_are_kept_and_not_doubled():
    text = SPREAD + " Le tribunal judiciaire de Paris a ordonné à Orange de bloquer Streamfoo.net."
    with_model, rules_only = _read(text).facts, _read(text, learned=False).facts
    assert set(rules_only) <= set(with_model)
    keys = [(f.subject, f.predicate, f.object) for f in with_model]
    assert len(keys) == len(set(keys))
    assert ("Orange", "blocks", "Streamfoo.net") in {(f.subject, f.predicate, f.object) for f in rules_only}


@pytest.mark.parametrize(
    "denial",
    [
        "Orange, SFR, Free et Bouygues Telecom n'ont pas bloqué ces sites.",
        "Orange, SFR, Free et Bouygues Telecom pourraient bloquer ces sites.",
        "Orange, SFR, Free et Bouygues Telecom contestent l'obligation de bloquer ces sites.",
    ],
)
def test_a_denied_or_only_possible_blocking_adds_nothing(denial):
    text = (
        "Streamfoo.net, Filmbar.io et Seriebaz.org figurent sur la liste transmise par la Ligue de football "
        "professionnel. " + denial
    )
    assert not {f for f in _read(text).facts if f.predicate == "blocks"}


def test_the_type_guards_of_the_rules_hold():
    text = (
        "Nouvelle vague de blocages contre le streaming sportif. Le tribunal judiciaire de Marseille a transmis "
        "aux fournisseurs d'accès la liste des sites à bloquer : Streamfoo.net, Filmbar.io et Seriebaz.org. "
        "Orange, SFR et Free disposent de quinze jours pour le blocage."
    )
    model = load_pair_model()
    # every pair the types allow, whatever its score: only the guards stand between a court and a blocking
    everything = replace(model, thresholds={p: 0.0 for p in model.signatures})
    doc = load_nlp()(text)
    mentions = list(_read(text, learned=False).mentions)
    found = learned_facts(text, view_of(doc, model.cues), mentions, [], everything)
    blockers = {f.subject for f in found if f.predicate == "blocks"}
    assert blockers == {"Orange", "SFR", "Free"}  # a court orders, it does not block
    assert not {f for f in found if f.predicate == "operates" and f.subject.startswith("tribunal")}


def _view_by_token(doc, cues) -> ArticleView:
    """view_of read token by token (the reference its array version is tested against)."""
    adjectives = load_lexicon().adjectives
    sentences = []
    for sent in doc.sents:
        tokens = []
        for t in sent:
            lemma = t.lemma_.lower()
            cue = lemma in cues
            country = fold(adjectives[t.lower_].name) if t.pos_ == "ADJ" and t.lower_ in adjectives else ""
            tokens.append(
                Token(t.idx, t.idx + len(t.text), lemma, t.pos_, t.dep_, t.head.i - sent.start,
                      cue and _token_denied(t), cue and _token_denied(t, DUTY_PREDICATE), country)
            )
        sentences.append(Sentence(sent.start_char, sent.end_char, tuple(tokens)))
    return ArticleView(tuple(sentences))


def test_the_view_read_from_arrays_is_the_view_read_token_by_token():
    text = (
        SPREAD + " Les FAI belges n'ont pas bloqué Filmbar.io, dont l’éditeur pourrait fermer.\n\n"
        "Le tribunal de Paris a ordonné le blocage ; les Ayants-Droit français s'en félicitent !"
    )
    doc = load_nlp()(text)
    cues = load_pair_model().cues
    assert view_of(doc, cues) == _view_by_token(doc, cues)
    assert any(t.country for s in view_of(doc, cues).sentences for t in s.tokens)
    assert any(t.denied for s in view_of(doc, cues).sentences for t in s.tokens)


def test_the_bundled_model_is_consistent():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    predicates = {p["id"] for p in json.loads((MODEL_FILE.parent / "predicates.json").read_text())["predicates"]}
    assert set(data["signatures"]) == predicates
    assert set(data["thresholds"]) <= predicates
    assert all(set(ps) <= predicates for ps in data["cues"].values())
    for predicate, threshold in data["thresholds"].items():
        bands = data["bands"][predicate]
        assert min(lo for lo, _ in bands) == threshold  # every score the model keeps falls in a band
        confidences = [c for _, c in sorted(bands)]
        assert confidences == sorted(confidences)  # a higher score never means a lower confidence
        assert all(0 < c < 1 for c in confidences)


def test_a_malformed_model_names_its_file():
    with pytest.raises(ValueError, match="broken.json"):
        model_from_json({"weights": {}}, "broken.json")
