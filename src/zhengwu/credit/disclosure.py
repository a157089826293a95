"""What the public sees of a 双公示 record — pure rules over plain values, no ORM (issue 5 §4 and §8).

There are two representations of a record, on purpose, and they must not be confused:

* the **push row** (`services.publication.push_row`) — the *full* standard record, ID numbers included,
  for the city's portal and public credit information platform. Those are government systems that
  need the identifiers to link records to people and companies; they do their own masking.
* the **public view** (this module, used by `selectors.public`) — what anyone may read on the district
  portal, the JSON API and the embedded lists. Personal data is protected here:

  - for a natural person (自然人) the ID number, addresses and contact details are *removed* (never shown
    partly), the name is shown masked (张*明) — also where it appears inside free text;
  - every text value shown passes `scrub_text` (phone and ID numbers, e-mail addresses inside free text
    are removed);
  - the 居民身份证号 field is never public, not even for legal persons (there it is the legal
    representative's ID number);
  - a legal person's 法定代表人 name **is** shown, as the national platforms (信用中国, 国家企业信用信息公示
    系统) do: it is registered, public information of the enterprise.

    >>> public_name("张三明", natural_person=True)
    '张*明'
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zhengwu.core.privacy import mask_person_name, scrub_text
from zhengwu.credit.standard import Standard, standard_for

STATUS_PUBLIC_LABELS = {"0": _("正常"), "2": _("异议中"), "3": _("其他")}

#: never public, whoever the counterparty is: ID numbers, licence images, application serial numbers
NEVER_PUBLIC = frozenset({"XK_XDR_SFZ", "CF_XDR_SFZ", "ZZTP", "SBLSH"})
#: removed when the counterparty is a natural person: addresses and the codes of organisations
NATURAL_PERSON_REMOVED = frozenset({
    "ZCDZ", "JYDZ", "QYDZ",
    "XK_XDR_SHXYM", "XK_XDR_ZDM", "XK_XDR_GSDJ", "XK_XDR_SWDJ", "XK_FR",
    "CF_XDR_SHXYM", "CF_XDR_ZDM", "CF_XDR_GSDJ", "CF_XDR_SWDJ", "CF_FR",
})


@dataclass(frozen=True)
class PublicField:
    code: str
    name: str
    value: str


def public_name(name: str, *, natural_person: bool) -> str:
    """The counterparty's name as shown publicly: masked for a natural person, scrubbed otherwise."""
    return mask_person_name(name) if natural_person else public_text(name)


#: everything `scrub_text` removes has an "@" or six digits in a row (single spaces/hyphens allowed between)
_MAYBE_PERSONAL = re.compile(r"@|\d(?:[\s\-\u00a0]?\d){5}")


def public_text(text, *, person_name: str = "") -> str:
    """Any text value shown publicly: the person's full name replaced by its mask, then scrubbed."""
    if text is None:
        return ""
    text = str(text)
    if person_name and len(person_name) >= 2 and person_name in text:
        text = text.replace(person_name, mask_person_name(person_name))
    if not _MAYBE_PERSONAL.search(text):
        return text  # fast path: nothing scrub_text could remove (lists render thousands of short values)
    return scrub_text(text)


def is_public_field(code: str, *, natural_person: bool) -> bool:
    """Whether a standard field may appear on a public page for this kind of counterparty."""
    if code in NEVER_PUBLIC:
        return False
    return not (natural_person and code in NATURAL_PERSON_REMOVED)


def public_fields(*, kind: str, data: dict, natural_person: bool) -> list[PublicField]:
    """The standard fields of a record that may be shown, in the standard's order, each made safe.

    Empty values are left out; the subject's name is masked for a natural person.
    """
    std: Standard = standard_for(kind)
    person = (data.get(std.subject) or "") if natural_person else ""
    out = []
    for f in std.fields:
        if not is_public_field(f.code, natural_person=natural_person):
            continue
        value = data.get(f.code)
        if value in (None, ""):
            continue
        if f.code == std.subject:
            shown = public_name(str(value), natural_person=natural_person)
        else:
            shown = public_text(value, person_name=person)
        out.append(PublicField(f.code, f.name, shown))
    return out


def status_label(status: str) -> str:
    """当前状态 as shown publicly (2 = 异议中); revoked records (1) are never shown."""
    return str(STATUS_PUBLIC_LABELS.get(status or "0", STATUS_PUBLIC_LABELS["0"]))

