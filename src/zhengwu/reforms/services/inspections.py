"""§三(三) 检查督办和专题调研: the supervision or reform office records a
special inspection or a topic research with the units it covered and its findings (problems it finds are
then listed as notices of kind `problem`)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.ledger.services import record
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import Inspection
from zhengwu.reforms.services.notices import ISSUERS
from zhengwu.reforms.standard import ITEM_NUMBERS


def inspection_record(*, kind: str, title: str, held_on: date, unit_codes: list[str], findings: str,
                      office_code: str, actor, item_number: int | None = None) -> Inspection:
    if office_code not in ISSUERS:
        raise rules.RuleError(_("督办由区督查室或区委改革办签发。"), code="not_an_issuer", field="office")
    require_role(actor, Unit.objects.get(code=office_code), permissions.roles_for("notice.issue"))
    if kind not in Inspection.Kind.values:
        raise rules.RuleError(_("“%(v)s”不是有效的选项。") % {"v": kind}, code="invalid_choice", field="kind")
    if item_number is not None and item_number not in ITEM_NUMBERS:
        raise rules.RuleError(_("改革计划中没有该事项。"), code="unknown_item", field="item_number")
    for name, value in (("title", title), ("findings", findings)):
        if not (value or "").strip():
            raise rules.RuleError(_("请填写主题和发现的问题。"), code=f"{name}_required", field=name)
    codes = sorted({c.strip().upper() for c in unit_codes if c.strip()})
    units = list(Unit.objects.filter(code__in=codes, is_active=True))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing or not codes:
        raise rules.RuleError(
            _("涉及单位代码有误：%(c)s") % {"c": "、".join(missing) or "—"},
            code="unknown_unit",
            field="units",
        )
    with transaction.atomic():
        found = Inspection.objects.create(
            kind=kind,
            title=title.strip(),
            held_on=held_on,
            item_number=item_number,
            findings=findings.strip(),
            created_by=actor,
        )
        found.units.set(units)
        record(action="reforms.inspection.recorded", obj=found, actor=actor,
               after={"kind": kind, "title": found.title, "held_on": held_on.isoformat(), "units": codes,
                      "item_number": item_number, "findings": found.findings})
    return found
