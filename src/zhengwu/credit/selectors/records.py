"""Reads for pages, API, CLI and exports — every list starts from the user's scope."""

from pathlib import Path

import polars as pl
from django.core.files.storage import default_storage
from django.db.models import QuerySet

from zhengwu.core.conf import setting
from zhengwu.credit import permissions, rules
from zhengwu.credit.models import CatalogItem, ImportBatch, Record
from zhengwu.credit.rules import authority
from zhengwu.credit.rules.divisions import valid_codes
from zhengwu.org.models import Unit
from zhengwu.org.scoping import get_for_user, scoped, units_for


def street_spellings() -> dict[str, str]:
    """Accepted spellings of the district's streets → the
    street's name (桂园、桂园街道、罗湖区桂园街道办事处)."""
    out: dict[str, str] = {}
    for name, full_name in Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True).values_list(
        "name", "full_name"
    ):
        out[name] = name
        out[name.removesuffix("街道")] = name
        if full_name:
            out[full_name] = name
            out[full_name.removesuffix("办事处")] = name
    if not out:  # reference data not loaded (e.g. a bare database): the org app's bundled table
        import csv
        from importlib.resources import files

        text = files("zhengwu.org").joinpath("reference/units.csv").read_text(encoding="utf-8")
        for row in csv.DictReader(text.splitlines()):
            if row["kind"] == Unit.Kind.STREET:
                out[row["name"]] = out[row["name"].removesuffix("街道")] = row["name"]
    return out


def rule_context(*, unit: Unit | None, kind: str) -> rules.Context:
    """What the rules need from the database: streets, divisions and (with a unit) its item catalog and the
    authorities it may report (谁产生谁负责: itself and the units CREDIT_REPORTS_FOR names for it)."""
    items, authorities = None, None
    if unit is not None:
        items = frozenset(CatalogItem.objects.filter(unit=unit, kind=kind).values_list("code", flat=True))
        authorities = reported_authorities(unit)
    return rules.Context(
        streets=street_spellings(),
        divisions=valid_codes(),
        items=items,
        authorities=authorities,
        unit_name=unit.full_name or unit.name if unit is not None else "",
    )


def reported_authorities(unit: Unit) -> frozenset[str]:
    """The authority names (rules.authority keys) a unit's
    files may carry: its own and those it reports for."""
    codes = [unit.code, *authority.reports_for(setting("CREDIT_REPORTS_FOR"), unit.code)]
    names = []
    for name, full_name in Unit.objects.filter(code__in=codes).values_list("name", "full_name"):
        names += [name, full_name]
    return authority.accepted_authorities(names)


def error_report_location(batch: ImportBatch) -> str | None:
    """Where a batch's error report can be opened: a local path (file system storage) or the storage's URL."""
    name = batch.error_report.name
    if not name:
        return None
    try:
        local = Path(default_storage.path(name)).resolve()
    except NotImplementedError:
        local = None
    if local is not None and local.is_file():
        return str(local)
    return default_storage.url(name)  # remote (or in-memory) storage: its address


def existing_keys(*, unit: Unit, kind: str) -> pl.DataFrame:
    """(key, id, digest, version) of a unit's stored records of a kind, to tell new from changed rows."""
    rows = Record.objects.filter(unit=unit, kind=kind).values_list("key", "id", "digest", "version")
    schema = {"key": pl.Utf8, "id": pl.Int64, "old_digest": pl.Utf8, "old_version": pl.Int64}
    return pl.DataFrame(list(rows.iterator(chunk_size=20_000)), schema=schema, orient="row")


def record_list(*, user, kind: str | None = None, q: str = "") -> QuerySet:
    """The records of the units the user may see, newest decision first."""
    qs = scoped(Record.objects.select_related("unit"), user)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = (
            qs.filter(subject_name__startswith=q)
            | qs.filter(key=q)
            | qs.filter(decision_no=q)
            | qs.filter(uscc=q)
        )
    return qs.order_by("-decided_on", "-id")


def record_get(*, user, pk: int) -> Record:
    return get_for_user(Record.objects.select_related("unit"), user, pk)


def penalty_parties(record: Record) -> QuerySet:
    """All counterparties of one penalty decision: the records sharing its decision number."""
    return Record.objects.filter(
        unit=record.unit_id, kind=record.kind, decision_no=record.decision_no
    ).order_by("key")


def import_list(*, user) -> QuerySet:
    return scoped(ImportBatch.objects.select_related("unit"), user)


def import_get(*, user, pk: int) -> ImportBatch:
    return get_for_user(ImportBatch.objects.select_related("unit"), user, pk)


def import_for_run(pk: int) -> ImportBatch:
    """A kept upload for the import task (no user scope: the task runs for the uploader)."""
    return ImportBatch.objects.select_related("unit", "uploaded_by").get(pk=pk)


def unit_for_reminder(pk: int) -> Unit:
    return Unit.objects.get(pk=pk)


def upload_units(user) -> list[Unit]:
    """Active units the user may upload records to (operators and administrators)."""
    return list(units_for(user, permissions.roles_for("import.upload")).filter(is_active=True))
