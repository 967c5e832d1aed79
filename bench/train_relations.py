"""Train kg's learned relation reader and measure it on articles it was not trained on.

    python bench/train_relations.py SET=TEXTS=GOLD [SET=TEXTS=GOLD ...] [--write kg/data/relation_model.json]

Each SET is a folder of articles (TEXTS) and their gold in the shared format (GOLD, ../shared/eval/FORMAT.md).
kg reads every article with its pattern rules alone; every pair of names whose types a relation allows is a
candidate (kg/extract/relations/pairs.py), labelled true when the gold holds the relation between the gold
entities the two names match (at any tier). A pair one of whose names the gold does not know is left out:
the scorer would not count it either way.

The model is a logistic regression over the pair features (L2, full-batch Adam, a fixed number of steps:
the same data give the same weights). It is measured by leaving each set out in turn: a model trained on
the other sets scores the held-out one. From the pooled held-out scores, each relation gets

- a threshold: the lowest of 0.3, 0.4 ... 0.9 at which the held-out facts it adds are right at least
  ``--target`` of the time, over at least ``--min-facts`` facts; a relation with none is left to the rules;
- confidence bands: the held-out precision of the facts scored in each band above the threshold, shrunk
  towards the relation's precision when a band holds few facts and never falling as the score rises.

The written model is trained on every set, with those thresholds and bands. The script prints the
held-out figures per set and per relation, for the model alone and added to the rules' facts (the rules
were written reading these sets, so that second figure is an in-sample one).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from calibration import load_scorer  # bench/ is on the path of a script run from it

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
STEPS, STEP_SIZE, L2 = 400, 0.1, 3.0
SHRINK = 3  # weight of the relation's precision in a band's confidence
# cue words the pattern rows do not list as triggers but that tell a relation is talked about
EXTRA_CUES = {
    "bloquer": "blocks", "blocage": "blocks", "héberger": "hosts", "hébergeur": "hosts", "hébergement": "hosts",
    "fermer": "shutsDown", "fermeture": "shutsDown", "saisir": "shutsDown", "condamner": "convicts",
    "condamnation": "convicts", "arrêter": "arrests", "interpeller": "arrests", "arrestation": "arrests",
    "ordonner": "orders", "enjoindre": "orders", "tribunal": "orders", "plainte": "sues", "assigner": "sues",
    "poursuivre": "sues", "justice": "sues", "fondateur": "operates", "administrateur": "operates",
    "exploiter": "operates", "droit": "holdsRightsTo", "basé": "locatedIn", "baser": "locatedIn",
    "installer": "locatedIn", "situer": "locatedIn", "siège": "locatedIn", "détention": "arrests",
    "examen": "sues", "hors": "shutsDown",
}


# light words that head a multi-word trigger ('avoir gain de cause', 'mettre en examen'): alone they cue nothing
LIGHT_HEADS = {
    "avoir", "être", "faire", "mettre", "mise", "porter", "prendre", "tenir", "venir", "rendre", "couper",
    "obtenir", "garde", "tête", "se", "à",
}


def cue_table() -> dict[str, tuple[str, ...]]:
    """Lemma -> relations it cues: each pattern row's trigger words (a multi-word trigger by its marked or first
    word, unless that is a light word), and EXTRA_CUES."""
    rows = json.loads((ROOT / "kg" / "data" / "relation_patterns.json").read_text(encoding="utf-8"))["patterns"]
    cues: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for expression in row.get("lemmas", []):
            words = expression.split()
            marked = [w[1:] for w in words if w.startswith("*")]
            head = (marked[0] if marked else words[0]).lower()
            if head not in LIGHT_HEADS:
                cues[head].add(row["predicate"])
    for lemma, predicate in EXTRA_CUES.items():
        cues[lemma].add(predicate)
    return {lemma: tuple(sorted(ps)) for lemma, ps in sorted(cues.items())}


def signatures() -> dict[str, tuple[list[str], list[str]]]:
    rows = json.loads((ROOT / "kg" / "data" / "predicates.json").read_text(encoding="utf-8"))["predicates"]
    return {row["id"]: (row["domain"], row["range"]) for row in rows}


def read_set(spec: str, score, cues, sigs):
    """(name, rows, gold relations, rule triples) of one SET=TEXTS=GOLD: a row is (features, in the gold at any
    tier, the gold triples the pair stands for, in the gold at the implicit tier only)."""
    from kg.extract.article import extract_from_doc
    from kg.extract.nlp import load_nlp
    from kg.extract.relations.learned import allowed
    from kg.extract.relations.pairs import candidates, view_of
    from kg.ingest.clean import clean_article
    from kg.ingest.read import InputProblem, read_inputs
    from kg.lexicon import load_lexicon

    name, texts, gold_dir = spec.split("=")
    gold = score.load_gold([gold_dir])
    articles = [clean_article(a) for a in read_inputs([texts]) if not isinstance(a, InputProblem)]
    nlp, lexicon = load_nlp(), load_lexicon()
    signature = {p: (frozenset(d), frozenset(r)) for p, (d, r) in sigs.items()}
    rows, rule_triples = [], set()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        found = extract_from_doc(article, doc, lexicon, learned=False)
        for fact in found.facts:
            for s in gold.match([fact.subject]):
                rule_triples |= {(s, fact.predicate, o) for o in gold.match([fact.object])}
        for c in candidates(view_of(doc, cues), list(found.mentions), cues, signature):
            if not allowed(c):
                continue  # kg never adds such a fact, whatever its score: a type guard or a denial stops it
            triples = {(s, c.predicate, o) for s in gold.match([c.subject.text]) for o in gold.match([c.object.text])}
            if triples:
                tiers = {gold.relations[t].tier for t in triples if t in gold.relations}
                rows.append((c.features, bool(tiers), triples, tiers == {"implicit"}))
    print(f"{name}: {len(articles)} articles, {len(rows)} labelled pairs", file=sys.stderr)
    return name, rows, gold.relations, rule_triples


def fit(rows) -> dict[str, float]:
    """Logistic regression weights over the rows' features; a pair the gold holds only at the implicit tier
    (world knowledge, a stretch) teaches nothing either way and is left out."""
    rows = [r for r in rows if not r[3]]
    index: dict[str, int] = {}
    for features, *_ in rows:
        for f in features:
            index.setdefault(f, len(index))
    lengths = np.array([len(r[0]) for r in rows])
    indices = np.array([index[f] for r in rows for f in r[0]])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    y = np.array([1.0 if r[1] else 0.0 for r in rows])
    w, m, v = np.zeros(len(index)), np.zeros(len(index)), np.zeros(len(index))
    for step in range(1, STEPS + 1):
        p = 1 / (1 + np.exp(-np.add.reduceat(w[indices], starts)))
        g = np.bincount(indices, weights=np.repeat(p - y, lengths), minlength=len(w)) + L2 * w
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        w -= STEP_SIZE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return {f: float(w[i]) for f, i in index.items()}


def score_rows(weights, rows):
    from kg.extract.relations.learned import PairModel

    model = PairModel(weights, {}, {}, {}, {})
    return [model.score(r[0]) for r in rows]


def held_out(sets) -> list[tuple[str, str, float, bool, frozenset]]:
    """(set, relation, score, right, triples) of every pair, each scored by the model trained without its set."""
    out = []
    for name, rows, _, _ in sets:
        weights = fit([r for other, rs, _, _ in sets if other != name for r in rs])
        for (_features, label, triples, _implicit), s in zip(rows, score_rows(weights, rows), strict=True):
            out.append((name, next(iter(triples))[1], s, label, frozenset(triples)))
    return out


def choose(scored, target: float, min_facts: int, rules: dict[str, set] | None = None):
    """Per relation: the threshold and the confidence bands the held-out scores support.

    Both are read only on the pairs the rules did not find in the same set (``rules``: set -> the triples the
    rules found), for those are the facts the model adds to a graph: on a new batch the model's added facts
    were found right far less often than its pairs overall. The rules were written reading these sets, so the
    pairs left to the model are the harder ones: threshold and bands err on the safe side.
    """
    rules = rules or {}
    thresholds, bands = {}, {}
    for predicate in sorted({p for _, p, _, _, _ in scored}):
        added = [(s, right) for n, p, s, right, t in scored if p == predicate and not t & rules.get(n, set())]
        for t in THRESHOLDS:
            kept = [right for s, right in added if s >= t]
            if len(kept) >= min_facts and sum(kept) / len(kept) >= target:
                thresholds[predicate] = t
                break
        if predicate not in thresholds:
            continue
        t = thresholds[predicate]
        kept = [right for s, right in added if s >= t]
        overall = sum(kept) / len(kept)  # what a band of few facts shrinks towards
        edges = [e for e in THRESHOLDS if e >= t] + [1.01]
        rows, best = [], 0.0
        for lo, hi in itertools.pairwise(edges):
            band = [right for s, right in added if lo <= s < hi]
            best = max(best, (sum(band) + SHRINK * overall) / (len(band) + SHRINK))
            rows.append((lo, min(0.99, round(best, 2))))  # never 1.0: a measured model is still a model
        bands[predicate] = sorted(rows, reverse=True)
    return thresholds, bands


def report(sets, scored, thresholds) -> None:
    print("held out, per set: the model alone | added to the rules' facts (in-sample rules)")
    pooled = Counter()
    for name, _rows, gold, rule in sets:
        added = set().union(*(t for n, p, s, _, t in scored if n == name and s >= thresholds.get(p, 2.0)))
        explicit = {k for k, r in gold.items() if r.tier == "explicit"}
        headline = {k for k, r in gold.items() if r.tier in ("explicit", "anaphoric")}
        for label, found in (("model", added), ("both", added | rule)):
            right = len(found & set(gold))
            figures = (len(found), right, len(found & explicit), len(explicit), len(found & headline), len(headline))
            for key, value in zip(("n", "right", "ex", "nex", "ea", "nea"), figures, strict=True):
                pooled[label, key] += value
            print(f"  {name:8s} {label:5s} facts {len(found):4d}  P {right / max(1, len(found)):.3f}  "
                  f"explicit {figures[2] / max(1, figures[3]):.3f}  expl+anaph {figures[4] / max(1, figures[5]):.3f}")
    for label in ("model", "both"):
        c = {k: pooled[label, k] for k in ("n", "right", "ex", "nex", "ea", "nea")}
        print(f"  {'pooled':8s} {label:5s} facts {c['n']:4d}  P {c['right'] / max(1, c['n']):.3f}  "
              f"explicit {c['ex'] / max(1, c['nex']):.3f}  expl+anaph {c['ea'] / max(1, c['nea']):.3f}")
    print("held out, per relation: facts the model adds to the rules' and their precision at each threshold")
    rules = {name: rule for name, _, _, rule in sets}
    for predicate in sorted({p for _, p, _, _, _ in scored}):
        cells = []
        for t in THRESHOLDS:
            kept = [right for n, p, s, right, tr in scored if p == predicate and s >= t and not tr & rules[n]]
            cells.append(f"{t}: {len(kept):3d} {sum(kept) / max(1, len(kept)):.2f}")
        print(f"  {predicate:14s} " + "  ".join(cells))
    print("held out, per relation at its threshold")
    for predicate in sorted({p for _, p, _, _, _ in scored}):
        t = thresholds.get(predicate)
        kept = [right for n, p, s, right, tr in scored
                if p == predicate and t is not None and s >= t and not tr & rules[n]]
        print(f"  {predicate:14s} threshold {t if t else '-':>4}  facts {len(kept):4d}  "
              f"right {sum(kept) / max(1, len(kept)):.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", metavar="SET=TEXTS=GOLD")
    parser.add_argument("--write", metavar="MODEL_JSON", help="write the model trained on every set here")
    parser.add_argument("--target", type=float, default=0.85, help="held-out precision a threshold must reach")
    parser.add_argument("--min-facts", type=int, default=10, help="held-out facts a threshold must rest on")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    score, cues, sigs = load_scorer(), cue_table(), signatures()
    sets = [read_set(spec, score, cues, sigs) for spec in args.sets]
    scored = held_out(sets)
    thresholds, bands = choose(scored, args.target, args.min_facts, {name: rule for name, _, _, rule in sets})
    report(sets, scored, thresholds)
    if args.write:
        weights = fit([r for _, rows, _, _ in sets for r in rows])
        model = {
            "_doc": "The learned relation reader's model (kg/extract/relations/learned.py), written by "
            "bench/train_relations.py: logistic weights of the pair features, the cue words they read, each "
            "relation's domain and range, and the thresholds and confidence bands measured on held-out sets.",
            "trained_on": [spec.split("=")[0] for spec in args.sets],
            "target_precision": args.target,
            "thresholds": thresholds,
            "bands": bands,
            "signatures": sigs,
            "cues": cues,
            "weights": {f: round(w, 4) for f, w in sorted(weights.items()) if abs(w) >= 1e-3},
        }
        Path(args.write).write_text(json.dumps(model, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {args.write}: {len(model['weights'])} weights, thresholds {thresholds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
