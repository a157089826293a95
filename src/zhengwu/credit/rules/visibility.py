"""What the public may see of a 双公示 record — ONE definition, from which every surface is derived.

A record is public on a day when all of these hold (`PUBLIC`):

* the district published it: state 已公示 or 已推送;
* the day is inside its publicity: day ≤ `public_until`, the last public day the workflow computed from the
  publicity policy (`rules.publicity`; None = never public, e.g. a minor penalty);
* it is not revoked: 当前状态 ≠ 1 (撤销 withdraws it at once);
* its credit is not repaired: no `repaired_on`, or the day is before the repair takes effect — a repair ends
  the publicity only after the penalty's minimum period (`repairable_from`, the policy's earliest repair day):
  the record leaves the public view on max(`repaired_on`, `repairable_from`).

What of a public record may be seen is the definition's second half, the **field projection**: a standard
field is shown when `rules.disclosure.is_public_field` allows it for the counterparty (never ID numbers; a
natural person's codes and addresses removed) AND the catalog's 可公示的信息项 of the record's item
(`CatalogItem.publishable_fields`, issue 13 item 3) name it — `catalog_allows`; an empty list means every
field the standard publishes. The summary columns shown on lists (`SUMMARY_FIELDS`) are projected the same
way (`hidden_columns`), and a search never matches a record through a field it may not show.

The definition is data — clauses over a record's stored columns — so that the pure predicate `is_public`, the
ORM filter `selectors.visibility.public_q` and the SQL `selectors.visibility.public_sql` are read off the same
clauses and cannot drift apart. Every surface uses one of them: the public pages and their JSON twins,
the API, the embedded lists and the name search (`selectors.public`), objections
(`selectors.visibility.public_record`, `services.objections`) and the push (`services.publication`, which
tells the city platform whether the record is public and until when). `tests/test_visibility_surfaces.py`
checks every surface against `is_public` over a table of states × dates × repair × revocation.

    >>> from datetime import date
    >>> facts = {"state": "published", "public_until": date(2027, 5, 1), "status": "0",
    ...          "repaired_on": date(2026, 6, 1), "repairable_from": date(2026, 8, 1)}
    >>> is_public(facts, today=date(2026, 7, 1)), is_public(facts, today=date(2026, 8, 1))
    (True, False)
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from zhengwu.credit.rules.workflow import PUBLISHED_STATES, REVOKED
from zhengwu.credit.standard import standard_for

#: the columns the definition reads (a record, a row of them, or a dict of them)
COLUMNS = ("state", "public_until", "status", "repaired_on", "repairable_from")


class _Today:
    """Stands for the day asked about, in a clause's value."""

    def __repr__(self) -> str:
        return "TODAY"


TODAY = _Today()


@dataclass(frozen=True)
class In:
    column: str
    values: tuple


@dataclass(frozen=True)
class NotEqual:
    """`column <> value`; a NULL column does not match (SQL's three-valued logic)."""

    column: str
    value: Any


@dataclass(frozen=True)
class AtLeast:
    """`column >= value`; NULL does not match."""

    column: str
    value: Any


@dataclass(frozen=True)
class After:
    """`column > value`; NULL does not match."""

    column: str
    value: Any


@dataclass(frozen=True)
class IsNull:
    column: str


@dataclass(frozen=True)
class AnyOf:
    clauses: tuple


#: the one definition: every clause must hold
PUBLIC = (
    In("state", tuple(sorted(PUBLISHED_STATES))),
    AtLeast("public_until", TODAY),
    NotEqual("status", REVOKED),
    AnyOf((IsNull("repaired_on"), After("repaired_on", TODAY), After("repairable_from", TODAY))),
)


def _value(facts, column: str):
    return facts[column] if isinstance(facts, Mapping) else getattr(facts, column)


def _holds(clause, facts, today: date) -> bool:
    if isinstance(clause, AnyOf):
        return any(_holds(c, facts, today) for c in clause.clauses)
    value = _value(facts, clause.column)
    if isinstance(clause, IsNull):
        return value is None
    if value is None:
        return False
    if isinstance(clause, In):
        return value in clause.values
    other = today if clause.value is TODAY else clause.value
    if isinstance(clause, NotEqual):
        return value != other
    if isinstance(clause, AtLeast):
        return value >= other
    if isinstance(clause, After):
        return value > other
    raise TypeError(f"unknown clause {clause!r}")


def is_public(facts, *, today: date) -> bool:
    """Whether a record (a model instance, or a mapping of `COLUMNS`) is in public view on `today`."""
    return all(_holds(clause, facts, today) for clause in PUBLIC)


def repair_takes_effect(*, repaired_on: date | None, repairable_from: date | None) -> date | None:
    """The day a credit repair ends the publicity: never before the earliest repair day."""
    if repaired_on is None:
        return None
    return max(repaired_on, repairable_from or repaired_on)


def last_public_day(facts) -> date | None:
    """The last day the record is public as things stand (None: not public on any day).

    Equivalent to `is_public` on every day (tested over the whole table of cases): public on `day` exactly
    when `day <= last_public_day(facts)`.
    """
    until = _value(facts, "public_until")
    if (until is None or _value(facts, "state") not in PUBLISHED_STATES or _value(facts, "status") is None
            or _value(facts, "status") == REVOKED):
        return None
    ends = repair_takes_effect(repaired_on=_value(facts, "repaired_on"),
                               repairable_from=_value(facts, "repairable_from"))
    return until if ends is None else min(until, ends - timedelta(days=1))


# --- The field projection: which fields of a public record may be seen --------------------------------------

#: the summary columns of a record (lists, JSON, embeds, the site search) and the `Standard` role each shows
SUMMARY_FIELDS = {
    "decision_no": "decision_no",
    "subject_name": "subject",
    "uscc": "uscc",
    "category": "category",
    "decided_on": "start",
    "valid_until": "end",
    "status": "status",
    "street": "street",
    "authority": "authority",
}


def catalog_allows(code: str, catalog_fields) -> bool:
    """Whether the catalog's 可公示的信息项 of the record's
    item let `code` be shown (empty or None: every field)."""
    return not catalog_fields or code in catalog_fields


def summary_codes(kind: str) -> dict[str, str]:
    """{summary column: the standard field code it shows} for a kind."""
    std = standard_for(kind)
    return {
        col: std.legal_codes[0] if role == "uscc" else getattr(std, role)
        for col, role in SUMMARY_FIELDS.items()
    }


def hidden_columns(kind: str, catalog_fields) -> frozenset[str]:
    """The summary columns the catalog does not let the public see for this record."""
    if not catalog_fields:
        return frozenset()
    return frozenset(col for col, code in summary_codes(kind).items() if code not in catalog_fields)
