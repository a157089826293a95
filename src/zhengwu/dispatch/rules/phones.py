"""The reporter's phone number: normalised, checked, compared (the citizen's proof for lookup and
rating) and masked — personal data is never shown in full on public pages.

    >>> mask_phone("13812345678")
    '138****5678'
"""

import re

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.standard import PHONE_DIGITS

_DIGITS = re.compile(r"\D+")


def normalise_phone(phone: str) -> str:
    """Digits only (spaces, dashes and a +86 prefix removed)."""
    digits = _DIGITS.sub("", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def check_phone(value: str, *, required: bool, field: str = "reporter_phone") -> str:
    """The normalised number; ApplicationError `required` when missing and required, `phone` when it
    is not 7–12 digits."""
    phone = normalise_phone(value)
    if not phone:
        if required:
            raise ApplicationError(_("请填写联系电话，用于查询办理进度。"), field=field, code="required")
        return ""
    low, high = PHONE_DIGITS
    if not low <= len(phone) <= high:
        raise ApplicationError(_("联系电话格式不正确：应为 7–12 位数字。"), field=field, code="phone")
    return phone


def phone_matches(given: str, stored: str) -> bool:
    """Whether `given` is the stored reporter's number, however either is written.

    >>> phone_matches("138-1234-5678", "+86 13812345678"), phone_matches("", "")
    (True, False)
    """
    given = normalise_phone(given)
    return bool(given) and bool(stored) and given == normalise_phone(stored)


def mask_phone(phone: str) -> str:
    """138****5678 — a mobile number's middle hidden; a landline
    keeps its last 4 digits, a short one its last 2."""
    digits = normalise_phone(phone)
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) >= 7:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * max(len(digits) - 2, 0) + digits[-2:]
