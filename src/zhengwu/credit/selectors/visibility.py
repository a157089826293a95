"""What the public may see, as a query: the clauses of
`rules.visibility.PUBLIC` turned into an ORM filter and SQL.

    public_records(today=...)          # every record the public may see (a queryset)
    public_q(today)                    # the same as a Q, to combine with other filters
    public_sql(column, today)          # the same as SQL conditions with %s
    parameters (the hand-written search) catalog_fields(records) # {record id: its catalog item's
    可公示的信息项} (the field projection)

The clauses are the one definition; this module only translates them (and
`rules.visibility.is_public` evaluates them in Python), so the three cannot disagree —
tests/test_visibility_surfaces.py checks every surface anyway.
"""

from collections.abc import Callable
from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhengwu.credit.models import CatalogItem, Record
from zhengwu.credit.rules import visibility as rules


def _value(value, today: date):
    return today if value is rules.TODAY else value


def _q(clause, today: date) -> Q:
    if isinstance(clause, rules.AnyOf):
        out = Q(pk__in=[])
        for c in clause.clauses:
            out |= _q(c, today)
        return out
    col = clause.column
    if isinstance(clause, rules.IsNull):
        return Q(**{f"{col}__isnull": True})
    if isinstance(clause, rules.In):
        return Q(**{f"{col}__in": list(clause.values)})
    value = _value(clause.value, today)
    if isinstance(clause, rules.NotEqual):  # as SQL's `<>`: a NULL column does not match
        return ~Q(**{col: value}) & Q(**{f"{col}__isnull": False})
    if isinstance(clause, rules.AtLeast):
        return Q(**{f"{col}__gte": value})
    if isinstance(clause, rules.After):
        return Q(**{f"{col}__gt": value})
    raise TypeError(f"unknown clause {clause!r}")


def public_q(today: date) -> Q:
    """`rules.visibility.PUBLIC` as a Q over Record."""
    out = Q()
    for clause in rules.PUBLIC:
        out &= _q(clause, today)
    return out


def _sql(clause, column: Callable[[str], str], today: date) -> tuple[str, list]:
    if isinstance(clause, rules.AnyOf):
        parts = [_sql(c, column, today) for c in clause.clauses]
        return "(" + " OR ".join(p for p, _params in parts) + ")", [v for _p, params in parts for v in params]
    col = column(clause.column)
    if isinstance(clause, rules.IsNull):
        return f"{col} IS NULL", []
    if isinstance(clause, rules.In):
        return f"{col} IN ({', '.join(['%s'] * len(clause.values))})", [str(v) for v in clause.values]
    value = _value(clause.value, today)
    if isinstance(value, date):
        value = connection.ops.adapt_datefield_value(value)
    op = {rules.NotEqual: "<>", rules.AtLeast: ">=", rules.After: ">"}[type(clause)]
    return f"{col} {op} %s", [value]


def public_sql(column: Callable[[str], str], today: date) -> tuple[list[str], list]:
    """`rules.visibility.PUBLIC` as SQL conditions (one per clause) and their parameters; `column(name)` gives
    the quoted column reference (e.g. `r."state"`)."""
    where, params = [], []
    for clause in rules.PUBLIC:
        sql, values = _sql(clause, column, today)
        where.append(sql)
        params += values
    return where, params


def public_records(*, today: date | None = None) -> QuerySet:
    """Every record the public may see today."""
    return Record.objects.filter(public_q(today or timezone.localdate()))


def public_record_for_objection(pk: int, *, today: date | None = None) -> Record:
    """The record behind the public objection form: only what is in public view (else Http404)."""
    record = public_records(today=today).select_related("unit").filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def catalog_fields(records) -> dict[int, tuple[str, ...]]:
    """{record id: the 可公示的信息项 of its catalog item} for the records whose item lists some (one query,
    whatever the number of records); a record without such
    an item shows every field the standard publishes."""
    records = [r for r in records if r.item_code]
    if not records:
        return {}
    found = {(u, k, c): tuple(fields or ()) for u, k, c, fields in CatalogItem.objects.filter(
        unit__in={r.unit_id for r in records}, code__in={r.item_code for r in records}).values_list(
        "unit", "kind", "code", "publishable_fields")}
    out = {}
    for r in records:
        fields = found.get((r.unit_id, r.kind, r.item_code))
        if fields:
            out[r.pk] = fields
    return out
