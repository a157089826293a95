"""The 双公示 rules, pure: no ORM, no request — one module per topic.

- `validation` — the standard's rules over whole columns (`validate`, `Rule`, `Context`);
  `checksums` — check characters of the identity codes; `divisions` — the GB/T 2260 code table;
  `checking` — a whole file checked batch by batch (the loop shared by `credit validate` and the import);
- `workflow` — the record's states and transitions, 当前状态 changes, the confidentiality review;
  `objections` — 异议 steps and what they do to 当前状态; `timeliness` — the 7-working-day deadline;
- `publicity` — how long a published record stays public (the policy, penalty severity);
  `visibility` — THE definition of what the public may see today, from which every surface is derived;
  `disclosure` — which values of a record the public sees (masking, scrubbing); `name_search` — the
  public name search's keys;
- `sample` — realistic synthetic files with known defects (tests, benchmarks, demo).

Issue 16 adds `publicity_versions` here (publicity periods by rule version) beside `publicity`.
Submodules import each other directly (`from zhengwu.credit.rules.validation import Rule`), never this
package, so that the package re-exporting them is no import cycle.
"""

from zhengwu.credit.rules.validation import (
    DATE_PATTERN,
    ERROR_SCHEMA,
    TIMESTAMP_PATTERN,
    Context,
    Result,
    Rule,
    duplicates,
    message,
    party_keys,
    validate,
)
from zhengwu.credit.rules.visibility import is_public, last_public_day
from zhengwu.credit.rules.workflow import PUBLISHED_STATES, State, Transition

__all__ = [
    "DATE_PATTERN",
    "ERROR_SCHEMA",
    "PUBLISHED_STATES",
    "TIMESTAMP_PATTERN",
    "Context",
    "Result",
    "Rule",
    "State",
    "Transition",
    "duplicates",
    "is_public",
    "last_public_day",
    "message",
    "party_keys",
    "validate",
]
