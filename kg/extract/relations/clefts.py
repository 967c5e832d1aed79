"""Surface rule: a pseudo-cleft that names what a blocking applies to after the copula ('Les sites que les
fournisseurs d'accès doivent bloquer sont X, Y et Z'), a sentence whose parse spaCy gets wrong."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.relations.context import ISP_GROUP
from kg.extract.relations.listing import weakly_typed
from kg.extract.relations.mentions import Reader
from kg.extract.relations.syntax import is_negated, lemma_of
from kg.extract.relations.words import BLOCKING_VERBS, PROVIDER_NOUNS, SITE_KIND_NOUNS

COPULA_FORMS = frozenset({"sont", "seront", "étaient", "furent"})


def cleft_blocking(sent: Span, reader: Reader):
    """(provider, site, rule, tier) for 'Les sites que X doit bloquer sont A, B et C'."""
    doc = reader.doc
    words = [t for t in sent if not t.is_space]
    if len(words) < 6 or words[0].lower_ not in {"les", "ces"} or lemma_of(words[1]) not in SITE_KIND_NOUNS:
        return
    relative = next((t for t in words[2:5] if t.lower_ in {"que", "qu'", "qu’"}), None)
    if relative is None:
        return
    verb = next((t for t in doc[relative.i + 1 : sent.end] if lemma_of(t) in BLOCKING_VERBS), None)
    if verb is None or is_negated(verb):
        return
    copula = next((t for t in doc[verb.i + 1 : min(sent.end, verb.i + 4)] if t.lower_ in COPULA_FORMS), None)
    if copula is None:
        return
    sites = [
        m for m in reader.spans
        if copula.i < m.start < sent.end and (m.mention.coarse == "Website" or weakly_typed(m))
    ]
    named = [m for m in reader.spans if relative.i < m.start < verb.i and m.mention.coarse == "Organization"]
    tier = "explicit"
    group = any(lemma_of(t) in PROVIDER_NOUNS or t.lower_ in PROVIDER_NOUNS for t in doc[relative.i + 1 : verb.i])
    if not named and group:
        # 'les fournisseurs d'accès': those the article lists (who asked for the blocking is not among them)
        providers = reader.one_list(
            lambda m: (m.mention.coarse, m.mention.fine) == ISP_GROUP and not reader.requested_by(m)
        )
        named, tier = providers, "anaphoric"
    for provider in named:
        for site in sites:
            yield provider, site, "blocks.cleft", tier
