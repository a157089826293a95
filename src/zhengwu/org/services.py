"""Changing units and memberships; each change is written to the ledger."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.services import Change, record, record_many, snapshot
from zhengwu.org.models import Membership, Unit
from zhengwu.org.roles import Role
from zhengwu.org.scoping import require_role

_FIELDS = ("name", "full_name", "kind", "division_code", "sort")


def units_load(rows: list[dict], *, actor=None) -> tuple[int, int]:
    """Create or update units from reference rows (code,name,full_name,kind,parent_code,division_code,sort);
    switch off streets and communities that are no longer listed."""
    created = updated = 0
    changes: list[Change] = []
    with transaction.atomic():
        by_code = {u.code: u for u in Unit.objects.all()}
        for row in rows:  # parents come before children in the file
            parent = by_code.get(row["parent_code"]) if row.get("parent_code") else None
            values = {f: (int(row[f]) if f == "sort" else row[f]) for f in _FIELDS}
            unit = by_code.get(row["code"])
            if unit is None:
                unit = Unit.objects.create(code=row["code"], parent=parent, **values)
                by_code[unit.code] = unit
                created += 1
                changes.append(
                    Change("org.unit.created", "org.unit", str(unit.pk), None, snapshot(unit), unit.pk)
                )
                continue
            before = snapshot(unit)
            dirty = [f for f in _FIELDS if getattr(unit, f) != values[f]]
            if unit.parent_id != (parent.pk if parent else None):
                unit.parent = parent
                dirty.append("parent")
            if dirty:
                for f in _FIELDS:
                    setattr(unit, f, values[f])
                unit.save(update_fields=dirty)
                updated += 1
                changes.append(
                    Change("org.unit.updated", "org.unit", str(unit.pk), before, snapshot(unit), unit.pk)
                )
        # streets and communities are the official list (统计用区划代码): one that has left it is
        # switched off — its history and memberships stay, it takes no new work — never deleted
        listed = {row["code"] for row in rows}
        for unit in by_code.values():
            if (
                unit.kind in (Unit.Kind.STREET, Unit.Kind.COMMUNITY)
                and unit.is_active
                and unit.code not in listed
            ):
                before = snapshot(unit)
                unit.is_active = False
                unit.save(update_fields=["is_active"])
                updated += 1
                changes.append(
                    Change(
                        "org.unit.deactivated",
                        "org.unit",
                        str(unit.pk),
                        before,
                        snapshot(unit),
                        unit.pk,
                        "no longer in the official list",
                    )
                )
        record_many(changes, actor=actor)
    return created, updated


def membership_grant(*, user, unit: Unit, role: str, actor=None) -> Membership:
    """Give a user a role in a unit (idempotent)."""
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        record(
            action="org.membership.granted",
            obj=membership,
            actor=actor,
            after=snapshot(membership),
            unit=unit,
        )
    return membership


def membership_revoke(membership: Membership, *, actor=None) -> None:
    before = snapshot(membership)
    unit_id = membership.unit_id
    membership.delete()
    record(action="org.membership.revoked", object_type="org.membership", object_id=before["id"],
           actor=actor, before=before, unit=unit_id)


def user_ensure(*, username: str, password: str, full_name: str = "", is_staff: bool = False,
                is_superuser: bool = False):
    """Create a user if absent (demo and set-up); never changes an existing user's password."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=password, first_name=full_name,
                                        is_staff=is_staff, is_superuser=is_superuser)
        record(action="org.user.created", obj=user, after={"username": username, "full_name": full_name,
                                                         "is_staff": is_staff, "is_superuser": is_superuser})
    return user


CONTACT_FIELDS = ("contact_person", "contact_phone", "address")


def unit_update_contact(unit: Unit, *, actor, **values) -> Unit:
    """A unit's leader (or a district administrator) maintains the unit's contact details."""
    require_role(actor, unit, {Role.LEADER, Role.ADMIN})
    unknown = sorted(set(values) - set(CONTACT_FIELDS))
    if unknown:
        raise ApplicationError(_("不能修改的字段：%(f)s") % {"f": ", ".join(unknown)}, field=unknown[0])
    before = snapshot(unit, fields=list(CONTACT_FIELDS))
    for name, value in values.items():
        setattr(unit, name, (value or "").strip())
    unit.full_clean()
    unit.save(update_fields=list(values))
    record(action="org.unit.contact_updated", obj=unit, actor=actor, before=before,
           after=snapshot(unit, fields=list(CONTACT_FIELDS)), unit=unit)
    return unit
