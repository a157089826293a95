"""Reading units and memberships."""

from django.db.models import QuerySet

from zhengwu.org.models import Membership, Unit
from zhengwu.org.scoping import get_for_user, units_for


def unit_kinds() -> list[tuple[str, str]]:
    """(value, label) of every kind of unit, for the directory's filter."""
    return Unit.Kind.choices


def unit_data(unit: Unit) -> dict:
    """A unit as JSON (the directory's and the unit page's twins)."""
    return {"code": unit.code, "name": unit.name, "full_name": unit.full_name, "kind": unit.kind,
            "parent": unit.parent.code if unit.parent else None, "division_code": unit.division_code}


def memberships_of(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Membership.objects.filter(user=user).select_related("unit").order_by("unit__sort"))


def unit_list(*, user, kind: str | None = None, q: str = "") -> QuerySet:
    """Units visible to the user (the directory is open to every logged-in user)."""
    qs = Unit.objects.filter(is_active=True).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(code__iexact=q)
    return qs.order_by("sort", "code")


def streets() -> QuerySet:
    return Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True).order_by("sort")


def district() -> Unit:
    return Unit.objects.get(kind=Unit.Kind.DISTRICT)


def unit_by_code(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def user_by_username(username: str):
    """An active user by username (the CLI's --actor), or None."""
    from django.contrib.auth import (
        get_user_model,  # the user model is settings-defined: resolved at call time
    )

    return get_user_model().objects.filter(username=username, is_active=True).first()


def my_units(user, roles=None) -> QuerySet:
    return units_for(user, roles)


def unit_detail(*, user, code: str) -> Unit:
    """A unit's own page (with its staff): only its own staff, its street's, and district roles; else 404."""
    return get_for_user(Unit.objects.select_related("parent"), user, code, unit_field="pk", pk_field="code")


def unit_members(unit: Unit) -> list[Membership]:
    return list(unit.memberships.select_related("user").order_by("role", "user__username"))
