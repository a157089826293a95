"""The one scoping mechanism every app uses.

A unit's staff see and change their own unit's records; street staff also their communities';
district roles (admin, supervisor, auditor) see all. Everything else is refused server-side:
`get_for_user` raises Http404 for "missing" and "not yours" alike, so nothing leaks.

    qs = scoped(Record.objects.all(), user)                 # records of units the user may see
    record = get_for_user(Record.objects.all(), user, pk)   # one, or 404
    require_role(user, record.unit, {Role.OPERATOR})        # may this user act here? else 403
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from zhengwu.org.models import Membership, Unit
from zhengwu.org.roles import DISTRICT_ROLES, Role

_CACHE_ATTR = "_zhengwu_scope"


class Scope:
    """What one user may see: all units, or a fixed set of unit ids; and which roles they hold where."""

    def __init__(self, *, all_units: bool, unit_ids: frozenset[int], roles_by_unit: dict[int, frozenset[str]],
                 district_roles: frozenset[str]):
        self.all_units = all_units
        self.unit_ids = unit_ids
        self.roles_by_unit = roles_by_unit
        self.district_roles = district_roles

    def sees(self, unit_id: int | None) -> bool:
        return self.all_units or (unit_id is not None and unit_id in self.unit_ids)

    def roles_in(self, unit_id: int) -> frozenset[str]:
        """Roles the user holds for a unit: its own, its street's (for a community), and district roles."""
        return self.roles_by_unit.get(unit_id, frozenset()) | self.district_roles


def scope_for(user) -> Scope:
    """Compute (once per request user object) the units this user may see."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = Scope(all_units=False, unit_ids=frozenset(), roles_by_unit={}, district_roles=frozenset())
    else:
        memberships = list(Membership.objects.filter(user=user, unit__is_active=True).select_related("unit"))
        district_roles = frozenset(m.role for m in memberships if m.role in DISTRICT_ROLES)
        if user.is_superuser:
            district_roles |= {Role.ADMIN}
        roles_by_unit: dict[int, set[str]] = {}
        for m in memberships:
            roles_by_unit.setdefault(m.unit_id, set()).add(m.role)
            if m.unit.kind == Unit.Kind.STREET:
                for child_id in Unit.objects.filter(parent_id=m.unit_id).values_list("id", flat=True):
                    roles_by_unit.setdefault(child_id, set()).add(m.role)
        scope = Scope(
            all_units=bool(district_roles),
            unit_ids=frozenset(roles_by_unit),
            roles_by_unit={k: frozenset(v) for k, v in roles_by_unit.items()},
            district_roles=district_roles,
        )
    try:
        setattr(user, _CACHE_ATTR, scope)
    except AttributeError:  # AnonymousUser instances are shared; don't cache on them
        pass
    return scope


def scoped(queryset: QuerySet, user, *, unit_field: str = "unit") -> QuerySet:
    """Restrict a queryset to the records of units the user may see (none for anonymous users)."""
    scope = scope_for(user)
    if scope.all_units:
        return queryset
    return queryset.filter(**{f"{unit_field}__in": scope.unit_ids})


def get_for_user(queryset: QuerySet, user, pk, *, unit_field: str = "unit", pk_field: str = "pk") -> Model:
    """One record the user may see, or Http404 — the same answer for "missing" and "not yours"."""
    try:
        return scoped(queryset, user, unit_field=unit_field).get(**{pk_field: pk})
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("记录不存在或您无权查看。"))


def has_role(user, unit: Unit | int | None, roles: Iterable[str]) -> bool:
    """Whether the user holds one of `roles` for this unit (district roles count everywhere)."""
    scope = scope_for(user)
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    held = scope.district_roles if unit_id is None else scope.roles_in(unit_id)
    return bool(held & set(roles))


def require_role(user, unit: Unit | int | None, roles: Iterable[str]) -> None:
    """Raise PermissionDenied unless the user holds one of `roles` for this unit."""
    roles = set(roles)
    if not has_role(user, unit, roles):
        names = "、".join(str(Role(r).label) for r in roles)
        raise PermissionDenied(_("您在该单位没有所需角色（%(roles)s）。") % {"roles": names})


def units_for(user, roles: Iterable[str] | None = None) -> QuerySet:
    """Units the user may see, optionally only those where they hold one of `roles`."""
    scope = scope_for(user)
    qs = Unit.objects.filter(is_active=True)
    if roles is None:
        return qs if scope.all_units else qs.filter(pk__in=scope.unit_ids)
    roles = set(roles)
    if scope.district_roles & roles:
        return qs
    return qs.filter(pk__in=[uid for uid, held in scope.roles_by_unit.items() if held & roles])


def is_district_user(user) -> bool:
    return scope_for(user).all_units
