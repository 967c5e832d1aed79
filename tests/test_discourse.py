"""Whole short articles of our own: facts that need the discourse, and the wrong facts issue #15 found.

Each wrong fact of the issue is checked on its own, on paragraphs written for the test.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.article import extract_article
from kg.extract.entities import find_mentions
from kg.extract.relations.mentions import Reader
from kg.extract.relations.syntax import antecedent_of, subjects_of
from kg.lexicon import fold
from kg.records import Article

ZT = (
    "La Sacem et la SCPP ont assigné Zone-Téléchargement devant le tribunal judiciaire de Paris le 3 mars 2024. "
    "Le site, hébergé chez OVH à Roubaix, proposait des milliers de films.\n\n"
    "Le fondateur, Julien Moreau, a été interpellé à Lyon le 12 avril. "
    "Il a été condamné par le tribunal correctionnel de Lyon à deux ans de prison."
)


@pytest.fixture(scope="module")
def zt():
    return extract_article(Article(id="zt", source="zt", text=ZT, date="2025-06-01"))


def _triples(result):
    return {(fold(f.subject), f.predicate, fold(f.object)) for f in result.facts}


def test_both_plaintiffs_of_a_perfect_tense_sue(zt):
    """'ont assigné' is active even when the parser labels its subject passive."""
    site = fold("Zone-Téléchargement")
    assert {("sacem", "sues", site), ("scpp", "sues", site)} <= _triples(zt)


def test_the_pronoun_goes_to_the_person_not_to_a_plaintiff(zt):
    triples = _triples(zt)
    assert ("tribunal correctionnel de lyon", "convicts", "julien moreau") in triples
    assert not {t for t in triples if t[1] == "convicts" and t[2] in {"sacem", "scpp"}}


def test_an_apposed_founder_is_a_person(zt):
    types = {m.text: m.coarse for m in zt.mentions}
    assert types["Julien Moreau"] == "Person"


def test_the_city_of_the_hosting_company_hosts_nothing(zt):
    assert not {t for t in _triples(zt) if t[0] == "roubaix" and t[1] == "hosts"}


def test_a_day_without_a_year_takes_the_year_of_the_story():
    """'le 12 avril' after '3 mars 2024', in an article published in 2025, is 2024-04-12."""
    result = extract_article(Article(id="zt", source="zt", text=ZT, date="2025-06-01"))
    arrest = next(e for e in result.events if e.kind == "Arrest")
    assert (arrest.date_value, arrest.date_type) == ("2024-04-12", "date")


@pytest.mark.parametrize(
    "text, host, site",
    [
        ("Le site Filmix, hébergé chez OVH à Roubaix, proposait des milliers de films.", "ovh", "filmix"),
        ("Le site Filmix était hébergé à Roubaix, chez OVH.", "ovh", "filmix"),
        ("Les serveurs du site Filmix, situés à Roubaix chez OVH, ont été saisis.", "ovh", "filmix"),
    ],
)
def test_the_hosting_company_hosts_the_site(text, host, site):
    triples = _triples(extract_article(Article(id="h", source="h", text=text)))
    assert (host, "hosts", site) in triples
    assert ("roubaix", "hosts", site) not in triples


def test_a_country_named_with_the_company_hosts_too():
    text = "Le site Filmix, hébergé en Islande par la société Nordhost, diffusait des films."
    triples = _triples(extract_article(Article(id="h", source="h", text=text)))
    assert {("nordhost", "hosts", "filmix"), ("islande", "hosts", "filmix")} <= triples


def test_a_platform_named_for_an_account_on_it_is_no_site_the_article_is_about(nlp, lexicon):
    """'son compte Twitter' says where something was written: the site a later 'la fermeture' stands for is
    the one the article tells of, however often the account is named."""
    doc = nlp(
        "Le jeune homme a écrit sur son compte Twitter, puis encore sur son compte Twitter. "
        "Il administrait le site Kinovox depuis deux ans."
    )
    reader = Reader(doc, find_mentions(doc, lexicon), lexicon)
    counted = [group[0].mention.text for group in reader.sites_by_count()]
    assert counted == ["Kinovox"]
    twitter = next(m for m in reader.spans if m.mention.text == "Twitter")
    assert twitter.mention.coarse == "Website" and reader.on_account(twitter)


def test_a_relative_the_parser_hangs_on_a_verb_stands_for_the_name_before_the_comma(nlp):
    """'Cela inclut X, qui appartient à Y' parsed with the relative clause on 'inclut': no verb is an
    antecedent; the name before the comma is."""
    words = ["Cela", "inclut", "Kinovox", ",", "qui", "appartient", "à", "Telemix", "."]
    heads = [1, 1, 1, 2, 5, 1, 7, 5, 1]
    deps = ["nsubj", "ROOT", "obj", "punct", "nsubj", "acl:relcl", "case", "obl:arg", "punct"]
    pos = ["PRON", "VERB", "PROPN", "PUNCT", "PRON", "VERB", "ADP", "PROPN", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert antecedent_of(doc[4]).text == "Kinovox"


def test_a_source_the_parser_takes_for_the_subject_leaves_the_subject_to_the_name_before_the_verb(nlp):
    """'Selon les représentants des majors, Zentrix héberge le site Kinovox' parsed with 'représentants' (its
    'selon' a case) as the subject and 'Zentrix' hung on it: who tells is no subject; the name right before the
    finite verb is."""
    words = ["Selon", "les", "représentants", "des", "majors", ",", "Zentrix", "héberge", "le", "site", "Kinovox", "."]
    heads = [2, 2, 7, 4, 2, 6, 2, 7, 9, 7, 9, 7]
    deps = ["case", "det", "nsubj", "case", "nmod", "punct", "nmod", "ROOT", "det", "obj", "nmod", "punct"]
    pos = ["ADP", "DET", "NOUN", "ADP", "NOUN", "PUNCT", "PROPN", "VERB", "DET", "NOUN", "PROPN", "PUNCT"]
    morphs = [""] * 7 + ["Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"] + [""] * 4
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, morphs=morphs)
    assert [t.text for t in subjects_of(doc[7])] == ["Zentrix"]


@pytest.mark.parametrize(
    "text", ["La société Vantor Films a écrit aux opérateurs ghanéens", "Vantor Films a écrit aux FAI belges ("]
)
def test_an_article_ending_on_a_nationality_is_read(text):
    # the last token may be the nationality a kind noun carries: the reader reads nothing past it
    assert "Vantor Films" in {m.text for m in extract_article(Article(id="t", source="t", text=text)).mentions}


def test_an_article_ending_on_a_plaintiff_noun_is_read():
    # a judgment's summary cut after 'Les demanderesses': the plaintiff reader looks past the noun for 'civile'
    text = "Kinovox et Vantor Films ont porté plainte contre Zentrix Networks. Droit d'auteur — Les demanderesses"
    facts = extract_article(Article(id="t", source="t", text=text)).facts
    assert ("Vantor Films", "sues", "Zentrix Networks") in {(f.subject, f.predicate, f.object) for f in facts}


def test_a_name_after_an_inverted_verb_of_saying_is_a_source(nlp, lexicon):
    """'comme le souligne X' says who tells the story; 'des sites comme X' names X."""
    doc = nlp("Jean Dupuis écope d'un an de prison, comme le souligne Kinovox.com. Des sites comme Filmora.net "
              "ont fermé.")
    reader = Reader(doc, find_mentions(doc, lexicon), lexicon)
    by_name = {m.mention.text: reader.attributed(m) for m in reader.spans}
    assert by_name["Kinovox.com"] and not by_name["Filmora.net"] and not by_name["Jean Dupuis"]


@pytest.mark.parametrize(
    "text",
    [
        # a site described by its kind noun, the text cut on the article of the complement
        "Vantor Films a attaqué Kinotube.com, la plateforme de vidéo en ligne la",
        # a descriptive organisation's name, the text cut on the comma after it
        "Le tribunal a donné raison à Vantor Films et à l'Office vermondois du livre,",
    ],
)
def test_an_article_cut_inside_a_description_is_read(text):
    assert "Vantor Films" in {m.text for m in extract_article(Article(id="t", source="t", text=text)).mentions}
