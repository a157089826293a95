"""Reads of the 双公示 contact list: a unit's own contacts, and every unit's for 区发改局 (the lead unit)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from zhengwu.core.conf import setting
from zhengwu.credit import permissions
from zhengwu.credit.models import CatalogItem, Contact, ImportBatch
from zhengwu.credit.rules.contacts import needs_confirmation
from zhengwu.credit.selectors.catalog import lead_unit
from zhengwu.org.models import Unit
from zhengwu.org.scoping import has_role, is_district_user, units_for


@dataclass
class UnitContacts:
    unit: Unit
    contacts: dict  # role → Contact
    missing: list  # role labels not reported
    stale: list  # Contact objects to be confirmed


def sees_all_contacts(user) -> bool:
    """区发改局 (the lead unit's leaders and operators) and the district roles see every unit's list."""
    return permissions.may(user, lead_unit(), "contacts.all_units") or is_district_user(user)


def contact_edit_units(user) -> list[Unit]:
    """The units whose contacts the user may report."""
    return list(units_for(user, permissions.roles_for("contacts.edit")))


def contact_list(*, user) -> list[UnitContacts]:
    """Per unit, its three contacts, which are missing and which are to be confirmed.

    区发改局 sees every unit with 双公示 duties (a catalog, an import or a reported contact) and every
    department and street; others see the units they may edit."""
    if sees_all_contacts(user):
        units = Unit.objects.filter(
            Q(kind__in=[Unit.Kind.GOVERNMENT, Unit.Kind.VERTICAL, Unit.Kind.STREET])
            | Q(pk__in=CatalogItem.objects.values("unit")) | Q(pk__in=ImportBatch.objects.values("unit"))
            | Q(pk__in=Contact.objects.values("unit")), is_active=True)
    else:
        units = Unit.objects.filter(pk__in=[u.pk for u in units_for(user, None)])
    units = list(units.order_by("sort", "code"))
    by_unit: dict[int, dict] = {}
    for c in Contact.objects.filter(unit__in=units).select_related("updated_by"):
        by_unit.setdefault(c.unit_id, {})[c.role] = c
    now, days = timezone.now(), int(setting("CREDIT_CONTACTS_CONFIRM_DAYS"))
    out = []
    for unit in units:
        contacts = by_unit.get(unit.pk, {})
        missing = [label for role, label in Contact.Role.choices if role not in contacts]
        stale = [c for c in contacts.values() if needs_confirmation(c.updated_at, now, days)]
        out.append(UnitContacts(unit=unit, contacts=contacts, missing=missing, stale=stale))
    return out


def may_edit(user, unit: Unit) -> bool:
    return has_role(user, unit, permissions.roles_for("contacts.edit"))
