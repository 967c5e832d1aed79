"""How far kgo:confidence can be trusted, and the table that calibrates it.

    python bench/calibration.py GRAPH GOLD [GOLD ...]
    python bench/calibration.py --write kg/data/confidence.json GRAPH=GOLD [GRAPH=GOLD ...]

GRAPH is a kg build's graph.ttl, GOLD the gold files or folders of the same articles (the shared
format, ../shared/eval/FORMAT.md). A fact is right when the shared scorer counts it right (in the
gold at any tier). The first form prints, for thresholds 0.5 to 0.9, the precision of the facts at
or above it and the share of the right facts they carry (issue #15 asks >= 0.95 and >= 0.5 at 0.8),
then the precision of each rule and tier, worst first.

The second form pools several graphs and writes, for each rule and tier, its precision shrunk towards
that of its predicate and tier: first the predicate and tier, (right + 5 x 0.5) / (facts + 5), then the
rule, (right + 3 x that) / (facts + 3). A rule seen a few times takes the record of its kind of fact,
not of a fixed prior: checked by leaving each evaluation set out in turn, this keeps the facts at 0.8 or
more right 0.96 of the time where the fixed prior (right + 3) / (facts + 5) gave 0.945, and gives them
0.65 of the right facts instead of 0.48. A rule never seen keeps the confidence of its pattern row.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

from rdflib import RDF, Graph, Namespace

KGO = Namespace("https://w3id.org/kg-fr/ontology#")
SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"
# the predicate and tier shrink towards BASE with weight KIND_WEIGHT, a rule towards its kind with RULE_WEIGHT
BASE, KIND_WEIGHT, RULE_WEIGHT = 0.5, 5, 3
LEARNED = "learned."  # the rule id prefix of kg/extract/relations/learned.py's facts


def load_scorer():
    spec = importlib.util.spec_from_file_location("kg_shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def scored_facts(score, graph_path: str, gold_paths: list[str]) -> list[tuple[float, str, str, bool]]:
    """(confidence, rule, tier, right) of every fact both of whose ends the gold knows."""
    gold = score.load_gold(gold_paths)
    graph = score.load_rdf(graph_path)
    schema = Graph()
    for triple in graph:
        schema.add(triple)
    entities = score.graph_entities(graph, schema)
    predicates = score.predicate_map(graph, schema)
    matches = {node: gold.match(ent.names) for node, ent in entities.items()}
    facts: dict[tuple, tuple[float, str, str]] = {}
    for assertion in graph.subjects(RDF.type, KGO.Assertion):
        s, p, o = (graph.value(assertion, RDF[x]) for x in ("subject", "predicate", "object"))
        cores = predicates.get(p)
        if not cores or s not in entities or o not in entities:
            continue
        core, reverse = cores[0]
        if reverse:
            s, o = o, s
        found = (
            float(graph.value(assertion, KGO.confidence)),
            str(graph.value(assertion, KGO.rule)),
            str(graph.value(assertion, KGO.tier)),
        )
        if (s, core, o) not in facts or found > facts[(s, core, o)]:
            facts[(s, core, o)] = found
    rows = []
    for (s, core, o), (confidence, rule, tier) in sorted(facts.items(), key=lambda kv: str(kv[0])):
        if matches[s] and matches[o]:  # an end outside the gold is not scored, as score.py does
            right = any((a, core, b) in gold.relations for a in matches[s] for b in matches[o])
            rows.append((confidence, rule, tier, right))
    return rows


def report(rows) -> None:
    total_right = sum(r for *_, r in rows)
    print(f"{len(rows)} scored facts, {total_right} right ({total_right / max(len(rows), 1):.3f})")
    print("threshold  facts  precision  share of right facts")
    for threshold in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
        kept = [r for c, _, _, r in rows if c >= threshold - 1e-9]
        right = sum(kept)
        share = right / max(total_right, 1)
        print(f"  >= {threshold:.2f}  {len(kept):5d}  {right / max(len(kept), 1):9.3f}  {share:20.3f}")
    by_rule: dict[str, list[bool]] = defaultdict(list)
    for _, rule, tier, right in rows:
        by_rule[f"{rule} {tier}"].append(right)
    print("rule and tier precision (worst first):")
    for rule, results in sorted(by_rule.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), -len(kv[1]), kv[0])):
        print(f"  {sum(results) / len(results):.2f}  {sum(results):3d}/{len(results):<3d}  {rule}")


def table(rows) -> dict:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, rule, tier, right in rows:
        if rule.startswith(LEARNED):
            continue  # the learned reader's confidence is measured on sets it was not trained on, not on these
        for key, store in ((f"{rule}|{tier}", counts), (f"{rule.split('.')[0]}|{tier}", kinds)):
            store[key][0] += right
            store[key][1] += 1
    kind = {key: (right + KIND_WEIGHT * BASE) / (n + KIND_WEIGHT) for key, (right, n) in kinds.items()}

    def shrunk(key: str, right: int, n: int) -> float:
        rule, tier = key.rsplit("|", 1)
        return (right + RULE_WEIGHT * kind[f"{rule.split('.')[0]}|{tier}"]) / (n + RULE_WEIGHT)

    return {
        "_doc": (
            "Calibrated kgo:confidence per rule and tier, written by bench/calibration.py from kg's graphs of real "
            "articles and their gold: each rule's precision shrunk towards that of its predicate and tier (see the "
            "script's docstring). A rule and tier not listed keep the confidence of their pattern row."
        ),
        "prior": {"base": BASE, "kind_weight": KIND_WEIGHT, "rule_weight": RULE_WEIGHT},
        # never 1.0: a measured rule is still a rule
        "confidence": {key: min(0.99, round(shrunk(key, right, n), 2)) for key, (right, n) in sorted(counts.items())},
        "evidence": {key: [right, n] for key, (right, n) in sorted(counts.items())},
    }


def main(argv: list[str]) -> int:
    score = load_scorer()
    if argv[:1] == ["--write"] and len(argv) >= 3:
        rows = []
        for pair in argv[2:]:
            graph, _, gold = pair.partition("=")
            rows += scored_facts(score, graph, [gold])
        Path(argv[1]).write_text(json.dumps(table(rows), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        report(rows)
        return 0
    if len(argv) < 2:
        print(__doc__)
        return 2
    report(scored_facts(score, argv[0], argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
