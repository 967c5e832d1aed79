"""Entity resolution: name keys, acronyms, stated aliases, surnames; and what must stay apart."""

from __future__ import annotations

import pytest

from kg.records import Article, ArticleFacts, Fact, Mention
from kg.resolve import initials, is_acronym, name_key, resolve


def facts_of(article_id: str, *mentions: tuple[str, str], aliases=(), facts=()) -> ArticleFacts:
    """An ArticleFacts whose text is the mentions in a row, with honest offsets."""
    text, records = "", []
    for surface, coarse in mentions:
        start = len(text)
        text += surface + ". "
        records.append(Mention(surface, start, start + len(surface), coarse, evidence="test", strength=1))
    article = Article(id=article_id, source=f"{article_id}.txt", text=text)
    return ArticleFacts(article=article, mentions=tuple(records), facts=tuple(facts), aliases=tuple(aliases))


def entity_with(corpus, name):
    found = [e for e in corpus.entities.values() if name in e.names]
    assert len(found) == 1, (name, corpus.entities)
    return found[0]


@pytest.mark.parametrize(
    "a, b",
    [
        ("Vortexflix.com", "Vortexflix"),
        ("vortexflix.to", "Vortexflix"),
        ("Brindille Pictures Corp.", "Brindille Pictures"),
        ("Brindille Pictures, Inc.", "Brindille Pictures"),
        ("Etats-Unis", "États-Unis"),
        ("États-Unis", "USA"),
        ("Etats-Unis", "USA"),
        ("Pays-Bas", "Pays Bas"),
        ("Pays-Bas", "pays-bas"),
        ("TGI de Marvigny", "Tribunal de grande instance de Marvigny"),
        ("TJ d’Annecy", "tribunal judiciaire d'Annecy"),
        ("CA de Tolbrec", "cour d'appel de Tolbrec"),
    ],
)
def test_same_key(a, b, lexicon):
    assert name_key(a, lexicon) == name_key(b, lexicon)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Nordhost", "Nordlink"),
        ("Brindille Pictures", "Brindille Records"),
        ("Pays-Bas", "États-Unis"),
        ("TGI de Marvigny", "tribunal judiciaire de Marvigny"),
        ("CA", "cour d'appel"),
    ],
)
def test_different_key(a, b, lexicon):
    assert name_key(a, lexicon) != name_key(b, lexicon)


def test_initials():
    assert initials("Fédération nationale des producteurs de vidéo") == "fnpv"
    assert is_acronym("FNPV") and is_acronym("F.N.P.V.")
    assert not is_acronym("Nordhost")


def test_acronym_by_initials_across_articles(lexicon):
    corpus = resolve(
        [
            facts_of("a1", ("FNPV", "Organization"), ("Zorbaflix", "Website")),
            facts_of("a2", ("Fédération nationale des producteurs de vidéo", "Organization")),
        ],
        lexicon,
    )
    entity = entity_with(corpus, "FNPV")
    assert entity.names == {"FNPV", "Fédération nationale des producteurs de vidéo"}
    assert entity.label == "Fédération nationale des producteurs de vidéo"  # the long form is the label
    assert entity.coarse == "Organization"
    assert entity.articles == {"a1", "a2"}
    assert len(corpus.entities) == 2


def test_acronym_does_not_merge_with_a_place(lexicon):
    corpus = resolve(
        [
            facts_of("a1", ("FNPV", "Organization")),
            facts_of("a2", ("Fort Nelson Port Village", "Place")),
        ],
        lexicon,
    )
    assert len(corpus.entities) == 2


def test_stated_alias_merges(lexicon):
    corpus = resolve(
        [
            facts_of(
                "a1",
                ("Kestrel", "Organization"),
                ("Groupe des Faucons Gris", "Organization"),
                aliases=[("Kestrel", "Groupe des Faucons Gris")],
            ),
        ],
        lexicon,
    )
    assert len(corpus.entities) == 1
    assert entity_with(corpus, "Kestrel").names == {"Kestrel", "Groupe des Faucons Gris"}


def test_stated_alias_in_one_article_merges_mentions_of_another(lexicon):
    corpus = resolve(
        [
            facts_of(
                "a1",
                ("Kestrel", "Organization"),
                ("Groupe des Faucons Gris", "Organization"),
                aliases=[("Kestrel", "Groupe des Faucons Gris")],
            ),
            facts_of("a2", ("Kestrel", "Organization")),
        ],
        lexicon,
    )
    assert entity_with(corpus, "Groupe des Faucons Gris").articles == {"a1", "a2"}


def test_different_organisations_stay_apart(lexicon):
    corpus = resolve(
        [
            facts_of("a1", ("Nordhost", "Organization"), ("Nordlink", "Organization")),
            facts_of("a2", ("Nordlink", "Organization")),
        ],
        lexicon,
    )
    assert len(corpus.entities) == 2
    assert entity_with(corpus, "Nordhost").names == {"Nordhost"}
    assert entity_with(corpus, "Nordlink").articles == {"a1", "a2"}


def test_surname_merges_with_full_name_in_same_article(lexicon):
    corpus = resolve(
        [
            facts_of("a1", ("Karim Benhadj", "Person"), ("Zorbaflix", "Website"), ("Benhadj", "Person")),
        ],
        lexicon,
    )
    person = entity_with(corpus, "Karim Benhadj")
    assert person.names == {"Karim Benhadj", "Benhadj"}
    assert person.coarse == "Person"
    assert person.label == "Karim Benhadj"
    assert len(corpus.entities) == 2


def test_domain_and_bare_name_merge_and_facts_follow(lexicon):
    fact = Fact("Telvora", "blocks", "vortexflix.to", "Telvora bloque vortexflix.to.", 0, 28, "test-rule", 0.9)
    corpus = resolve(
        [
            facts_of("a1", ("Telvora", "Organization"), ("vortexflix.to", "Website"), facts=[fact]),
            facts_of("a2", ("Vortexflix", "Website")),
        ],
        lexicon,
    )
    site = entity_with(corpus, "Vortexflix")
    assert site.names == {"vortexflix.to", "Vortexflix"}
    assert len(corpus.facts) == 1
    assert corpus.facts[0].object == site.key
    assert corpus.facts[0].subject == entity_with(corpus, "Telvora").key


def test_resolve_does_not_depend_on_input_order(lexicon):
    inputs = [
        facts_of("a1", ("FNPV", "Organization"), ("Karim Benhadj", "Person"), ("Benhadj", "Person")),
        facts_of("a2", ("Fédération nationale des producteurs de vidéo", "Organization"), ("Nordhost", "Organization")),
    ]
    one, two = resolve(inputs, lexicon), resolve(list(reversed(inputs)), lexicon)
    assert {k: (e.label, sorted(e.names)) for k, e in one.entities.items()} == {
        k: (e.label, sorted(e.names)) for k, e in two.entities.items()
    }


# --- bugs found while writing these tests -------------------------------------------------------------------


def test_people_sharing_a_surname_stay_apart(lexicon):
    corpus = resolve(
        [
            facts_of("a1", ("Karim Benhadj", "Person"), ("Benhadj", "Person")),
            facts_of("a2", ("Nadia Benhadj", "Person"), ("Benhadj", "Person")),
        ],
        lexicon,
    )
    assert "Nadia Benhadj" not in entity_with(corpus, "Karim Benhadj").names


def test_full_name_is_the_label_even_when_surname_repeats(lexicon):
    corpus = resolve(
        [
            facts_of("a1", ("Karim Benhadj", "Person"), ("Benhadj", "Person"), ("Benhadj", "Person")),
        ],
        lexicon,
    )
    assert entity_with(corpus, "Karim Benhadj").label == "Karim Benhadj"


def _stated(text: str, *mentions: tuple[str, str]) -> list[tuple[str, str]]:
    from kg.extract.article import stated_aliases

    records = [Mention(name, text.index(name), text.index(name) + len(name), coarse) for name, coarse in mentions]
    return stated_aliases(text, records)


def test_bracketed_acronym_or_full_name_is_an_alias():
    text = "La Fédération des vidéastes indépendants (FVI) a porté plainte. L'Office de lutte contre le piratage (Olp)."
    assert _stated(text, ("Fédération des vidéastes indépendants", "Organization"), ("FVI", "Organization")) == [
        ("FVI", "Fédération des vidéastes indépendants")
    ]
    # an acronym that skips a word of the name still renames it
    assert _stated(text, ("Office de lutte contre le piratage", "Organization"), ("Olp", "Organization")) == [
        ("Olp", "Office de lutte contre le piratage")
    ]


@pytest.mark.parametrize(
    "text",
    [
        'Marc Dubois, alias "Zorglub", administrait le site.',
        "Marc Dubois, dit « Zorglub », administrait le site.",
        "Marc Dubois, surnommé Zorglub sur les forums, administrait le site.",
        "Son administrateur, Marc Dubois (alias Zorglub), a été arrêté.",
    ],
)
def test_a_pseudonym_is_an_alias_of_the_person(text):
    assert _stated(text, ("Marc Dubois", "Person"), ("Zorglub", "Organization")) == [("Zorglub", "Marc Dubois")]


def test_a_name_after_alias_of_a_company_is_no_pseudonym():
    text = "La société Kelvix, alias Orbis, a fermé."
    assert _stated(text, ("Kelvix", "Organization"), ("Orbis", "Organization")) == []


@pytest.mark.parametrize(
    "text, outer, inner",
    [
        ("L'agence, basée à Lugano (Suisse), enquête.", ("Lugano", "Place"), ("Suisse", "Place")),  # a place locates
        ("Les résolveurs de Brontel (NetGarde) filtrent.", ("Brontel", "Organization"), ("NetGarde", "Organization")),
        ("Le site Zorbaflix (Vidéoprotect) a fermé.", ("Zorbaflix", "Website"), ("Vidéoprotect", "Organization")),
    ],
)
def test_bracketed_name_of_another_kind_or_word_is_no_alias(text, outer, inner):
    assert _stated(text, outer, inner) == []


def test_city_and_bracketed_country_stay_two_places_linked_by_located_in(nlp, lexicon):
    from kg.extract.article import extract_article

    text = "L'office Vidéoprotect, installé à Lugano (Suisse), a porté plainte contre le site Zorbaflix."
    extracted = extract_article(Article(id="a", source="a.txt", text=text), nlp=nlp, lexicon=lexicon)
    corpus = resolve([extracted])
    lugano, suisse = entity_with(corpus, "Lugano"), entity_with(corpus, "Suisse")
    assert lugano.key != suisse.key and lugano.names == {"Lugano"}
    located = {
        (corpus.entities[f.subject].label, corpus.entities[f.object].label)
        for f in corpus.facts
        if f.predicate == "locatedIn"
    }
    assert ("Lugano", "Suisse") in located


def test_www_domain_and_bare_name_share_a_key(lexicon):
    assert name_key("www.zorbaflix.com", lexicon) == name_key("Zorbaflix", lexicon)


def test_company_short_name_merges_with_its_full_name(lexicon):
    corpus = resolve(
        [facts_of("a1", ("Bravane Communications", "Organization"), ("Bravane", "Person"), ("Zorbaflix", "Website"))],
        lexicon,
    )
    company = entity_with(corpus, "Bravane")
    assert company.names == {"Bravane", "Bravane Communications"}
    assert company.coarse == "Organization"


def test_short_name_merges_across_articles_only_when_one_company_opens_with_it(lexicon):
    corpus = resolve(
        [
            facts_of("a1", ("Kestrane Learning", "Organization")),
            facts_of("a2", ("Kestrane", "Organization")),
            facts_of("a3", ("Morlin Records", "Organization"), ("Morlin Pictures", "Organization")),
            facts_of("a4", ("Morlin", "Organization")),
        ],
        lexicon,
    )
    assert entity_with(corpus, "Kestrane").names == {"Kestrane", "Kestrane Learning"}
    assert entity_with(corpus, "Morlin").names == {"Morlin"}  # two companies open with it: no guess


def test_a_place_is_never_a_short_name(lexicon):
    corpus = resolve([facts_of("a1", ("Belgique", "Place"), ("Belgique Diffusion", "Organization"))], lexicon)
    assert len(corpus.entities) == 2


def test_contracted_name_merges_with_the_full_name(lexicon):
    corpus = resolve([facts_of("a1", ("Zorba Library", "Website"), ("ZorLib", "Organization"))], lexicon)
    assert entity_with(corpus, "ZorLib").names == {"ZorLib", "Zorba Library"}


def test_the_place_closing_an_institution_name_is_a_place(lexicon):
    text = "Le tribunal correctionnel de Quimper a jugé l'affaire."
    start = text.index("tribunal")
    name = "tribunal correctionnel de Quimper"
    court = Mention(name, start, start + len(name), "Organization", "Court", "institution", 5)
    article = Article(id="a1", source="a1.txt", text=text)
    corpus = resolve([ArticleFacts(article=article, mentions=(court,), facts=(), aliases=())], lexicon)
    place = entity_with(corpus, "Quimper")
    assert place.coarse == "Place"
    ((_, mention),) = corpus.mentions[place.key]
    assert text[mention.start : mention.end] == "Quimper"
