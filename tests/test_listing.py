"""Lists of names read on the surface (kg/extract/relations/listing.py), on hand-built Docs so that no
parse decides the outcome: only the words, their tags and the names found in them."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.extract.entities import MentionSpan, token_mentions
from kg.extract.relations.context import listed_with_objects
from kg.extract.relations.listing import skip_aside, tail_end, tail_start
from kg.extract.relations.mentions import Reader
from kg.lexicon import load_lexicon
from kg.records import Mention

# (word, tag, space after); names are given as token ranges below
WORDS = [
    ("Les", "DET", True), ("sociétés", "NOUN", True),
    ("Vantor", "PROPN", True), ("Films", "PROPN", True), ("inc", "ADJ", False), (".", "PUNCT", False),
    (",", "PUNCT", True), ("Movixa", "PROPN", True), ("Group", "PROPN", False), (",", "PUNCT", True),
    ("Telemix", "PROPN", True), ("city", "X", True), ("studios", "X", True), ("productions", "NOUN", False),
    (",", "PUNCT", True), ("Zentrix", "PROPN", True), ("Media", "PROPN", True), ("et", "CCONJ", True),
    ("Kinovox", "PROPN", True), ("Media", "PROPN", True), ("ont", "AUX", True), ("gagné", "VERB", False),
    (".", "PUNCT", False),
]
NAMES = {(2, 5): "Vantor Films inc", (7, 9): "Movixa Group", (10, 12): "Telemix city",
         (15, 17): "Zentrix Media", (18, 20): "Kinovox Media"}


def _doc_and_spans():
    doc = Doc(spacy.blank("fr").vocab, words=[w for w, _, _ in WORDS], spaces=[s for _, _, s in WORDS],
              pos=[t for _, t, _ in WORDS], sent_starts=[True] + [False] * (len(WORDS) - 1))
    spans = [MentionSpan(a, b, Mention(text, doc[a:b].start_char, doc[a:b].end_char, "Organization"))
             for (a, b), text in NAMES.items()]
    return doc, spans


def test_a_lowercase_tail_before_a_comma_ends_a_company_name():
    doc, spans = _doc_and_spans()
    index = token_mentions(spans)
    assert tail_end(doc, index, 12) == 14  # 'Telemix city | studios productions ,'
    assert tail_start(doc, index, 13) == 11  # back from 'productions' to the end of 'Telemix city'
    assert tail_end(doc, index, 20) == 20  # 'Kinovox Media ont gagné': a verb, no tail


def test_the_period_of_an_abbreviation_does_not_end_a_list():
    doc, spans = _doc_and_spans()
    assert skip_aside(doc, token_mentions(spans), 5) == 6  # 'Vantor Films inc. , Movixa Group'


def test_every_item_of_the_list_is_read_from_either_end():
    doc, spans = _doc_and_spans()
    reader = Reader(doc, spans, load_lexicon())
    first, last = spans[0], spans[-1]
    assert {m.mention.text for m in reader.surface_list(last)} == set(NAMES.values()) - {"Kinovox Media"}
    assert {m.mention.text for m in reader.surface_list(first)} == set(NAMES.values()) - {"Vantor Films inc"}


# 'Elle a porté plainte contre A de X au Y, B de Z en W, et C de V': persons, each with a town and a wider place
TOWN_WORDS = [
    ("Elle", "PRON", True), ("a", "AUX", True), ("porté", "VERB", True), ("plainte", "NOUN", True),
    ("contre", "ADP", True),
    ("David", "PROPN", True), ("Dupont", "PROPN", True), ("de", "ADP", True), ("Marvigny", "PROPN", True),
    ("au", "ADP", True), ("Québec", "PROPN", False), (",", "PUNCT", True),
    ("Paul", "PROPN", True), ("Martin", "PROPN", True), ("de", "ADP", True), ("Tolbrec", "PROPN", True),
    ("en", "ADP", True), ("Ontario", "PROPN", False), (",", "PUNCT", True), ("et", "CCONJ", True),
    ("Jean", "PROPN", True), ("Leroy", "PROPN", True), ("de", "ADP", True), ("Castelbrac", "PROPN", False),
    (".", "PUNCT", False),
]
TOWN_NAMES = {(5, 7): ("David Dupont", "Person"), (8, 9): ("Marvigny", "Place"), (10, 11): ("Québec", "Place"),
              (12, 14): ("Paul Martin", "Person"), (15, 16): ("Tolbrec", "Place"), (17, 18): ("Ontario", "Place"),
              (20, 22): ("Jean Leroy", "Person"), (23, 24): ("Castelbrac", "Place")}


def test_a_list_of_persons_goes_on_past_each_town_and_its_wider_place():
    doc = Doc(spacy.blank("fr").vocab, words=[w for w, _, _ in TOWN_WORDS], spaces=[s for _, _, s in TOWN_WORDS],
              pos=[t for _, t, _ in TOWN_WORDS], sent_starts=[True] + [False] * (len(TOWN_WORDS) - 1))
    spans = [MentionSpan(a, b, Mention(text, doc[a:b].start_char, doc[a:b].end_char, coarse))
             for (a, b), (text, coarse) in TOWN_NAMES.items()]
    reader = Reader(doc, spans, load_lexicon())
    persons = [s for s in spans if s.mention.coarse == "Person"]
    for person in persons:
        assert set(reader.surface_list(person)) == set(persons) - {person}, person.mention.text
    # whichever of them the parser makes a subject, it is one of the action's objects, not its subject
    assert listed_with_objects(persons[2], [persons[0]], reader)
    assert not listed_with_objects(persons[2], [spans[1]], reader)  # (the town heads no list)
