"""The closed word classes the relation reader consults, read once from ``kg/data/relation_words.json``.

Each constant is a frozenset of lower-case words or lemmas (``LIST_OPENINGS`` a tuple of
sentence prefixes, ``NUMBER_WORDS`` a mapping). Adding a word is a data change:

>>> "enjoindre" in CONTROL_VERBS and "site" in TRANSPARENT
True
"""

from __future__ import annotations

import json
from functools import lru_cache

from kg.lexicon import DATA

WORDS_FILE = DATA / "relation_words.json"


@lru_cache(maxsize=1)
def _tables() -> dict:
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))


def words(name: str) -> frozenset[str]:
    """One word class by its name in the data file."""
    return frozenset(_tables()[name]["words"])


ADDITIONAL_MODIFIERS = words("additional_modifiers")
ADDITIVE_ADVERBS = words("additive_adverbs")
PROSECUTING_COURTS = words("prosecuting_courts")
LATTER_GLUE = words("latter_glue")
PERSON_ROLES = words("person_roles")
LEADING_VERBS = words("leading_verbs")
BENCH_NOUNS = words("bench_nouns")
JOINING_VERBS = words("joining_verbs")
USER_NOUNS = words("user_nouns")
APPEAL_NOUNS = words("appeal_nouns")
IMPLICATIVE_VERBS = words("implicative_verbs")
COMPASS_WORDS = words("compass_words")
SEAT_NOUNS = words("seat_nouns")
TRANSPARENT = words("transparent_nouns")
SERVICE_NOUNS = words("service_nouns")
PERCEPTION_VERBS = words("perception_verbs")
DEFENDANT_NOUNS = words("defendant_nouns")
MEMBER_PARTICIPLES = words("member_participles")
ADJUNCT_PREPS = words("adjunct_prepositions")
CONTROL_VERBS = words("control_verbs")
CAUSING_VERBS = words("causing_verbs")
REQUESTING_VERBS = words("requesting_verbs")
LIST_GLUE = words("list_glue")
COLLECTIVES = words("collectives")
LIST_OPENINGS = tuple(_tables()["list_openings"]["words"])
MEMBER_MARKERS = words("member_markers")
SITE_ROLES = words("site_roles")
MODAL_BLOCKERS = words("modal_blockers")
DISPUTING_VERBS = words("disputing_verbs")
MODAL_FORMS = words("modal_forms")
OBLIGATION_VERBS = words("obligation_verbs")
COPULAS = words("copular_verbs")
BLOCKING_VERBS = words("blocking_verbs")
PROVIDER_NOUNS = words("provider_nouns")
SITE_KIND_NOUNS = words("site_kind_nouns")
NEGATIONS = words("negations")
SUBJECT_PRONOUNS = words("subject_pronouns")
DEFINITE = words("definite_determiners")
PARTITIVE_PREPS = words("partitive_prepositions")
PARTICIPLES_IN_AIT = words("participles_in_ait")
SERVER_NOUNS = words("server_nouns")
OPERATION_NOUNS = words("operation_nouns")
LOCATIVE_PREPS = words("locative_prepositions")
WORK_NOUNS = words("work_nouns")
POSSESSIVES = words("possessives")
NUMBER_WORDS = {k: v for k, v in _tables()["number_words"].items() if not k.startswith("_")}
# verb forms the tagger takes for nouns -> their infinitive
MISTAGGED_VERBS = {k: v for k, v in _tables()["mistagged_verbs"].items() if not k.startswith("_")}
IRREGULAR_PARTICIPLES = {k: v for k, v in _tables()["irregular_participles"].items() if not k.startswith("_")}
# Who obtains or asks for these is not who carries them out (see REQUESTING_VERBS).
DONE_BY_OTHERS = frozenset({"convicts", "orders", "blocks", "arrests"})
PLACING_VERBS = words("placing_verbs")
DUTY_NOUNS = words("duty_nouns")
FOUNDING_PARTICIPLES = words("founding_participles")
LIST_DETERMINERS = words("list_determiners")
LIST_ADVERBS = words("list_adverbs")
LIST_SKIPS = words("list_skips") | LIST_ADVERBS
DATIVE_PREPS = words("dative_prepositions")
ORDER_NOUNS = words("order_nouns")
REQUEST_NOUNS = words("request_nouns")
BEHALF_NOUNS = words("behalf_nouns")
TARGETING_VERBS = words("targeting_verbs")
ORDER_PARTICIPLES = words("order_participles")
ROLE_NOUNS = words("role_nouns")
HOLDING_VERBS = words("holding_verbs")
MEASURE_NOUNS = words("measure_nouns")
COOPERATION_NOUNS = words("cooperation_nouns")
FORCING_VERBS = words("forcing_verbs")
SELF_CLOSING_VERBS = words("self_closing_verbs")
ACTIVITY_NOUNS = words("activity_nouns")
JOINT_ADJECTIVES = words("joint_adjectives")
BEHALF_NOUNS = words("behalf_nouns")
PLACE_KIND_NOUNS = words("place_kind_nouns")
CONTENT_NOUNS = words("content_nouns")
PLAINTIFF_NOUNS = words("plaintiff_nouns")
PETITION_VERBS = words("petition_verbs")
GROUP_NOUNS = words("group_nouns")
ASKING_VERBS = words("asking_verbs")
NAMING_VERBS = words("naming_verbs")
NAMING_OR_MEMBER_PARTICIPLES = NAMING_VERBS | MEMBER_PARTICIPLES
COMPLAINT_NOUNS = words("complaint_nouns")
OBJECT_CLITICS = words("object_clitics")
REPORTING_VERBS = words("reporting_verbs")
SOURCE_VERBS = words("source_verbs")
OFFENCE_NOUNS = words("offence_nouns")
SOURCE_MARKERS = words("source_markers")
DECISION_NOUNS = words("decision_nouns")
RULING_NOUNS = words("ruling_nouns")
ORDERING_THAT_VERBS = words("ordering_that_verbs")
NEGATION_TRANSPARENT = words("negation_transparent")
SUBJECT_VERB_GAP = words("subject_verb_gap")
ACCUSING_VERBS = words("accusing_verbs")
CLOSING_WORDS = words("closing_words")
TIME_LINKS = words("time_links")
FORCE_NOUNS = words("force_nouns")
BLOCKING_NOUNS = words("blocking_nouns")
HIDING_VERBS = words("hiding_verbs")
ABSTRACT_INSTITUTIONS = words("abstract_institutions")
COUNTERPART_NOUNS = words("counterpart_nouns")
TIME_TAKING_VERBS = words("time_taking_verbs")
FORUM_NOUNS = words("forum_nouns")
RUN_FROM_VERBS = words("run_from_verbs")
OCCASION_NOUNS = words("occasion_nouns")
PENALTY_WORDS = words("penalty_words")
BODY_NOUNS = words("body_nouns")
FATE_VERBS = words("fate_verbs")
FATE_NOUNS = words("fate_nouns")
TRIAL_NOUNS = words("trial_nouns")
TRADE_NAME_NOUNS = words("trade_name_nouns")
ACCOUNT_NOUNS = words("account_nouns")
EFFORT_VERBS = words("effort_verbs")
GRIEVANCE_VERBS = words("grievance_verbs")  # with an omission as the grievance, no lawsuit
RAID_NOUNS = words("raid_nouns")  # police operations: what they target, they close
GENERIC_QUANTIFIERS = words("generic_quantifiers")  # 'la plupart des sites' names no antecedent
MACHINE_ROOM_WORDS = words("machine_room_words")
SUING_PARTICIPLES = words("suing_participles")
AGAINST_WORDS = words("against_words")
CASE_TITLE_SEPARATORS = words("case_title_separators")
CASE_TITLE_OTHERS = words("case_title_others")
OWNING_COMPANY_NOUNS = words("owning_company_nouns")
OWNED_OUTLET_NOUNS = words("owned_outlet_nouns")
RESIDING_VERBS = words("residing_verbs")
PLAINTIFF_LISTING_FORMS = words("plaintiff_listing_forms")
CAPTION_PLAINTIFF_LABELS = words("caption_plaintiff_labels")
CAPTION_DEFENDANT_LABELS = words("caption_defendant_labels")
CAPTION_OPENINGS = words("caption_openings")
COUNSEL_NOUNS = words("counsel_nouns")
CAPTION_COUNSEL_WORDS = COUNSEL_NOUNS | words("caption_counsel_words")
CAPACITY_ROLES = words("capacity_roles")
RULING_VERBS = words("ruling_verbs")
GUILT_ADJECTIVES = words("guilt_adjectives")
