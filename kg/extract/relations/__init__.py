"""Relations from the dependency parse, driven by data.

A small rules engine in stages, one module each:

- ``rules``: the pattern rows of ``kg/data/relation_patterns.json`` (a trigger class per row:
  its predicate, frame kind, trigger lemmas or multi-word expressions, confidence), checked on load;
- ``words``: the closed word classes of ``kg/data/relation_words.json``;
- ``syntax``: public views on the parse (voice, negation, irrealis, subject, agent);
- ``mentions``: from a token to the names it stands for (lists, transparent nouns);
- ``arguments``: the two ends of a trigger, per frame (verb, nominalisation, role noun);
- ``anaphora``: pronouns, definite descriptions and groups;
- ``surface``: rules over names where no trigger word carries the relation;
- ``matcher``: all of them over one parsed article.

Negation, questions, conditionals and intentions assert nothing.
"""

from kg.extract.relations.matcher import Action, extract_relations
from kg.extract.relations.rules import Pattern, RuleError, Rules, load_rules, type_allows

__all__ = ["Action", "Pattern", "RuleError", "Rules", "extract_relations", "load_rules", "type_allows"]
