"""Reads for 信用修复: the unit's applications (through org.scoping), one application, its proof files.

The public never sees an application: the public form only names the record as the public sees it
(`selectors.public.present`) and, after submitting, the application's number."""

from django.db.models import QuerySet

from zhengwu.credit.models import Repair, RepairProof
from zhengwu.org.scoping import get_for_user, scoped


def repair_list(*, user, state: str | None = None) -> QuerySet:
    qs = scoped(Repair.objects.select_related("record__unit"), user, unit_field="record__unit")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("state", "-submitted_at", "-id")


def repair_get(*, user, pk: int) -> Repair:
    return get_for_user(Repair.objects.select_related("record__unit", "decided_by", "entered_by")
                        .prefetch_related("proofs"), user, pk, unit_field="record__unit")


def proof_get(*, user, pk: int) -> RepairProof:
    """A proof file, only for staff who may see its record's unit (else 404)."""
    return get_for_user(RepairProof.objects.select_related("repair__record__unit"), user, pk,
                        unit_field="repair__record__unit")


def record_repairs(record) -> QuerySet:
    return Repair.objects.filter(record=record).order_by("-submitted_at")
