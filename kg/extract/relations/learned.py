"""The learned relation reader: a logistic model over the pair features of pairs.py, trained by
bench/train_relations.py on the annotated real articles and stored as data (kg/data/relation_model.json).

It adds what the pattern rules did not find, for the relations where it was measured precise enough on
articles it was not trained on (its per-relation threshold; a relation without one is left to the rules).
A fact it adds carries the rule ``learned.<relation>`` and the confidence measured for its score band on
held-out articles, so that kgo:confidence keeps one meaning for rules and model alike.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.extract.relations.pairs import ArticleView, Candidate, Name, candidates
from kg.extract.relations.rules import load_rules, type_allows
from kg.records import Fact, Mention

__all__ = ["MODEL_FILE", "PairModel", "allowed", "types_allow", "learned_facts", "load_pair_model"]

MODEL_FILE = Path(__file__).resolve().parents[2] / "data" / "relation_model.json"
RULE_PREFIX = "learned."


@dataclass(frozen=True)
class PairModel:
    """Weights of the pair features, the cue words they read, and per relation its threshold and bands."""

    weights: dict[str, float]
    cues: dict[str, tuple[str, ...]]
    signatures: dict[str, tuple[frozenset[str], frozenset[str]]]
    thresholds: dict[str, float]  # a relation absent here is never added by the model
    bands: dict[str, tuple[tuple[float, float], ...]]  # (lowest score, confidence), highest band first

    def score(self, features: Iterable[str]) -> float:
        """The model's probability that the pair holds the relation (features summed in a fixed order)."""
        z = math.fsum(self.weights.get(f, 0.0) for f in sorted(set(features)))
        return 1.0 / (1.0 + math.exp(-z))

    def confidence(self, predicate: str, score: float) -> float:
        """The held-out precision of the band ``score`` falls in."""
        for lowest, confidence in self.bands.get(predicate, ()):
            if score >= lowest:
                return confidence
        return 0.0


def model_from_json(data: dict, source: str = "") -> PairModel:
    """A PairModel from the data file's content; a malformed file is an error naming it."""
    try:
        return PairModel(
            weights={k: float(v) for k, v in data["weights"].items()},
            cues={k: tuple(v) for k, v in data["cues"].items()},
            signatures={p: (frozenset(d), frozenset(r)) for p, (d, r) in data["signatures"].items()},
            thresholds={p: float(t) for p, t in data["thresholds"].items()},
            bands={p: tuple((float(lo), float(c)) for lo, c in b) for p, b in data["bands"].items()},
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(f"{source or 'relation model'}: not a relation model ({err!r})") from err


@lru_cache(maxsize=1)
def load_pair_model(path: str = str(MODEL_FILE)) -> PairModel | None:
    """The bundled model, or None when there is none (then only the rules read relations)."""
    file = Path(path)
    if not file.exists():
        return None
    return model_from_json(json.loads(file.read_text(encoding="utf-8")), str(file))


def _types(name: Name) -> tuple[str, str]:
    return name.coarse, "" if name.fine == "-" else name.fine


def types_allow(subject: Name, predicate: str, obj: Name) -> bool:
    """The type guards of the pattern rules: no court runs a site, only an access provider blocks ..."""
    return type_allows(load_rules(), predicate, _types(subject), _types(obj))


def allowed(candidate: Candidate) -> bool:
    """The rules' type guards, and no relation the article denies around the object ('n'a pas été fermé',
    'pourrait bloquer')."""
    return not candidate.denied and types_allow(candidate.subject, candidate.predicate, candidate.object)


def _evidence(view: ArticleView, candidate: Candidate) -> int:
    """The sentence a learned fact cites: one naming both ends with a cue word, else one naming both, else the
    first that names the object next to a cue word of the relation, else the object's first."""
    if candidate.cue_sentences:
        return candidate.cue_sentences[0]
    if candidate.shared:
        return candidate.shared[0]
    return candidate.object.sentences[0]


def learned_facts(
    text: str, view: ArticleView, mentions: list[Mention], facts: Iterable[Fact], model: PairModel
) -> list[Fact]:
    """The facts the model reads in an article beyond those the rules found (``facts``)."""
    found = {(f.subject, f.predicate, f.object) for f in facts}
    read = {p: s for p, s in model.signatures.items() if p in model.thresholds}  # the others: rules alone
    added = []
    for candidate in candidates(view, mentions, model.cues, read, types_allow):
        threshold = model.thresholds[candidate.predicate]
        key = (candidate.subject.text, candidate.predicate, candidate.object.text)
        if key in found or candidate.denied:
            continue  # what the rules read they cite better
        score = model.score(candidate.features)
        if score < threshold:
            continue
        sentence = view.sentences[_evidence(view, candidate)]
        added.append(
            Fact(
                subject=candidate.subject.text,
                predicate=candidate.predicate,
                object=candidate.object.text,
                sentence=text[sentence.start : sentence.end],
                start=sentence.start,
                end=sentence.end,
                rule=RULE_PREFIX + candidate.predicate,
                confidence=model.confidence(candidate.predicate, score),
                tier="explicit" if candidate.shared else "anaphoric",
            )
        )
    return added
