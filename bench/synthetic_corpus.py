"""A synthetic French corpus of any size, for the scale benchmark.

Every article is invented: names are built from syllables, sentences from
templates that cover the ten relations (sues, shutsDown, hosts, arrests, orders,
blocks, convicts, operates, locatedIn, holdsRightsTo) in several shapes (active,
passive, relative clause, apposition), padded with neutral news sentences so
lengths vary. Nothing comes from the seeds or a third-party text. The same
count and seed always give the same files.

    .venv/bin/python bench/synthetic_corpus.py 2000 /tmp/corpus [--seed 8]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

_ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "j", "k", "l", "m", "n", "p", "pr", "r", "s", "st",
           "t", "tr", "v", "vr", "z"]
_VOWELS = ["a", "e", "i", "o", "u", "ou", "é", "ai", "an", "on", "in"]
_CODAS = ["", "", "n", "r", "l", "x", "s", "m"]
_SITE_TAILS = ["flix", "stream", "tube", "box", "zone", "ciné", "séries", "torrent", "ddl", "play", "vod", "up"]
_TLDS = ["com", "net", "to", "tv", "io", "cc", "me", "org", "fr", "eu"]
_FIRST_NAMES = ["Camille", "Julien", "Léa", "Mathieu", "Inès", "Thomas", "Chloé", "Hugo", "Sarah", "Nicolas", "Manon",
                "Antoine", "Yasmine", "Pierre", "Élodie", "Karim", "Margaux", "Lucas", "Nadia", "Olivier"]
_CITIES = ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Rennes", "Bordeaux", "Strasbourg",
           "Montpellier", "Grenoble", "Rouen", "Dijon", "Nice", "Brest"]
_COUNTRIES = ["en Suède", "aux Pays-Bas", "en Roumanie", "en Ukraine", "en Bulgarie", "en Lettonie", "au Canada",
              "en Suisse", "en Islande", "en Moldavie"]
_RIGHTS_WORDS = ["Films", "Productions", "Studios", "Éditions", "Pictures", "Musique"]
_ISP_WORDS = ["Télécom", "Fibre", "Net", "Mobile"]
_HOST_WORDS = ["Hosting", "Cloud", "Serveurs", "Data"]
_FILM_WORDS = ["Le Dernier", "La Nuit des", "Les Ombres de", "Un Été à", "Le Retour du", "La Légende de"]
_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "septembre", "octobre", "novembre", "décembre"]

_FILLER = [
    "Le dossier était suivi de près par les professionnels du secteur.",
    "Selon les chiffres avancés lors de l'audience, la plateforme comptait plusieurs centaines de milliers "
    "de visiteurs chaque mois.",
    "Les utilisateurs n'encourent en principe aucune poursuite pour avoir consulté ces pages.",
    "La mesure est valable pour une durée de dix-huit mois et peut être actualisée.",
    "Les enquêteurs ont saisi plusieurs serveurs ainsi que du matériel informatique.",
    "Cette affaire illustre la difficulté de faire disparaître durablement les services de téléchargement.",
    "Les ayants droit estiment le préjudice à plusieurs millions d'euros.",
    "L'audience a été renvoyée au mois suivant à la demande de la défense.",
    "De nombreux sites miroirs sont apparus dans les jours qui ont suivi.",
    "La décision peut encore faire l'objet d'un appel.",
    "Les publicités affichées sur les pages rapportaient des sommes importantes.",
    "L'enquête avait débuté après un signalement adressé aux autorités il y a deux ans.",
]


class Names:
    """Invented, reproducible names of each kind."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def word(self, syllables: int = 2) -> str:
        parts = [self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(syllables)]
        return ("".join(parts) + self.rng.choice(_CODAS)).capitalize()

    def site(self) -> str:
        return self.word(self.rng.randint(1, 2)) + self.rng.choice(_SITE_TAILS)

    def domain(self) -> str:
        return f"{self.site().lower()}.{self.rng.choice(_TLDS)}"

    def person(self) -> str:
        return f"{self.rng.choice(_FIRST_NAMES)} {self.word(self.rng.randint(2, 3))}"

    def rights_holder(self) -> str:
        return f"{self.word()} {self.rng.choice(_RIGHTS_WORDS)}"

    def isp(self) -> str:
        return f"{self.word()} {self.rng.choice(_ISP_WORDS)}"

    def host(self) -> str:
        return f"{self.word()}{self.rng.choice(_HOST_WORDS)}"

    def film(self) -> str:
        return f"{self.rng.choice(_FILM_WORDS)} {self.word(3)}"


def _date(rng: random.Random) -> str:
    return f"{rng.choice(_DAYS)} {rng.randint(1, 28)} {rng.choice(_MONTHS)}"


def _relation_sentences(rng: random.Random) -> list[Callable[[dict], str]]:
    """One template per shape; each reads the article's cast from a dict."""
    return [
        lambda c: f"{c['holder']} a assigné {c['site']} devant le tribunal judiciaire de {c['city']}.",
        lambda c: f"La société {c['holder']} a porté plainte contre {c['admin']}, qu'elle accuse de contrefaçon.",
        lambda c: f"Le site {c['site']} a été fermé {_date(rng)} par la gendarmerie de {c['city']}.",
        lambda c: f"La police a fermé {c['site']} après plusieurs mois d'enquête.",
        lambda c: f"Le site {c['site']} était hébergé par {c['host']}, un hébergeur installé {c['country']}.",
        lambda c: f"{c['host']} hébergeait aussi le domaine {c['domain']}.",
        lambda c: f"Les gendarmes ont interpellé {c['admin']}, {rng.randint(22, 58)} ans, à son domicile de "
        f"{c['city']}.",
        lambda c: f"{c['admin']} a été arrêté {_date(rng)} par la police judiciaire.",
        lambda c: f"Le tribunal judiciaire de {c['city']} a ordonné à {c['isp']} de bloquer {c['site']}.",
        lambda c: f"{c['isp']} a bloqué l'accès à {c['domain']} dès le lendemain.",
        lambda c: f"Le tribunal correctionnel de {c['city']} a condamné {c['admin']} à "
        f"{rng.choice(['six mois', 'un an', 'deux ans'])} de prison avec sursis.",
        lambda c: f"{c['admin']}, qui administrait {c['site']} depuis {rng.randint(2012, 2022)}, ne s'est pas "
        "présenté à l'audience.",
        lambda c: f"{c['admin']} gérait également {c['domain']}.",
        lambda c: f"{c['holder']}, basé à {c['city']}, détient les droits du film « {c['film']} ».",
        lambda c: f"Le film « {c['film']} », dont {c['holder']} détient les droits, figurait parmi les titres "
        "proposés.",
    ]


def make_article(index: int, seed: int) -> tuple[str, str]:
    """(file name, text) of article number index: a title, then paragraphs of 1-4 sentences."""
    rng = random.Random(seed * 1_000_003 + index)
    names = Names(rng)
    cast = {
        "site": names.site(),
        "domain": names.domain(),
        "admin": names.person(),
        "holder": names.rights_holder(),
        "isp": names.isp(),
        "host": names.host(),
        "film": names.film(),
        "city": rng.choice(_CITIES),
        "country": rng.choice(_COUNTRIES),
    }
    templates = _relation_sentences(rng)
    title = rng.choice([
        f"Piratage : {cast['site']} dans le viseur de la justice",
        f"{cast['holder']} obtient le blocage de {cast['site']}",
        f"Streaming illégal : coup d'arrêt pour {cast['site']}",
        f"L'administrateur de {cast['site']} devant le tribunal",
    ])
    sentences = [t(cast) for t in rng.sample(templates, rng.randint(3, 12))]
    sentences += rng.sample(_FILLER, rng.randint(1, 10))
    rng.shuffle(sentences)
    paragraphs = []
    while sentences:
        take = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    return f"{index:06d}_{cast['site'].lower()}.txt", "\n\n".join([title, *paragraphs]) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 8, start: int = 0) -> int:
    """Write articles start..start+count-1 into folder; returns the characters written."""
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for index in range(start, start + count):
        name, text = make_article(index, seed)
        (folder / name).write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    chars = write_corpus(args.out, args.count, args.seed)
    print(f"{args.count} articles, {chars} characters -> {args.out}/")


if __name__ == "__main__":
    main()
