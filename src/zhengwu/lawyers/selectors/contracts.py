"""Firms, contracts and what hangs on them, as a member of staff may see them."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from zhengwu.lawyers.models import Assessment, Contract, Firm, Person, Replacement, WorkRecord
from zhengwu.org.scoping import get_for_user, scoped


def firm_list():
    """Every firm with its check (the list 区司法局 keeps is public to staff: it is the procurement basis)."""
    return Firm.objects.prefetch_related("people")


def firm_get(pk) -> Firm:
    return get_object_or_404(Firm, pk=pk)


def person_get(pk) -> Person:
    return get_object_or_404(Person, pk=pk)


def contract_list(*, user):
    """The contracts of the units this user may see."""
    return scoped(Contract.objects.select_related("unit", "firm", "lawyer"), user)


def contract_get(*, user, pk) -> Contract:
    """One contract with its assistants, records, assessments and replacements (404 when not the user's)."""
    qs = Contract.objects.select_related("unit", "firm", "lawyer").prefetch_related(
        "assistants", Prefetch("records", queryset=WorkRecord.objects.select_related("person")),
        Prefetch("assessments", queryset=Assessment.objects.all()),
        Prefetch("replacements", queryset=Replacement.objects.select_related("outgoing", "incoming")))
    return get_for_user(qs, user, pk)


def replacement_get(*, user, pk) -> Replacement:
    return get_for_user(
        Replacement.objects.select_related("contract", "unit", "outgoing", "incoming"), user, pk
    )
