"""Coverage of the relation reader: every verb class through every syntactic frame, on invented names.

Each cell is one sentence made from a frame (active, passive, relative, cleft, participle, infinitive,
coordination, carried subject, nominalisation ...) and one verb of a class; it counts as read when the
expected triple comes out of ``extract_article`` (negated frames: when it does not). The table shows,
per frame, how many verbs it reads, so that a frame the rules do not know shows up across every class
instead of as one missed sentence of one article.

    .venv/bin/python bench/frame_sweep.py [--show-misses] [--frame NAME]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace

from kg.extract.article import extract_article
from kg.extract.nlp import load_nlp
from kg.records import Article


@dataclass(frozen=True)
class Actor:
    text: str  # as written in the sentence ('la police de Lyon')
    name: str  # the name the fact should carry ('police de Lyon')
    pronoun: str  # the subject pronoun that stands for it
    feminine: bool = False


@dataclass(frozen=True)
class Verb:
    predicate: str
    subject: Actor
    object: Actor
    infinitive: str
    participle: str  # masculine singular
    present: str  # third person singular
    gerund: str  # present participle ('fermant')
    noun: str = ""  # its nominalisation with article ('la fermeture'), '' when none reads naturally
    object_prep: str = ""  # 'à' for 'ordonner à X'
    tail: str = ""  # what the clause needs after the object ('de retirer les films')


POLICE = Actor("la police de Lyon", "police de Lyon", "elle", True)
COURT = Actor("le tribunal correctionnel de Lyon", "tribunal correctionnel de Lyon", "il")
CIVIL_COURT = Actor("le tribunal judiciaire de Lyon", "tribunal judiciaire de Lyon", "il")
PLAINTIFF = Actor("l'association Kinovox", "Kinovox", "elle", True)
PROVIDER = Actor("le fournisseur d'accès Telemix", "Telemix", "il")
HOST = Actor("l'hébergeur Hostavia", "Hostavia", "il")
SITE = Actor("le site Zentrix", "Zentrix", "il")
PERSON = Actor("Julien Vantor", "Julien Vantor", "il")
COMPANY = Actor("la société Filmora", "Filmora", "elle", True)

VERBS = [
    Verb("sues", PLAINTIFF, SITE, "assigner", "assigné", "assigne", "assignant", "l'assignation"),
    Verb("sues", PLAINTIFF, SITE, "poursuivre", "poursuivi", "poursuit", "poursuivant", "les poursuites"),
    Verb("sues", PLAINTIFF, SITE, "attaquer en justice", "attaqué en justice", "attaque en justice",
         "attaquant en justice"),
    Verb("shutsDown", POLICE, SITE, "fermer", "fermé", "ferme", "fermant", "la fermeture"),
    Verb("shutsDown", POLICE, SITE, "démanteler", "démantelé", "démantèle", "démantelant", "le démantèlement"),
    Verb("shutsDown", POLICE, SITE, "désactiver", "désactivé", "désactive", "désactivant", "la désactivation"),
    Verb("arrests", POLICE, PERSON, "interpeller", "interpellé", "interpelle", "interpellant", "l'interpellation"),
    Verb("arrests", POLICE, PERSON, "arrêter", "arrêté", "arrête", "arrêtant", "l'arrestation"),
    Verb("convicts", COURT, PERSON, "condamner", "condamné", "condamne", "condamnant", "la condamnation"),
    Verb("orders", CIVIL_COURT, COMPANY, "ordonner", "ordonné", "ordonne", "ordonnant", object_prep="à",
         tail="de retirer les films"),
    Verb("orders", CIVIL_COURT, COMPANY, "contraindre", "contraint", "contraint", "contraignant",
         tail="à retirer les films"),
    Verb("blocks", PROVIDER, SITE, "bloquer", "bloqué", "bloque", "bloquant", "le blocage"),
    Verb("hosts", HOST, SITE, "héberger", "hébergé", "héberge", "hébergeant", "l'hébergement"),
    Verb("operates", PERSON, SITE, "gérer", "géré", "gère", "gérant", "la gestion"),
    Verb("operates", PERSON, SITE, "fonder", "fondé", "fonde", "fondant", "la fondation"),
    Verb("operates", PERSON, SITE, "administrer", "administré", "administre", "administrant", "l'administration"),
]

SECOND_SUBJECT = {  # a second actor of the same kind, for coordination
    "police de Lyon": Actor("la gendarmerie de Grenoble", "gendarmerie de Grenoble", "elle", True),
    "tribunal correctionnel de Lyon": None,
    "tribunal judiciaire de Lyon": None,
    "Kinovox": Actor("la société Vidalis", "Vidalis", "elle", True),
    "Telemix": Actor("l'opérateur Fibrona", "Fibrona", "il"),
    "Hostavia": None,
    "Julien Vantor": Actor("Marc Delory", "Marc Delory", "il"),
}
SECOND_OBJECT = {
    "Zentrix": Actor("le site Movixa", "Movixa", "il"),
    "Julien Vantor": Actor("Marc Delory", "Marc Delory", "il"),
    "Filmora": Actor("la société Lumavia", "Lumavia", "elle", True),
}

# Frames: a sentence with {S} (subject), {O} (object, with its preposition), {pp} (participle agreeing with
# the object when it is the grammatical subject: {ppo}), {inf}, {pres}, {tail}, {pron} (subject pronoun,
# capitalised), {nom} (nominalisation). 'passive' frames need a direct object; 'nom' frames a noun.
FRAMES = {
    "active": "{S} a {pp} {O} {tail}.",
    "present": "{S} {pres} {O} {tail}.",
    "fronted adjunct": "Le 3 mars, à Marseille, {S} a {pp} {O} {tail}.",
    "apposed subject": "{S}, à l'origine de l'enquête, a {pp} {O} {tail}.",
    "reported (selon)": "Selon le journal Le Matin, {S} a {pp} {O} {tail}.",
    "passive": "{Oc} a été {ppo} par {S} {tail}.",
    "passive, adjunct": "{Oc} a été {ppo} mardi à Marseille par {S} {tail}.",
    "participle apposed": "{Oc}, {ppo} par {S} {tail}, ne répond plus.",
    "participle fronted": "{Ppo} par {S} {tail}, {O} ne répond plus.",
    "relative subject": "{Sc}, qui a {pp} {O} {tail}, n'a pas souhaité commenter.",
    "relative object": "{Oc}, que {S} a {ppo} {tail}, ne répond plus.",
    "relative passive": "{Oc}, qui a été {ppo} par {S} {tail}, ne répond plus.",
    "cleft": "C'est {S} qui a {pp} {O} {tail}.",
    "control infinitive": "{S} a décidé de {inf} {O} {tail}.",
    "finir par": "{S} a fini par {inf} {O} {tail}.",
    "après avoir": "Après avoir {pp} {O} {tail}, {S} a publié un communiqué.",
    "coordinated verbs": "{S} a enquêté pendant deux ans puis a {pp} {O} {tail}.",
    "coordinated subjects": "{S} et {S2} ont {pp} {O} {tail}.",
    "coordinated objects": "{S} a {pp} {O} et {O2} {tail}.",
    "carried subject": "{S} a publié un communiqué mardi et a {pp} {O} {tail}.",
    "pronoun, next sentence": "{S} a publié un communiqué mardi. {Pron} a {pp} {O} {tail}.",
    "nominalisation": "{Nomc} de {O} par {S} a surpris les internautes.",
    "pluperfect": "{S} avait {pp} {O} {tail} en 2019.",
    "adverb inside": "{S} a finalement {pp} {O} {tail}.",
    "venir de": "{S} vient de {inf} {O} {tail}.",
    "parvenir à": "{S} est parvenue à {inf} {O} {tail}.",
    "gerund": "{S} a frappé fort en {ger} {O} {tail}.",
    "temporal clause": "Lorsque {S} a {pp} {O} {tail}, les internautes ont protesté.",
    "se faire": "{Oc} s'est fait {inf} par {S} {tail}.",
    "subject acronym": "{S} (KVX) a {pp} {O} {tail}.",
    "subject relative": "{S}, qui regroupe une trentaine de membres, a {pp} {O} {tail}.",
    "long apposition": "{S}, l'un des acteurs les plus actifs de la lutte contre le piratage en Europe, a {pp} {O} "
    "{tail}.",
    "adjunct before object": "{S} a {pp} mardi, après deux ans d'enquête, {O} {tail}.",
    "object apposition": "{S} a {pp} {O}, l'un des plus gros sites du pays, {tail}.",
    "object relative": "{S} a {pp} {O}, qui comptait des millions de visiteurs, {tail}.",
    "quoted object": "{S} a {pp} « {Oname} » {tail}.",
    "bracket aside": "{S} (qui n'a pas répondu à nos questions) a {pp} {O} {tail}.",
    "dash aside": "{S} – déjà connue des services – a {pp} {O} {tail}.",
    "long sentence": "Au terme d'une enquête de plusieurs mois menée dans plusieurs pays, {S} a {pp} {O} {tail}, "
    "ce qui a provoqué la colère de nombreux internautes sur les réseaux sociaux.",
    "negated": "{S} n'a pas {pp} {O} {tail}.",
    "negated, jamais": "{S} n'a jamais {pp} {O} {tail}.",
    "question": "{S} va-t-elle {inf} {O} {tail} ?",
}
NEGATIVE_FRAMES = frozenset({"negated", "negated, jamais", "question"})
PASSIVE_FRAMES = frozenset(
    name for name, text in FRAMES.items() if "{ppo}" in text or "{Ppo}" in text or "s'est fait" in text
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _object_text(verb: Verb, actor: Actor) -> str:
    if verb.object_prep == "à":
        for article, contracted in (("le ", "au "), ("les ", "aux ")):
            if actor.text.startswith(article):
                return contracted + actor.text[len(article):]
        return "à " + actor.text
    return actor.text


def sentence(frame: str, verb: Verb) -> str | None:
    """The frame filled with the verb and its actors, or None when the frame does not fit the verb."""
    template = FRAMES[frame]
    if (frame in PASSIVE_FRAMES or "{Oname}" in template) and verb.object_prep:
        return None  # 'ordonner à X' has no passive and no bare object
    if frame == "parvenir à" and not verb.subject.feminine:
        return None
    if "{Nomc}" in template and not verb.noun:
        return None
    second_subject = SECOND_SUBJECT.get(verb.subject.name)
    second_object = SECOND_OBJECT.get(verb.object.name)
    if "{S2}" in template and second_subject is None or "{O2}" in template and second_object is None:
        return None
    agreeing = verb.participle + ("e" if verb.object.feminine and not verb.participle.endswith("e") else "")
    if " " in verb.participle and verb.object.feminine:  # 'attaqué en justice' -> 'attaquée en justice'
        head, rest = verb.participle.split(" ", 1)
        agreeing = f"{head}e {rest}"
    text = template.format(
        S=verb.subject.text,
        Sc=_cap(verb.subject.text),
        S2=second_subject.text if second_subject else "",
        O=_object_text(verb, verb.object),
        Oc=_cap(verb.object.text),
        Oname=verb.object.name,
        O2=_object_text(verb, second_object) if second_object else "",
        pp=verb.participle,
        ppo=agreeing,
        Ppo=_cap(agreeing),
        inf=verb.infinitive,
        pres=verb.present,
        ger=verb.gerund,
        tail=verb.tail,
        Pron=_cap(verb.subject.pronoun),
        Nomc=_cap(verb.noun),
    )
    text = " ".join(text.replace(" .", ".").replace(" ,", ",").split())
    elisions = ((" de le ", " du "), (" de les ", " des "), (" de i", " d'i"), (" de a", " d'a"), (" de h", " d'h"))
    for loose, elided in elisions:
        text = text.replace(loose, elided)
    return _cap(text)


def expected(frame: str, verb: Verb) -> list[tuple[str, str, str]]:
    pairs = [(verb.subject.name, verb.object.name)]
    if "{S2}" in FRAMES[frame]:
        pairs.append((SECOND_SUBJECT[verb.subject.name].name, verb.object.name))
    if "{O2}" in FRAMES[frame]:
        pairs.append((verb.subject.name, SECOND_OBJECT[verb.object.name].name))
    return [(s, verb.predicate, o) for s, o in pairs]


def _bare(verb: Verb) -> Verb:
    """The verb with its actors named bare: a site as its domain name, a company by its name alone."""
    def bare(actor: Actor) -> Actor:
        if actor.name == actor.text or actor.text.endswith(" de Lyon"):
            return actor  # people and institutions are named the same way
        name = actor.name + ".com" if actor is SITE else actor.name
        return replace(actor, text=name, name=name)
    return replace(verb, subject=bare(verb.subject), object=bare(verb.object))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="print each sentence not read")
    parser.add_argument("--frame", help="only this frame")
    parser.add_argument("--bare", action="store_true", help="names without their kind noun ('Zentrix.com')")
    args = parser.parse_args()
    verbs = [_bare(v) for v in VERBS] if args.bare else VERBS
    nlp = load_nlp()
    frames = [args.frame] if args.frame else list(FRAMES)
    total_read = total = 0
    print(f"{'frame':<24} {'read':>9}  missed verbs")
    for frame in frames:
        read, cells, missed = 0, 0, []
        for verb in verbs:
            text = sentence(frame, verb)
            if text is None:
                continue
            cells += 1
            article = Article(id="sweep", source="sweep", text=text, date="2024-05-01")
            found = {(f.subject, f.predicate, f.object) for f in extract_article(article, nlp).facts}
            wanted = expected(frame, verb)
            ok = not (set(wanted) & found) if frame in NEGATIVE_FRAMES else set(wanted) <= found
            read += ok
            if not ok:
                missed.append(verb.infinitive)
                if args.show_misses:
                    print(f"    MISS [{frame}] {text}  -> {sorted(found)}", file=sys.stderr)
        total_read, total = total_read + read, total + cells
        print(f"{frame:<24} {read:>4}/{cells:<4}  {', '.join(missed)}")
    print(f"{'all frames':<24} {total_read:>4}/{total:<4}  ({total_read / max(total, 1):.2f})")


if __name__ == "__main__":
    main()
