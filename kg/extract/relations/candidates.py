"""A trigger's two ends as a frame found them, before types, anaphora and confidence are settled."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from kg.extract.entities import MentionSpan
from kg.extract.relations.rules import Pattern


@dataclass
class Candidate:
    pattern: Pattern
    trigger: Token
    subjects: list[MentionSpan]
    objects: list[MentionSpan]
    subject_tokens: list[Token]
    object_tokens: list[Token]
    voice: str
    # who asked for the action ('à la demande de X', 'X a obtenu la fermeture de Y'): a plaintiff of its target
    requesters: list[MentionSpan] = field(default_factory=list)
    measure_targets: list[MentionSpan] = field(default_factory=list)  # 'ordonner le blocage de X': whom they sue
