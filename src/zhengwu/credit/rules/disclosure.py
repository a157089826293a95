"""What the public sees of a 双公示 record — pure rules over
plain values, no ORM (issue 5 §4 and §8, issue 12 §2).

This module is the ONE place where disclosure is decided. Every surface takes its values from here:
the HTML pages, their JSON twins, the JSON API and the embedded lists (through `selectors.public.present`
/ `present_row`) and the push to the city's platforms (through `services.publication.push_row` →
`push_values`). A future export must do the same.

* the **public view** (`public_fields`, `public_text`, `public_name`) — what anyone may read:

  - for a natural person (自然人) the ID number, addresses and codes are *removed* (never shown partly),
    the name is shown masked (张*明);
  - every text value shown passes `core.privacy.scrub_text` with the record's own values
    (`known_values`): a natural person's name (masked), ID number, codes and address — also a part of the
    address such as 东门中路142号 — are removed wherever they appear, in any field (许可内容, 处罚事由 …),
    matched after folding full-width characters and separators; phone and ID numbers and e-mail addresses
    of anyone are removed by pattern;
  - the 居民身份证号 field is never public, not even for legal persons (there it is the legal
    representative's ID number, which is also removed from their free text by value);
  - a legal person's 法定代表人 name and address **are** shown, as the national platforms (信用中国,
    国家企业信用信息公示系统) do: they are registered, public information of the enterprise.

* the **push row** (`push_values`) — the standard record for 市政府门户网站 and 市公共信用信息管理系统, which
  publish it centrally: the identity of the counterparty as recorded (名称 and the 身份代码 fields, which the
  seed lists among the 公示内容 and which the credit platform needs to link records), every other public field
  with exactly the value published here, and a natural person's addresses left out (they are not 公示内容).

    >>> public_name("张三明", natural_person=True)
    '张*明'
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zhengwu.core import privacy
from zhengwu.core.privacy import mask_person_name, scrub_text
from zhengwu.credit.rules.visibility import catalog_allows
from zhengwu.credit.standard import Standard, standard_for

STATUS_PUBLIC_LABELS = {"0": _("正常"), "2": _("异议中"), "3": _("其他")}

#: never public, whoever the counterparty is: ID numbers, licence images, application serial numbers
NEVER_PUBLIC = frozenset({"XK_XDR_SFZ", "CF_XDR_SFZ", "ZZTP", "SBLSH"})
#: the address fields of the two standards (an organisation's addresses are public, a person's are not)
ADDRESSES = frozenset({"ZCDZ", "JYDZ", "QYDZ"})
#: removed when the counterparty is a natural person: addresses and the codes of organisations
NATURAL_PERSON_REMOVED = ADDRESSES | frozenset({
    "XK_XDR_SHXYM", "XK_XDR_ZDM", "XK_XDR_GSDJ", "XK_XDR_SWDJ", "XK_FR",
    "CF_XDR_SHXYM", "CF_XDR_ZDM", "CF_XDR_GSDJ", "CF_XDR_SWDJ", "CF_FR",
})


#: the fields pushed whatever the catalog says (the `Standard` roles): the receiver's row key, 当前状态 (a
#: revocation must reach it) and the update time stamp
PUSH_ALWAYS = ("key", "status", "timestamp")


@dataclass(frozen=True)
class PublicField:
    code: str
    name: str
    value: str


def known_values(kind: str, data: dict, *, natural_person: bool) -> privacy.Known:
    """The record's own personal values, removed from every published text wherever they appear.

    A natural person: the name (and a 法定代表人 name, should one be filled in) shown masked; the ID
    number and every code; each address, in parts. A legal person: the legal representative's ID number.
    """
    std = standard_for(kind)

    def value(code: str) -> str:
        return str(data.get(code) or "")

    if not natural_person:
        return privacy.known_values(numbers=(value(std.id_number),))
    return privacy.known_values(
        names=(value(std.subject), value(std.legal_rep)),
        numbers=tuple(value(c) for c in (std.id_number, *std.legal_codes, std.tax_code)),
        addresses=tuple(value(f.code) for f in std.fields if f.code in ADDRESSES))


def public_name(name: str, *, natural_person: bool) -> str:
    """The counterparty's name as shown publicly: masked for a natural person, scrubbed otherwise."""
    return mask_person_name(name) if natural_person else public_text(name)


def public_text(text, *, known: privacy.Known | None = None) -> str:
    """Any text value shown publicly: the record's own values (`known`) and personal patterns removed."""
    if text is None:
        return ""
    return scrub_text(str(text), known)


def is_public_field(code: str, *, natural_person: bool, catalog=()) -> bool:
    """Whether a standard field may appear on a public page for this kind of counterparty and, with `catalog`
    (the 可公示的信息项 of the record's catalog item; empty
    = all), whether the catalog lets it be published."""
    if code in NEVER_PUBLIC or not catalog_allows(code, catalog):
        return False
    return not (natural_person and code in NATURAL_PERSON_REMOVED)


def public_fields(*, kind: str, data: dict, natural_person: bool, catalog=()) -> list[PublicField]:
    """The standard fields of a record that may be shown, in the standard's order, each made safe.

    Empty values are left out; the subject's name is masked for a natural person; with `catalog` only the
    fields the catalog item lets the public see.
    """
    std: Standard = standard_for(kind)
    known = known_values(kind, data, natural_person=natural_person)
    out = []
    for f in std.fields:
        if not is_public_field(f.code, natural_person=natural_person, catalog=catalog):
            continue
        value = data.get(f.code)
        if value in (None, ""):
            continue
        if f.code == std.subject:
            shown = public_name(str(value), natural_person=natural_person)
        else:
            shown = public_text(value, known=known)
        out.append(PublicField(f.code, f.name, shown))
    return out


def push_values(*, kind: str, data: dict, natural_person: bool, catalog=()) -> dict:
    """The standard record pushed to the city's platforms (every field code; empty values as recorded).

    Identity as recorded (名称, 身份代码 fields, 法定代表人), fields that are never public
    (申办流水号, 许可图片) as recorded, a natural person's addresses None, every other field exactly as
    published (`public_text`). A field the catalog item's 可公示的信息项 (`catalog`) leave out is None —
    except the row's key, 当前状态 and 数据更新时间戳 (`PUSH_ALWAYS`), without which the receiver cannot
    store, withdraw or order the row.
    """
    std: Standard = standard_for(kind)
    known = known_values(kind, data, natural_person=natural_person)
    identity = {std.subject, std.id_number, std.tax_code, std.legal_rep, *std.legal_codes}
    always = {getattr(std, role) for role in PUSH_ALWAYS}
    out = {}
    for f in std.fields:
        value = data.get(f.code)
        if f.code not in always and not catalog_allows(f.code, catalog):
            out[f.code] = None
        elif natural_person and f.code in ADDRESSES:
            out[f.code] = None
        elif (
            value in (None, "")
            or f.code in identity
            or not is_public_field(f.code, natural_person=natural_person)
        ):
            out[f.code] = value
        else:
            out[f.code] = public_text(value, known=known) if isinstance(value, str) else value
    return out


def status_label(status: str) -> str:
    """当前状态 as shown publicly (2 = 异议中); revoked records (1) are never shown."""
    return str(STATUS_PUBLIC_LABELS.get(status or "0", STATUS_PUBLIC_LABELS["0"]))

