"""Credit repair (信用修复) of a published penalty — pure rules
(issue 16 §4; 国家发展改革委令第36号《信用修复管理办法》).

* Only a 行政处罚 record can be repaired (a licence is not 失信信息), and only one still in public view
  (`rules.visibility`): an application for a record past
  its publicity, revoked or already repaired is refused.
* Not before the end of the penalty's minimum publicity period: the first possible day is the record's
  `repairable_from`, computed at publication by `rules.publicity` (a general penalty decided on 2026-05-10:
  from 2026-08-11); before it the application is refused and the refusal names that day.
* The application carries the proof that the obligations are fulfilled (罚款已缴纳、已整改:
  a statement and files) and the applicant's 信用承诺 (`COMMITMENT`, accepted explicitly); it is decided by
  the unit that made the decision (谁认定、谁修复) — the record's own unit.
* An approved repair sets `repaired_on`; the one definition of what the public may
  see (`rules.visibility`) then drops the record from every public surface on that day, and the city
  platform is told to withdraw it. The record itself stays in the archive.

    >>> from datetime import date
    >>> refusal(kind="penalty", public=True, repairable_from=date(2026, 8, 11), pending=False,
    ...         today=date(2026, 8, 10))
    ('too_early', datetime.date(2026, 8, 11))
    >>> refusal(kind="penalty", public=True, repairable_from=date(2026, 8, 11), pending=False,
    ...         today=date(2026, 8, 11)) is None
    True
"""

from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class RepairState(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class Channel(StrEnum):
    PUBLIC = "public"  # 网上申请 (the public site, no account)
    STAFF = "staff"  # 窗口录入 (entered by the unit's staff)


STATE_LABELS = {RepairState.SUBMITTED: _("待审核"), RepairState.APPROVED: _("已修复"),
                RepairState.REJECTED: _("不予修复")}
CHANNEL_LABELS = {Channel.PUBLIC: _("网上申请"), Channel.STAFF: _("窗口录入")}

#: the longest text accepted per field (characters), checked by the form and again by the service
LIMITS = {"applicant": 64, "contact": 128, "fulfilled": 2000, "note": 500}
#: proof files per application, and the largest one (bytes)
MAX_PROOFS = 5
MAX_PROOF_BYTES = 10 * 1024 * 1024

#: the 信用承诺 the applicant accepts (published with the withdrawal to the city platform)
COMMITMENT = _(
    "本人（本单位）承诺：已全面履行行政处罚决定规定的义务，已纠正失信行为；所提交的材料真实、准确、完整；"
    "如有虚假，自愿承担相应法律责任，并同意将本承诺的履行情况纳入信用记录。"
)

#: why an application cannot be made now: code → message (the too_early one names the day it becomes possible)
REFUSALS = {
    "not_penalty": _("仅行政处罚信息可以申请信用修复。"),
    "not_public": _("该记录不在公示中，无需申请信用修复。"),
    "pending": _("该记录已有待审核的信用修复申请，请等待公示单位审核。"),
    "too_early": _("最短公示期未满，自 %(day)s 起可以申请信用修复。"),
}


def refusal(*, kind: str, public: bool, repairable_from: date | None, pending: bool,
            today: date) -> tuple[str, date | None] | None:
    """Why a repair cannot be applied for (or approved) on `today`:
    (code, the day it becomes possible or None), or None when it can."""
    if kind != "penalty":
        return "not_penalty", None
    if not public:
        return "not_public", None
    if repairable_from is not None and today < repairable_from:
        return "too_early", repairable_from
    if pending:
        return "pending", None
    return None


def refusal_message(code: str, day: date | None = None) -> str:
    text = REFUSALS[code]
    return str(text) % {"day": day.isoformat()} if day else str(text)
