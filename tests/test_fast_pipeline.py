"""The pipeline's fast paths write exactly what the plain, token-by-token versions write.

``kg_paragraph_breaks`` sets boundaries from arrays, the lemmatizer is memoised on what it reads,
and the entity scans read a ``TokenTable``: each is checked here against the slow reference on
invented French text (headlines, blank lines, merged names, quotes, numbers, unknown words).
"""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import LEMMA, SENT_START
from spacy.lang.fr.lemmatizer import FrenchLemmatizer
from spacy.tokens import Doc

from kg.extract.nlp import adverbial_phrases, paragraph_breaks, paragraph_breaks_by_token
from kg.extract.relations.syntax import _lemma_of, lemma_of
from kg.extract.tokens import TokenTable

TEXTS = [
    "Le Site Zorvex Fermé Par La Justice\n\nLe site Zorvex.to, principale source de films piratés en Île-de-France, "
    "a été fermé mardi. Son fondateur, 34 ans, a été arrêté à Saint-Pétersbourg !\n"
    "« C'est une victoire », a déclaré l'Alpa (Association de lutte contre la piraterie audiovisuelle).",
    "La Sacem a assigné en justice le site Plimtube… Les ayants droit réclament 2,5 millions d'euros ; "
    "le tribunal judiciaire de Paris tranchera.\n\n\nbrixflow, tramzone et vodplay figuraient sur la liste.",
    "Anna’s Archive et Ed2k-It ont été bloqués aux Pays-Bas (Rotterdam) [selon Trovia].\nFin",
    "",
    "Un",
    "\n\nDeux lignes\n",
    "Le site Vidora 🎬 a fermé.\r\nSes serveurs — 12 en tout — étaient à Kiev.  Fin…",
    "L'affaire Vantor Films c. Kinovox a été jugée. Kinovox v. Telemix Media suivra. Une autre v. Une fin.",
    "Jean Dupuis, Lyonnais (Vraiment ? Oui !) de 30 ans, a été arrêté. (Une parenthèse ? Non.) Fin (ouverte ? Oui",
]


@pytest.mark.parametrize("text", TEXTS)
def test_paragraph_breaks_match_the_token_rule(nlp, text):
    merge = nlp.get_pipe("kg_merge_names")
    fast = paragraph_breaks(merge(nlp.make_doc(text)))
    slow = paragraph_breaks_by_token(merge(nlp.make_doc(text)))
    assert fast.to_array([SENT_START]).tolist() == slow.to_array([SENT_START]).tolist()
    if len(slow) > 1:
        assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in slow]


def test_a_case_name_abbreviation_never_ends_a_sentence(nlp):
    merge = nlp.get_pipe("kg_merge_names")
    doc = paragraph_breaks(merge(nlp.make_doc("L'affaire Vantor Films c. Kinovox a été jugée.")))
    assert [t.text for t in doc][4:6] == ["c.", "Kinovox"]
    assert doc[5].is_sent_start is False  # the parser may not cut the case's name after 'c.'


def test_a_question_in_brackets_does_not_end_the_sentence(nlp):
    doc = paragraph_breaks(nlp.make_doc("Jean Dupuis, Lyonnais (Vraiment ? Oui !) de 30 ans, a été arrêté. Fin."))
    starts = [t.text for t in doc if t.is_sent_start is not False][1:]
    assert starts == ["Fin"]  # not 'Oui' nor 'de': the brackets close on the same line


def test_an_ambiguous_adverb_is_one_word_only_when_set_apart(nlp):
    text = "De plus, un catalogue de plus de 3 000 films a été mis en ligne sur des sites de plus en plus connus."
    words = [t.text for t in nlp.get_pipe("kg_merge_names")(nlp.make_doc(text))]
    assert words[0] == "De plus" and words.count("plus") == 3  # 'de plus de 3 000 films', 'de plus en plus'


def test_a_joined_adverb_is_never_the_case_of_the_noun_after_it(nlp):
    # the parse the model gives 'X lui demande en effet une indemnisation' and 'X permet en effet à Y de ...'
    words = ["Telemix", "lui", "demande", "en effet", "une", "indemnisation"]
    words += ["et", "permet", "en effet", "à", "Kinovox"]
    heads = [2, 2, 2, 5, 5, 2, 7, 2, 10, 10, 7]
    deps = ["nsubj", "obj", "ROOT", "case", "det", "obl:mod", "cc", "conj", "case", "case", "obl:arg"]
    pos = ["PROPN", "PRON", "VERB", "ADP", "DET", "NOUN", "CCONJ", "VERB", "ADP", "ADP", "PROPN"]
    doc = adverbial_phrases(Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos))
    assert [doc[3].dep_, doc[8].dep_] == ["advmod", "advmod"]
    assert doc[5].dep_ == "obj"  # the compensation asked for is the verb's object again
    assert doc[10].dep_ == "obl:arg"  # 'à Kinovox' keeps its own preposition


def test_memoised_lemmas_are_the_french_lemmatizer_s(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, FrenchLemmatizer) and type(lemmatizer) is not FrenchLemmatizer
    for text in TEXTS * 2:  # the second round reads the memo
        with nlp.select_pipes(disable=["lemmatizer", "ner"]):
            doc = nlp(text)
        reference = FrenchLemmatizer.__call__(lemmatizer, doc.copy())
        memoised = lemmatizer(doc)
        assert numpy.array_equal(memoised.to_array([LEMMA]), reference.to_array([LEMMA]))
        assert [t.lemma_ for t in memoised] == [t.lemma_ for t in reference]


def test_merged_names_keep_their_own_lemma(nlp):
    lemmas = {t.text: t.lemma_ for t in nlp("Le site Zorvex.to et Ed2k-It ont fermé.")}
    assert lemmas["Ed2k-It"] == "Ed2k-It"  # set by kg_merge_names, left alone by the lemmatizer
    assert lemmas["fermé"] == "fermer" and lemmas["ont"] == "avoir"


@pytest.mark.parametrize("text", [t for t in TEXTS if t])
def test_token_table_reads_what_tokens_say(nlp, text):
    doc = nlp(text)
    table = TokenTable.of(doc)
    assert table.text == doc.text
    assert table.words == [t.text for t in doc]
    assert table.lowers == [t.lower_ for t in doc]
    assert table.pos == [t.pos_ for t in doc]
    assert table.starts == [t.idx for t in doc]
    assert table.whitespace == [t.whitespace_ for t in doc]
    assert table.is_punct == [t.is_punct for t in doc]
    assert table.is_space == [t.is_space for t in doc]
    assert table.is_alpha == [t.is_alpha for t in doc]
    assert table.sent_starts == [t.is_sent_start is True for t in doc]


def test_lemma_of_remembers_only_its_own_doc(nlp):
    first, second = nlp("Arrêté mardi par la police, Paul Vérin réclame 3 000 euros."), nlp("Les sites ferment.")
    for _ in range(2):  # the answers of one doc never leak into the other's
        for doc in (first, second, first):
            assert [lemma_of(t) for t in doc] == [_lemma_of(t) for t in doc]
    assert lemma_of(first[0]) == "arrêter"


def _fold_reference(text: str) -> str:
    """kg.lexicon.fold as it was written before its ASCII shortcut."""
    import re
    import unicodedata

    from kg.lexicon import _APOSTROPHES, _LEADING_ARTICLE

    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[\s\-_]+", " ", text).strip(" .,;:!?«»\"'()[]")
    text = _LEADING_ARTICLE.sub("", text)
    return re.sub(r"[^\w+& ]", "", text).strip()


def test_fold_keeps_its_keys(lexicon):
    import random

    from kg.lexicon import fold

    names = [row.name for row in lexicon.known.values()] + [a for row in lexicon.known.values() for a in row.aliases]
    alphabet = "aéÉeE ’'`-–_.,;:!?«»\"()[]&+ﬁßİıŒœ\u0301\u00a0\t\nLlTthes0123"
    rng = random.Random(19)
    names += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    names += ["  L’Équipe ", "Etats-Unis", "The Pirate Bay", "les Échos", "l'ALPA", "ﬁlms", "Straße"]
    for name in names:
        assert fold(name) == _fold_reference(name), name


def test_standalone_spans_match_the_regex():
    import random
    import re

    from kg.extract.entities.harmonise import standalone_spans

    rng = random.Random(19)
    for _ in range(3000):
        name = "".join(rng.choice("Zab.-_é ") for _ in range(rng.randint(1, 3)))
        text = "".join(rng.choice("Zab.-_é 1(") for _ in range(rng.randint(0, 30)))
        pattern = re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w-])")
        assert list(standalone_spans(name, text)) == [m.span() for m in pattern.finditer(text)], (name, text)


def test_lemma_of_is_spacy_s_french_rule_lemmatizer(nlp):
    """Every tag, on a slice of the model's own word list and on odd forms: the lemma spaCy's
    ``rule_lemmatize`` gives, read from set indexes instead of lists."""
    from spacy.tokens import Doc

    lemmatizer = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    exceptions = lemmatizer.lookups.get_table("lemma_exc")
    lemmas = [w for values in index.values() for w in values[::601]]
    words = [w + end for w in lemmas for end in ("", "s", "e", "es", "ent", "ée", "és", "ait", "ons", "aux")]
    words += [w for table in exceptions.values() for w in list(table)[::157]]
    words += [t.text for text in TEXTS for t in nlp.make_doc(text)]
    words += ["réclament", "arrêtée", "Saisis", "FAI", "Zorvex", "12", "l'", "d’", "Qu'", "—"]
    words = [w for w in dict.fromkeys(words) if w.strip()]
    assert len(words) > 1500
    tags = "NOUN VERB ADJ ADP ADV AUX CCONJ DET PRON PUNCT SCONJ PROPN NUM X SYM INTJ PART SPACE".split()
    for tag in tags:
        doc = Doc(nlp.vocab, words=words, pos=[tag] * len(words))
        for token in doc:
            expected = FrenchLemmatizer.rule_lemmatize(lemmatizer, token)[0]
            assert lemmatizer.lemma_of(token.text, token.pos_.lower()) == expected, (token.text, tag)


def test_an_elided_word_has_one_lemma_whatever_its_apostrophe(nlp):
    straight, curly = nlp("Elle s'est pourvue. L'Alpa d'abord."), nlp("Elle s’est pourvue. L’Alpa d’abord.")
    assert [lemma_of(t) for t in straight] == [lemma_of(t) for t in curly]
    assert lemma_of(curly[1]) == "se"


def test_object_clitic_taken_for_a_subject_becomes_the_verbs_object(nlp):
    """'et les a fermés' parsed with 'les' as the subject (and a determiner): the component makes it the object
    pronoun, and leaves a real subject, and a determiner before a noun, as they were."""
    from spacy.tokens import Doc

    from kg.extract.nlp import object_clitics

    words = ["La", "police", "a", "visé", "les", "sites", "et", "les", "a", "fermés", "."]
    heads = [1, 3, 3, 3, 5, 3, 9, 9, 9, 3, 3]
    deps = ["det", "nsubj", "aux:tense", "ROOT", "det", "obj", "cc", "nsubj", "aux:tense", "conj", "punct"]
    pos = ["DET", "NOUN", "AUX", "VERB", "DET", "NOUN", "CCONJ", "DET", "AUX", "VERB", "PUNCT"]
    doc = object_clitics(Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos))
    assert [(t.dep_, t.pos_) for t in doc] == [
        (d if i != 7 else "obj", p if i != 7 else "PRON") for i, (d, p) in enumerate(zip(deps, pos, strict=True))
    ]
    assert [t.head.i for t in doc] == heads


def test_mentions_between_is_the_scan_of_every_mention(nlp, lexicon):
    from kg.extract.entities import find_mentions
    from kg.extract.relations.scan import mentions_between

    doc = nlp(TEXTS[0] + " " + TEXTS[2])
    spans = find_mentions(doc, lexicon)
    assert len(spans) >= 4
    shuffled = spans[1:] + spans[:1]  # not in text order: the plain scan, in the list's order
    for mentions in (spans, shuffled, spans):
        for start in range(-1, len(doc) + 2):
            for end in range(start, len(doc) + 2, 3):
                assert mentions_between(mentions, start, end) == [m for m in mentions if start <= m.start < end]


def test_may_trigger_keeps_every_word_that_triggers(nlp):
    from kg.extract.relations.rules import load_rules
    from kg.extract.relations.triggers import may_trigger, triggered
    from kg.extract.relations.words import OPERATION_NOUNS

    rules = load_rules()
    for text in [t for t in TEXTS if t] + ["L'opération a permis de démanteler le réseau et de fermer le site X."]:
        doc = nlp(text)
        for sent in doc.sents:
            kept = {t.i for t in may_trigger(rules, sent, also=OPERATION_NOUNS)}
            assert {t.i for t in sent if triggered(rules, t) or lemma_of(t) in OPERATION_NOUNS} <= kept


def test_remembered_denials_are_the_plain_answers(nlp):
    from kg.extract.relations.syntax import _irrealis, is_irrealis, is_negated

    first = nlp("La police n'a pas fermé le site X. Les FAI devront bloquer Y et pourraient fermer Z ?")
    second = nlp("Le tribunal a ordonné le blocage de Y.")
    for doc in (first, second, first):  # the answers of one doc never leak into the other's
        for t in doc:
            assert is_negated(t) == is_negated.__wrapped__(t)
            for predicate in ("", "blocks", "shutsDown"):
                assert is_irrealis(t, predicate) == _irrealis.__wrapped__(t, predicate == "blocks")
    assert is_negated(first[5]) and is_irrealis(first[-2]) and not is_irrealis(second[2])
