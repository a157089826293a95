"""A unit's 双公示 contacts (罗府办函〔2016〕74号 §二(一)):
负责人, 业务联络人 and 技术联络人, reported to 区发改局.

    contact_save(unit=u, role="leader", name="王伟", position="副局长", phone="0755-25666666", actor=operator)

Saving replaces the unit's person in that role (one per role, kept current); each save is in the ledger.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.credit import permissions
from zhengwu.credit.models import Contact
from zhengwu.credit.rules.contacts import phone_ok
from zhengwu.ledger.services import record as ledger_record
from zhengwu.org.models import Unit

FIELDS = ("name", "position", "phone", "mobile", "email")


def _snapshot(contact: Contact | None) -> dict | None:
    if contact is None:
        return None
    return {"role": contact.role, **{f: getattr(contact, f) for f in FIELDS}}


@transaction.atomic
def contact_save(
    *,
    unit: Unit,
    role: str,
    name: str,
    actor,
    position: str = "",
    phone: str = "",
    mobile: str = "",
    email: str = "",
) -> Contact:
    """Report or change the unit's contact in `role`; a name
    and a way to reach them (phone, mobile or e-mail)."""
    permissions.require(actor, unit, "contacts.edit")
    if role not in Contact.Role.values:
        raise ApplicationError(
            _("职责必须是 负责人、业务联络人 或 技术联络人。"), code="invalid_role", field="role"
        )
    values = {
        "name": (name or "").strip(),
        "position": (position or "").strip(),
        "phone": (phone or "").strip(),
        "mobile": (mobile or "").strip(),
        "email": (email or "").strip(),
    }
    if not values["name"]:
        raise ApplicationError(_("请填写姓名。"), code="required", field="name")
    if not (values["phone"] or values["mobile"] or values["email"]):
        raise ApplicationError(
            _("请至少填写办公电话、手机或电子邮箱中的一项。"), code="contact_required", field="phone"
        )
    for field in ("phone", "mobile"):
        if values[field] and not phone_ok(values[field]):
            raise ApplicationError(_("电话号码只能包含数字、空格、+、- 和括号，例如 0755-25666666。"),
                                   code="invalid_phone", field=field)
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            raise ApplicationError(_("电子邮箱格式不正确。"), code="invalid_email", field="email") from None
    contact = Contact.objects.select_for_update().filter(unit=unit, role=role).first()
    before = _snapshot(contact)
    contact = contact or Contact(unit=unit, role=role)
    for key, value in values.items():
        setattr(contact, key, value)
    contact.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    contact.save()
    ledger_record(
        action="credit.contact.saved", obj=contact, actor=actor, before=before, after=_snapshot(contact)
    )
    return contact
