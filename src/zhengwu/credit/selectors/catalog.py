"""Reads for the item catalog (事项目录) and its submissions to the lead unit (区发改局)."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.credit import permissions
from zhengwu.credit.models import CatalogItem, CatalogSubmission
from zhengwu.org.models import Unit
from zhengwu.org.scoping import get_for_user, scoped, units_for


def catalog_round() -> tuple[str, date]:
    """The current round and its due date (`CREDIT_CATALOG_ROUND`, default the seed's: 2016, 2016-02-23)."""
    name, due = setting("CREDIT_CATALOG_ROUND")
    return str(name), date.fromisoformat(str(due))


def lead_unit() -> Unit:
    """The unit that runs 双公示 and receives catalogs
    (区发改局; `CREDIT_LEAD_UNIT`, checked by credit.E002)."""
    code = setting("CREDIT_LEAD_UNIT")
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ApplicationError(_("未找到牵头单位 %(code)s，请先加载单位数据。") % {"code": code},
                               code="lead_unit_missing", status=500)
    return unit


def is_lead(user) -> bool:
    """Whether the user decides catalogs for the lead unit (and so sees every unit's submission)."""
    return permissions.may(user, lead_unit(), "catalog.decide")


def catalog_items(*, user) -> QuerySet:
    return scoped(CatalogItem.objects.select_related("unit"), user).order_by("unit__sort", "kind", "code")


def catalog_edit_units(user) -> list[Unit]:
    """The units whose catalog the user may edit and submit."""
    return list(units_for(user, permissions.roles_for("catalog.edit")))


def catalog_submissions(*, user) -> QuerySet:
    """Submissions the user may see: every unit's for the lead unit, else their own units'."""
    subs = CatalogSubmission.objects.select_related("unit")
    return subs if is_lead(user) else scoped(subs, user)


def catalog_submission_get(*, user, pk: int) -> CatalogSubmission:
    """One submission the user may decide or see (404 otherwise, the same as a missing one)."""
    qs = CatalogSubmission.objects.select_related("unit")
    if is_lead(user):
        sub = qs.filter(pk=pk).first()
        if sub is None:
            raise Http404
        return sub
    return get_for_user(qs, user, pk)
