"""clean_text on invented pages: chrome out, broken lines joined, glued sentences split, signature to metadata."""

from __future__ import annotations

import pytest

from kg.extract.article import extract_article
from kg.ingest.clean import clean_article, clean_text, is_chrome
from kg.records import Article

CHROME_LINES = [
    "Passer au contenu",
    "Leave a Reply",
    "Abonnez-vous à Machin pour ne rien manquer",
    "🔴 Pour ne manquer aucune actualité de Truc, suivez-nous sur Google Actualités et WhatsApp.",
    "Monday , March 3 2021",
    "Home / TECH / titre",
    "À lire — Un autre titre d'article",
    "Accueil > Droit d'auteur > Blocage de sites >",
    "Actualités › Justice › Streaming",
]

PAGE = """Passer au contenu
Home / TECH / Le site Zorbaflix ferme ses portes
Monday , March 3 2021
Le site Zorbaflix ferme ses portes

Le studio Brindille Pictures a obtenu la fermeture du site Zorbaflix.Dans un courrier adressé aux
administrateurs, ses avocats réclamaient aussi le retrait de Kinopirat.PE et du
domaine films.to depuis plusieurs mois.

Abonnez-vous à Machin pour ne rien manquer
À lire — Un autre titre d'article

Les administrateurs du site n'ont pas répondu à nos questions et le service reste
inaccessible depuis mardi.

🔴 Pour ne manquer aucune actualité de Truc, suivez-nous sur Google Actualités et WhatsApp.

Ludovic Tessandier
"""


@pytest.mark.parametrize("line", CHROME_LINES)
def test_chrome_lines_are_recognised(line):
    assert is_chrome(line)
    assert is_chrome(f"  {line}  ")


@pytest.mark.parametrize(
    "line",
    [
        "Le studio Brindille Pictures a obtenu la fermeture du site Zorbaflix.",
        "Les administrateurs du site n'ont pas répondu à nos questions.",
        "Le débit est passé de 10 > 20 Mbit/s en 2024.",
        # a breadcrumb glued to the headline keeps the headline's words
        "Accueil > Médias > Vantor Films échoue à faire prolonger le blocage de l'accès à des sites de streaming",
        "",
    ],
)
def test_content_lines_are_not_chrome(line):
    assert not is_chrome(line)


@pytest.fixture(scope="module")
def cleaned():
    return clean_text(PAGE)


def test_chrome_removed(cleaned):
    body, _ = cleaned
    for fragment in (
        "Passer au contenu",
        "Home /",
        "Monday",
        "March 3",
        "Abonnez-vous",
        "À lire",
        "Un autre titre",
        "suivez-nous",
        "WhatsApp",
        "🔴",
    ):
        assert fragment not in body


def test_broken_lines_are_joined(cleaned):
    body, _ = cleaned
    assert "Dans un courrier adressé aux administrateurs, ses avocats" in body
    assert "Kinopirat.PE et du domaine films.to depuis plusieurs mois." in body
    assert "le service reste inaccessible depuis mardi." in body
    paragraphs = body.split("\n\n")
    assert all("\n" not in p for p in paragraphs)
    assert paragraphs[-1] == (
        "Les administrateurs du site n'ont pas répondu à nos questions et le service reste inaccessible depuis mardi."
    )


def test_glued_sentence_split_but_domains_kept(cleaned):
    body, _ = cleaned
    assert "Zorbaflix.Dans" not in body
    assert "du site Zorbaflix. Dans un courrier" in body
    assert "Kinopirat.PE" in body
    assert "films.to" in body
    assert "Kinopirat. PE" not in body and "films. to" not in body


def test_signature_goes_to_metadata(cleaned):
    body, metadata = cleaned
    assert metadata.get("author") == "Ludovic Tessandier"
    assert "Ludovic Tessandier" not in body
    assert body.rstrip().endswith("depuis mardi.")


def test_title_in_metadata(cleaned):
    _, metadata = cleaned
    assert metadata.get("title") == "Le site Zorbaflix ferme ses portes"


def test_everything_after_comment_form_is_dropped():
    body, _ = clean_text(
        "Le site Zorbaflix a fermé mardi après une décision du tribunal de Lyon.\n\n"
        "Leave a Reply\nUn lecteur a écrit un commentaire que personne ne devrait lire.\n"
    )
    assert body == "Le site Zorbaflix a fermé mardi après une décision du tribunal de Lyon."


def test_clean_article_fills_metadata_and_keeps_given_values():
    article = Article(id="a", source="a.txt", text=PAGE, author="Rédaction du Petit Écran")
    cleaned = clean_article(article)
    assert cleaned.author == "Rédaction du Petit Écran"  # the given value wins
    assert cleaned.title == "Le site Zorbaflix ferme ses portes"
    assert "Passer au contenu" not in cleaned.text


def test_crlf_line_endings():
    body, _ = clean_text("Le site Zorbaflix a fermé\r\nmardi soir, selon ses administrateurs.\r\n")
    assert body == "Le site Zorbaflix a fermé mardi soir, selon ses administrateurs."


OPENING = "Le tribunal de Lyon a fermé le site Zorbaflix mardi."
CLOSING = "Le site est hors ligne."


# --- bugs found while writing these tests -------------------------------------------------------------------


def test_glued_sentence_starting_with_la_is_split():
    body, _ = clean_text("Le tribunal a fermé le site Zorbaflix.La police a saisi les serveurs dans la nuit de mardi.")
    assert "Zorbaflix. La police" in body


def test_a_sentence_glued_after_a_closing_bracket_is_split():
    body, _ = clean_text("Trois studios ont porté plainte (Vantor Films, Movixa Group).Ils réclament des dommages.")
    assert "Movixa Group). Ils réclament" in body


def test_domains_with_less_common_tlds_are_kept():
    body, _ = clean_text("Les visiteurs ont été redirigés vers vortexflix.ninja puis vers vortexflix.cam au printemps.")
    assert "vortexflix.ninja" in body and "vortexflix.cam" in body


def test_content_mentioning_a_newsletter_is_kept():
    paragraph = (
        "Le site Zorbaflix envoyait chaque semaine une newsletter à ses abonnés pour annoncer les "
        "nouveaux films mis en ligne."
    )
    body, _ = clean_text(f"{OPENING}\n\n{paragraph}\n\n{CLOSING}")
    assert paragraph in body


def test_content_starting_with_publie_is_kept():
    paragraph = (
        "Publié en 2019, le rapport de l'autorité estimait que le site Zorbaflix comptait deux millions "
        "de visiteurs par mois."
    )
    body, _ = clean_text(f"{OPENING}\n\n{paragraph}\n\n{CLOSING}")
    assert paragraph in body


def test_a_capitalised_domain_suffix_stays_glued_unless_it_is_a_french_word():
    body, _ = clean_text(
        "Un site basé à Lyon, Lirelibre.Bike, offre des livres. "
        "Le tribunal a fermé Zorbaflix.Site web et forum ont disparu."
    )
    assert "Lirelibre.Bike, offre" in body
    assert "Zorbaflix. Site web" in body


def test_a_headline_closing_on_a_quoted_word_ends_its_paragraph():
    body, _ = clean_text(
        "Vantor Films veut bloquer 40 domaines « pirates »\nL'action a été déposée mardi.\n"
        "« Nous irons jusqu'au bout. »\nLe site Kinovox.com a fermé."
    )
    assert body.split("\n\n") == [
        "Vantor Films veut bloquer 40 domaines « pirates »",
        "L'action a été déposée mardi. « Nous irons jusqu'au bout. » Le site Kinovox.com a fermé.",
    ]


def test_a_run_of_spaces_inside_a_line_reads_as_one():
    body, _ = clean_text("Le  collectif Movixa Group a\u00a0 lancé le   site Kinovox.com.\n\nIl a\tfermé en 2020.")
    assert body == "Le collectif Movixa Group a lancé le site Kinovox.com.\n\nIl a\tfermé en 2020."


def test_a_related_links_widget_is_chrome_but_a_sentence_opening_on_lie_is_not():
    body, _ = clean_text(
        "Lié   Telemix Media perd son procès Lié Vantor Films gagne en appel\n\n"
        "Lié à plusieurs sites, Kinovox.com a fermé."
    )
    assert body == "Lié à plusieurs sites, Kinovox.com a fermé."


def test_a_list_laid_out_one_item_a_line_ends_the_sentence_that_announces_it():
    raw = (
        "Le juge a ordonné le blocage de trois sites :\n\nkinovox.top\n\nkinotube.im\n\nzikabox.sn\n\n"
        "Les fournisseurs ont quinze jours pour agir."
    )
    body, _ = clean_text(raw)
    assert "de trois sites : kinovox.top, kinotube.im et zikabox.sn.\n\nLes fournisseurs" in body


def test_bulleted_items_are_listed_and_a_legal_captions_parties_stay_apart():
    body, _ = clean_text("Les sites visés par Vantor Films :\n- kinovox.top ;\n- kinotube.im ;\n- zikabox.fr.\n")
    assert body == "Les sites visés par Vantor Films : kinovox.top, kinotube.im et zikabox.fr."
    caption, _ = clean_text(
        "ENTRE :\n\nVANTOR FILMS INC.\n\nMOVIXA GROUP LLC\n\nLes demanderesses poursuivent le défendeur depuis mars."
    )
    assert "VANTOR FILMS INC.\n\nMOVIXA GROUP LLC" in caption


def test_a_domain_under_any_country_code_is_a_site():
    text = "Le juge vise les sites kinotube.im, zikabox.sn et kinovox.cm depuis mardi."
    found = {(m.text, m.coarse) for m in extract_article(Article(id="tld", source="tld", text=text)).mentions}
    assert {("kinotube.im", "Website"), ("zikabox.sn", "Website"), ("kinovox.cm", "Website")} <= found
