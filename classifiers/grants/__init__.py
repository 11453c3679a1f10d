"""The licence rules for cloud-share grants (DOMAIN.md), vectorised over the whole grant frame.

A grant is an export when it gives a foreign national read access to listed technology; the
person who granted the access is the exporter. Each grant gets one outcome of
``GRANT_OUTCOMES`` and its reasons: the rule that fired with the facts it used (citizenship
codes, list entries, the regulation), then notes about the exporter and any revocation.

Modules: ``rules`` (the ordered rule table, first match wins; its docstring lists the rules),
``decide`` (``decide_grants``: join the facts, apply the table, add the notes; ``GrantFacts``
decides a scan a chunk at a time), ``people`` (who a grantee is), ``content`` (matching shared
objects to screened files and merging their results), ``sources`` (where that content comes
from: a mirror of the share or the results store) and ``types`` (outcomes and frame schemas).

Nothing here logs; reasons may hold citizenship codes (the decision record), logs never do.
"""

from classifiers.grants.content import (
    content_frame,
    empty_content,
    file_candidates,
    match_objects,
    object_key,
    results_frame,
    shared_objects,
)
from classifiers.grants.decide import GrantFacts, decide_grants
from classifiers.grants.people import PERSON_COLUMNS, person_features, recipient_columns
from classifiers.grants.rules import GRANT_RULES, GrantRule, rule_chain
from classifiers.grants.sources import Screen, StoredContent, resolve_content
from classifiers.grants.types import (
    CONTENT_SCHEMA,
    DECISION_SCHEMA,
    FINDING,
    GRANT_NEEDS_REVIEW,
    GRANT_OUTCOMES,
    RESULT_SCHEMA,
)

__all__ = [
    "CONTENT_SCHEMA",
    "DECISION_SCHEMA",
    "FINDING",
    "GRANT_NEEDS_REVIEW",
    "GRANT_OUTCOMES",
    "GRANT_RULES",
    "GrantFacts",
    "PERSON_COLUMNS",
    "RESULT_SCHEMA",
    "GrantRule",
    "Screen",
    "StoredContent",
    "content_frame",
    "decide_grants",
    "empty_content",
    "file_candidates",
    "match_objects",
    "object_key",
    "person_features",
    "recipient_columns",
    "resolve_content",
    "results_frame",
    "rule_chain",
    "shared_objects",
]
