"""Item catalog (事项目录, 罗府办函〔2016〕74号 §二(四)): a unit's items and its submission to 区发改局.

    catalog_item_save(unit=u, kind="penalty", code="SX-1", name="占道经营处罚", publishable=False,
                      legal_basis="…", actor=operator)
    catalog_submit(unit=u, actor=operator)            # to the lead unit; due date from settings
    catalog_decide(submission, accept=False, comment="缺少许可事项", actor=qfgj_leader)
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.credit import permissions
from zhengwu.credit.models import CatalogItem, CatalogSubmission
from zhengwu.credit.selectors.catalog import catalog_round, lead_unit
from zhengwu.credit.standard import Kind, standard_for
from zhengwu.ledger.services import record as ledger_record
from zhengwu.ledger.services import snapshot
from zhengwu.org.models import Unit


@transaction.atomic
def catalog_item_save(*, unit: Unit, kind: str, code: str, name: str, actor, publishable: bool = True,
                      legal_basis: str = "", publishable_fields: list[str] | None = None,
                      power_ref: str = "") -> CatalogItem:
    """Create or change one catalog item; an item that may not be published must name its legal basis."""
    permissions.require(actor, unit, "catalog.edit")
    if kind not in {k.value for k in Kind}:
        raise ApplicationError(_("类型必须是 行政许可 或 行政处罚。"), code="invalid_kind", field="kind")
    code, name, legal_basis = code.strip(), name.strip(), (legal_basis or "").strip()
    if not code or not name:
        raise ApplicationError(
            _("请填写事项编码和事项名称。"), code="required", field="code" if not code else "name"
        )
    if not publishable and not legal_basis:
        raise ApplicationError(
            _("不予公示的事项必须说明理由和依据。"), code="legal_basis_required", field="legal_basis"
        )
    fields = [f.strip() for f in (publishable_fields or []) if f.strip()]
    known = standard_for(kind).by_code
    unknown = [f for f in fields if f not in known]
    if unknown:
        raise ApplicationError(_("未知的字段代码：%(codes)s") % {"codes": "、".join(unknown)},
                               code="unknown_field", field="publishable_fields")
    item = CatalogItem.objects.filter(unit=unit, kind=kind, code=code).first()
    before = snapshot(item) if item else None
    item = item or CatalogItem(unit=unit, kind=kind, code=code)
    item.name, item.publishable, item.legal_basis = name, publishable, legal_basis
    item.publishable_fields, item.power_ref = fields, power_ref.strip()
    item.save()
    ledger_record(
        action="credit.catalog.item_saved", obj=item, actor=actor, before=before, after=snapshot(item)
    )
    return item


@transaction.atomic
def catalog_submit(*, unit: Unit, actor) -> CatalogSubmission:
    """Send the unit's catalog to the lead unit for the current round (again after a return)."""
    permissions.require(actor, unit, "catalog.edit")
    items = CatalogItem.objects.filter(unit=unit).count()
    if not items:
        raise ApplicationError(_("目录中还没有事项，不能报送。"), code="empty_catalog")
    round_name, due_on = catalog_round()
    sub = CatalogSubmission.objects.filter(unit=unit, round=round_name).first()
    if sub and sub.status != CatalogSubmission.Status.RETURNED:
        raise ApplicationError(_("本轮目录已报送（%(status)s）。") % {"status": sub.get_status_display()},
                               code="already_submitted", status=409)
    sub = sub or CatalogSubmission(unit=unit, round=round_name, due_on=due_on)
    sub.submitted_at, sub.submitted_by, sub.items = timezone.now(), actor, items
    sub.status, sub.comment, sub.decided_at, sub.decided_by = (
        CatalogSubmission.Status.SUBMITTED,
        "",
        None,
        None,
    )
    sub.save()
    ledger_record(action="credit.catalog.submitted", obj=sub, actor=actor, after={
        "round": round_name, "due_on": sub.due_on.isoformat(), "items": items, "on_time": sub.on_time})
    return sub


@transaction.atomic
def catalog_decide(
    submission: CatalogSubmission, *, accept: bool, comment: str = "", actor
) -> CatalogSubmission:
    """The lead unit (区发改局) confirms a catalog or returns it with a comment."""
    permissions.require(actor, lead_unit(), "catalog.decide")
    if submission.status != CatalogSubmission.Status.SUBMITTED:
        raise ApplicationError(_("只有已报送的目录可以处理。"), code="invalid_transition", status=409)
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ApplicationError(_("退回时必须填写意见。"), code="comment_required", field="comment")
    submission.status = CatalogSubmission.Status.ACCEPTED if accept else CatalogSubmission.Status.RETURNED
    submission.comment, submission.decided_at, submission.decided_by = comment, timezone.now(), actor
    submission.save(update_fields=["status", "comment", "decided_at", "decided_by"])
    ledger_record(
        action="credit.catalog.decided",
        obj=submission,
        actor=actor,
        after={"status": submission.status},
        note=comment,
    )
    return submission
