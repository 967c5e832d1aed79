"""The rule model and its loader: pattern rows from data files, checked on load.

A row of ``kg/data/relation_patterns.json`` is one trigger class of one predicate in one frame
kind: ``verb`` (its subject and object from the parse: active, passive, participle, relative,
infinitive), ``noun`` (a nominalisation: 'la fermeture de X par Y') or ``role`` (a role noun:
'X, fondateur de Y'). Its ``lemmas`` are single lemmas or multi-word expressions ('mettre hors
ligne', 'traîner en justice'); in an expression the trigger is the first word, or the word
marked with ``*`` ('faire *tomber'), and the other words must stand around it, in order.

Adding a verb to a relation is one line, in the table or in an extra rows file (JSON with a
``patterns`` list, or JSON Lines, one row a line). An extra row either extends an existing
class, ``{"extends": "sues.verb", "lemmas": ["ester"]}``, or declares a new one. A broken row
raises :class:`RuleError`, naming the file and the row:

>>> check_row({"id": "x", "predicate": "suess", "kind": "verb", "lemmas": ["a"], "confidence": 1}, "f.json", 3)
Traceback (most recent call last):
...
kg.extract.relations.rules.RuleError: f.json: row 3 (x): unknown predicate 'suess'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.lexicon import DATA

PATTERNS_FILE = DATA / "relation_patterns.json"
CONFIDENCE_FILE = DATA / "confidence.json"
KINDS = ("verb", "noun", "role")
REQUIRED_KEYS = {"id", "predicate", "kind", "lemmas", "confidence"}
# the keys of a row's frame (which words, which arguments) and of the classes its ends may take
FRAME_KEYS = {
    "with_obj", "object_preps", "subject_preps", "transparent_obj", "governors", "inverse", "with_infinitive",
    "by_decision", "by_operation", "charge_governors", "passive_only",
}
CLASS_KEYS = {"object_coarse", "subject_coarse", "object_fine_allowed", "subject_fine_required"}
OPTIONAL_KEYS = FRAME_KEYS | CLASS_KEYS | {"_doc"}
COARSE = ("Person", "Organization", "Website", "Place", "CreativeWork")
WORD = re.compile(r"^\*?[a-zàâäçéèêëîïôöùûüÿœæ'’-]+$")
INFINITIVE_ENDINGS = ("er", "ir", "re", "oir")


class RuleError(ValueError):
    """A row of a rules file that cannot be used; the message names the file and the row."""


# A word of an expression, an elided one ("l'", "d'") apart from the word it leans on, as the tokenizer cuts them.
ELIDED = re.compile(r"[^'’]+['’]|[^'’]+")


@dataclass(frozen=True)
class Expression:
    """A trigger: its head lemma, and the words that must stand before and after it."""

    head: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Expression:
        """
        >>> Expression.parse("faire *tomber")
        Expression(head='tomber', before=('faire',), after=())
        >>> Expression.parse("mettre hors ligne").after
        ('hors', 'ligne')
        >>> Expression.parse("mettre à l'arrêt").after  # an elided word is a token of its own, as in the text
        ('à', "l'", 'arrêt')
        """
        words = [piece for word in text.split() for piece in ELIDED.findall(word)]
        at = next((i for i, w in enumerate(words) if w.startswith("*")), 0)
        words = [w.lstrip("*") for w in words]
        return cls(words[at], tuple(words[:at]), tuple(words[at + 1 :]))


@dataclass(frozen=True)
class Pattern:
    id: str
    predicate: str
    kind: str
    lemmas: frozenset[str]
    confidence: float
    with_obj: frozenset[str] = frozenset()
    object_preps: frozenset[str] = frozenset()
    subject_preps: frozenset[str] = frozenset({"par"})  # of a noun: who acts ('la plainte de X', 'par X')
    transparent_obj: frozenset[str] = frozenset()
    governors: frozenset[str] = frozenset()  # verbs whose subject acts the nominalisation ('intenter une poursuite')
    # verbs whose patient acts the nominalisation it is charged with ('arrêté pour l'exploitation de X')
    charge_governors: frozenset[str] = frozenset()
    inverse: bool = False  # the grammatical subject is the relation's object ('X appartient à Y': Y operates X)
    object_coarse: frozenset[str] = frozenset()  # a narrower range for this frame ('travailler pour' a site)
    # of a role noun: the classes of the name that closes 'le <role> de Y, X' (a person, unless said otherwise)
    subject_coarse: frozenset[str] = frozenset({"Person"})
    with_infinitive: bool = False  # of a verb: only with an infinitive complement ('condamner X à bloquer Y')
    passive_only: bool = False  # of a verb: only in the passive ('le site Y, établi par X'; 'X établit que' acts not)
    # of a verb: its subject is a decision ('L'ordonnance vise X'), and the court that gave it acts
    by_decision: bool = False
    # of a verb: its subject is a police operation, one of raid_nouns ('L'intervention menée par X a ciblé Y'), whose
    # leaders act; the other rows of the same verb leave such a subject to it
    by_operation: bool = False
    # fine classes of the object this frame admits although its predicate excludes them ('X, filiale du groupe Y'
    # names one rights holder that another runs)
    object_fine_allowed: frozenset[str] = frozenset()
    # fine classes one of which the subject must have in this frame ('donner 24 heures à X': a court's deadline)
    subject_fine_required: frozenset[str] = frozenset()
    expressions: tuple[Expression, ...] = ()

    @property
    def heads(self) -> frozenset[str]:
        return frozenset(e.head for e in self.expressions)

    def words_after(self, head: str) -> frozenset[str]:
        """The words that follow this head in the pattern's expressions ('demande d' injonction': d', injonction):
        part of the trigger, never a party."""
        return frozenset(w for e in self.expressions if e.head == head for w in e.after)


@dataclass(frozen=True)
class SurfaceRule:
    id: str
    predicate: str
    confidence: float


@dataclass
class Rules:
    patterns: list[Pattern]
    constraints: dict[str, tuple[frozenset[str], frozenset[str]]]
    subject_fine: dict[str, frozenset[str]]
    object_fine_excluded: dict[str, frozenset[str]]
    subject_fine_excluded: dict[str, frozenset[str]] = field(default_factory=dict)
    requester_fine_excluded: frozenset[str] = frozenset()  # who asks for an action and is no plaintiff
    surface_rules: list[SurfaceRule] = field(default_factory=list)
    anaphora_discount: float = 0.85
    plaintiff_group_confidence: float = 0.6
    party_caption_confidence: float = 0.8
    same_fate_confidence: float = 0.6  # 'X et Y ont connu un sort identique': closed by whoever closed the last site
    relation_typing: dict[tuple[str, str], str] = field(default_factory=dict)
    calibration: dict[str, float] = field(default_factory=dict)  # 'rule|tier' -> measured confidence
    by_lemma: dict[str, list[Pattern]] = field(default_factory=dict)
    by_id: dict[str, Pattern] = field(default_factory=dict)
    operation_lemmas: frozenset[str] = frozenset()  # triggers a by_operation row reads when an operation acts
    after_words: frozenset[str] = frozenset()  # words that follow a head in some expression ('mise à l' arrêt')

    def index(self) -> Rules:
        self.by_lemma = {}
        self.by_id = {pattern.id: pattern for pattern in self.patterns}
        self.operation_lemmas = frozenset(h for p in self.patterns if p.by_operation for h in p.heads)
        self.after_words = frozenset(w for p in self.patterns for e in p.expressions for w in e.after)
        for pattern in self.patterns:
            for head in sorted(pattern.heads):
                self.by_lemma.setdefault(head, []).append(pattern)
        return self


def check_row(row: dict, source: str, number: int, predicates: Iterable[str] | None = None) -> None:
    """Raise RuleError unless a pattern row is well formed."""
    predicates = set(predicates) if predicates is not None else set(_base()["constraints"])
    name = f"{source}: row {number} ({row.get('id', '?')})"
    if not isinstance(row, dict):
        raise RuleError(f"{name}: a row must be an object")
    missing = REQUIRED_KEYS - row.keys()
    unknown = row.keys() - REQUIRED_KEYS - OPTIONAL_KEYS
    if unknown:
        raise RuleError(f"{name}: unknown key(s) {', '.join(sorted(unknown))}")
    if row.get("predicate") not in predicates and "predicate" in row:
        raise RuleError(f"{name}: unknown predicate {row['predicate']!r}")
    if missing:
        raise RuleError(f"{name}: missing key(s) {', '.join(sorted(missing))}")
    if row["kind"] not in KINDS:
        raise RuleError(f"{name}: kind must be one of {', '.join(KINDS)}, not {row['kind']!r}")
    confidence = row["confidence"]
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        raise RuleError(f"{name}: confidence must be a number in (0, 1], not {confidence!r}")
    _check_lemmas(row, name)
    for key in ("with_obj", "object_preps", "subject_preps", "transparent_obj", "governors", "charge_governors"):
        values = row.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and WORD.match(v) for v in values):
            raise RuleError(f"{name}: {key} must be a list of lower-case single words")
    for key in ("object_coarse", "subject_coarse"):
        if not set(row.get(key, [])) <= set(COARSE):
            raise RuleError(f"{name}: {key} must list classes among {', '.join(COARSE)}")
    for key in ("object_fine_allowed", "subject_fine_required"):
        if not isinstance(row.get(key, []), list):
            raise RuleError(f"{name}: {key} must be a list of fine classes")
    for key in ("with_infinitive", "by_decision", "by_operation", "passive_only"):
        if key in row and (not isinstance(row[key], bool) or row.get("kind") != "verb"):
            raise RuleError(f"{name}: {key} must be true or false, on a verb row")
    if not isinstance(row.get("inverse", False), bool):
        raise RuleError(f"{name}: inverse must be true or false")


def _check_lemmas(row: dict, name: str) -> None:
    lemmas = row["lemmas"]
    if not isinstance(lemmas, list) or not lemmas:
        raise RuleError(f"{name}: lemmas must be a non-empty list")
    seen = set()
    for lemma in lemmas:
        if not isinstance(lemma, str) or not all(WORD.match(w) for w in lemma.split()) or lemma != " ".join(
            lemma.split()
        ):
            raise RuleError(f"{name}: lemma {lemma!r} is not lower-case words separated by single spaces")
        if lemma.count("*") > 1:
            raise RuleError(f"{name}: lemma {lemma!r} marks more than one trigger word")
        if lemma in seen:
            raise RuleError(f"{name}: lemma {lemma!r} is listed twice")
        seen.add(lemma)
        head = Expression.parse(lemma).head
        if row["kind"] == "verb" and not head.endswith(INFINITIVE_ENDINGS):
            raise RuleError(f"{name}: verb lemma {lemma!r} must name the verb by its infinitive")
        if row["kind"] in {"noun", "role"} and head.endswith(("s", "x")) and head[:-1] in seen | {
            Expression.parse(x).head for x in lemmas
        }:
            raise RuleError(f"{name}: {lemma!r} is a plural; the lemmatizer gives the singular, list that only")


def _pattern(row: dict) -> Pattern:
    lemmas = frozenset(row["lemmas"])
    return Pattern(
        id=row["id"],
        predicate=row["predicate"],
        kind=row["kind"],
        lemmas=lemmas,
        confidence=float(row["confidence"]),
        with_obj=frozenset(row.get("with_obj", ())),
        object_preps=frozenset(row.get("object_preps", ())),
        subject_preps=frozenset(row.get("subject_preps", ("par",))),
        transparent_obj=frozenset(row.get("transparent_obj", ())),
        governors=frozenset(row.get("governors", ())),
        charge_governors=frozenset(row.get("charge_governors", ())),
        inverse=bool(row.get("inverse", False)),
        object_coarse=frozenset(row.get("object_coarse", ())),
        subject_coarse=frozenset(row.get("subject_coarse", ("Person",) if row["kind"] == "role" else ())),
        with_infinitive=bool(row.get("with_infinitive", False)),
        passive_only=bool(row.get("passive_only", False)),
        by_decision=bool(row.get("by_decision", False)),
        by_operation=bool(row.get("by_operation", False)),
        object_fine_allowed=frozenset(row.get("object_fine_allowed", ())),
        subject_fine_required=frozenset(row.get("subject_fine_required", ())),
        expressions=tuple(Expression.parse(lemma) for lemma in sorted(lemmas)),
    )


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """The numbered rows of a rules file: JSON with a ``patterns`` list, or JSON Lines."""
    text = Path(path).read_text(encoding="utf-8")
    if Path(path).suffix == ".jsonl":
        rows = []
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip():
                try:
                    rows.append((number, json.loads(line)))
                except json.JSONDecodeError as error:
                    raise RuleError(f"{path}: line {number}: not JSON ({error.msg})") from None
        return rows
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RuleError(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise RuleError(f"{path}: expected an object with a 'patterns' list")
    return list(enumerate(data["patterns"], 1))


PREDICATES_FILE = DATA / "predicates.json"


@lru_cache(maxsize=1)
def _base() -> dict:
    """The pattern table, with each predicate's domain and range from its one declaration."""
    raw = json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))
    declared = json.loads(PREDICATES_FILE.read_text(encoding="utf-8"))["predicates"]
    raw["constraints"] = {row["id"]: (row["domain"], row["range"]) for row in declared}
    return raw


@lru_cache(maxsize=8)
def load_rules(extra: tuple[str, ...] = ()) -> Rules:
    """The pattern table, plus the rows of any extra files, checked and indexed by trigger head."""
    raw = _base()
    predicates = raw["constraints"].keys()
    rows: dict[str, dict] = {}
    for number, row in read_rows(PATTERNS_FILE):
        check_row(row, PATTERNS_FILE.name, number, predicates)
        if row["id"] in rows:
            raise RuleError(f"{PATTERNS_FILE.name}: row {number} ({row['id']}): the id is used twice")
        rows[row["id"]] = row
    for path in extra:
        for number, row in read_rows(Path(path)):
            if isinstance(row, dict) and "extends" in row:
                target = rows.get(row["extends"])
                if target is None:
                    raise RuleError(f"{path}: row {number}: extends unknown pattern {row['extends']!r}")
                merged = {**target, "lemmas": [*target["lemmas"], *row.get("lemmas", [])]}
                check_row(merged, str(path), number, predicates)
                rows[target["id"]] = merged
                continue
            check_row(row, str(path), number, predicates)
            if row["id"] in rows:
                raise RuleError(f"{path}: row {number} ({row['id']}): the id is used twice")
            rows[row["id"]] = row
    return Rules(
        patterns=[_pattern(row) for row in rows.values()],
        constraints={p: (frozenset(d), frozenset(r)) for p, (d, r) in raw["constraints"].items()},
        subject_fine={p: frozenset(v) for p, v in raw["subject_fine"].items()},
        object_fine_excluded={p: frozenset(v) for p, v in raw["object_fine_excluded"].items()},
        subject_fine_excluded={p: frozenset(v) for p, v in raw.get("subject_fine_excluded", {}).items()},
        requester_fine_excluded=frozenset(raw.get("requester_fine_excluded", ())),
        surface_rules=[SurfaceRule(r["id"], r["predicate"], r["confidence"]) for r in raw.get("surface_rules", [])],
        anaphora_discount=raw.get("anaphora_discount", 0.85),
        plaintiff_group_confidence=raw.get("plaintiff_group_confidence", 0.6),
        party_caption_confidence=raw.get("party_caption_confidence", 0.8),
        same_fate_confidence=raw.get("same_fate_confidence", 0.6),
        calibration=_calibration(),
        relation_typing={
            (predicate, role): coarse
            for predicate, roles in raw.get("relation_typing", {}).items()
            for role, coarse in roles.items()
        },
    ).index()


def _calibration() -> dict[str, float]:
    """The confidences measured on real articles (bench/calibration.py), when the table is there."""
    if not CONFIDENCE_FILE.exists():
        return {}
    return dict(json.loads(CONFIDENCE_FILE.read_text(encoding="utf-8"))["confidence"])


def type_allows(
    rules: Rules, predicate: str, subject: tuple[str, str], obj: tuple[str, str], allowed: frozenset[str] = frozenset()
) -> bool:
    """Domain and range of a predicate, on (coarse, fine) types."""
    domain, range_ = rules.constraints[predicate]
    if subject[0] not in domain or obj[0] not in range_:
        return False
    if (
        subject[0] == "Organization"
        and predicate in rules.subject_fine
        and subject[1] not in rules.subject_fine[predicate]
    ):
        return False
    if obj[1] and obj[1] in rules.object_fine_excluded.get(predicate, ()) and obj[1] not in allowed:
        return False
    if subject[1] and subject[1] in rules.subject_fine_excluded.get(predicate, ()):
        return False  # no court, police or government runs a site
    return True
