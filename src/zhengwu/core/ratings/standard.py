"""The national 好差评 scale and tags as data, and the pure rules over them (no ORM, no request).

Levels: the five of 国办发〔2019〕51号 (非常满意 … 非常不满意); 不满意 and 非常不满意 are 差评.
Tags: one positive and one negative per indicator of the national evaluation content (online:
整体满意度, 办事效率, 办事指南精确度, 办事便捷度, 平台操作性; at a counter or by phone: 服务效率,
服务水平, 服务态度). The page shows the positive tags for 满意 and 非常满意, the negative ones for
基本满意 and below ("评价内容根据不同的评价等级分级展示"); the wording of each tag is ours.
"""

import secrets
import unicodedata
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhengwu.core.errors import ApplicationError


class Level(IntEnum):
    VERY_SATISFIED = 5
    SATISFIED = 4
    BASICALLY_SATISFIED = 3
    UNSATISFIED = 2
    VERY_UNSATISFIED = 1


LEVEL_LABELS = {
    Level.VERY_SATISFIED: _("非常满意"),
    Level.SATISFIED: _("满意"),
    Level.BASICALLY_SATISFIED: _("基本满意"),
    Level.UNSATISFIED: _("不满意"),
    Level.VERY_UNSATISFIED: _("非常不满意"),
}
#: 差评: the unit must rectify and the resident is asked again
POOR_LEVELS = frozenset({Level.UNSATISFIED, Level.VERY_UNSATISFIED})
#: levels that take the positive tags; the others take the negative ones
GOOD_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED})
#: working days a unit has to rectify a 差评 unless SERVICE_RATING_RECTIFY_WORKDAYS says otherwise
RECTIFY_WORKDAYS = 15
MAX_COMMENT = 500
MAX_NOTE = 1000
MIN_POOR_REASON = 4  # characters of comment that count as a reason when no tag is chosen


@dataclass(frozen=True)
class Tag:
    code: str
    indicator: str  # the national indicator it belongs to
    label: str
    positive: bool


TAGS = (
    Tag("efficient", _("办事效率"), _("办理及时"), True),
    Tag("clear", _("办事指南精确度"), _("告知清楚准确"), True),
    Tag("convenient", _("办事便捷度"), _("反映和查询方便"), True),
    Tag("easy_to_use", _("平台操作性"), _("页面简单好用"), True),
    Tag("courteous", _("服务态度"), _("态度热情耐心"), True),
    Tag("solved", _("服务水平"), _("问题得到解决"), True),
    Tag("slow", _("办事效率"), _("办理拖延"), False),
    Tag("unclear", _("办事指南精确度"), _("告知不清楚"), False),
    Tag("inconvenient", _("办事便捷度"), _("反映和查询不方便"), False),
    Tag("hard_to_use", _("平台操作性"), _("页面难以操作"), False),
    Tag("discourteous", _("服务态度"), _("态度生硬"), False),
    Tag("unsolved", _("服务水平"), _("问题没有解决"), False),
)
TAG_BY_CODE = {t.code: t for t in TAGS}
POSITIVE_TAGS = tuple(t for t in TAGS if t.positive)
NEGATIVE_TAGS = tuple(t for t in TAGS if not t.positive)


class State(StrEnum):
    RATED = "rated"  # a good or middling rating: nothing more to do
    TO_RECTIFY = "to_rectify"  # 差评: waiting for the unit's rectification
    RECTIFIED = "rectified"  # the unit reported; waiting for the resident's follow-up rating
    FOLLOWED_UP = "followed_up"  # the resident rated the rectification


STATE_LABELS = {
    State.RATED: _("已评价"),
    State.TO_RECTIFY: _("待整改"),
    State.RECTIFIED: _("已整改，待回访评价"),
    State.FOLLOWED_UP: _("已回访评价"),
}


def is_poor(level: int) -> bool:
    return level in POOR_LEVELS


def parse_level(value) -> Level:
    """The level from a form value ("1"–"5"), else ApplicationError naming the field."""
    try:
        return Level(int(str(value).strip()))
    except (TypeError, ValueError):
        raise ApplicationError(gettext("请选择评价等级（非常满意、满意、基本满意、不满意或非常不满意）。"),
                               code="invalid_level", field="level") from None


def clean_rating(*, level, tags=(), comment: str = "") -> tuple[Level, list[str], str]:
    """(level, tags, comment) checked: a known level; tags known and of the level's kind (the positive
    ones for 满意/非常满意, the negative ones otherwise); a 差评 says why (a tag or a few words)."""
    level = parse_level(level)
    codes = []
    for code in tags or ():
        tag = TAG_BY_CODE.get(str(code))
        if tag is None:
            raise ApplicationError(
                gettext("评价标签“%(tag)s”不存在。") % {"tag": str(code)[:20]},
                code="invalid_tag",
                field="tags",
            )
        if tag.positive != (level in GOOD_LEVELS):
            raise ApplicationError(
                gettext("评价标签“%(tag)s”与所选等级“%(level)s”不符。")
                % {"tag": tag.label, "level": LEVEL_LABELS[level]},
                code="tag_not_for_level",
                field="tags",
            )
        if tag.code not in codes:
            codes.append(tag.code)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ApplicationError(
            gettext("评价意见最多 %(n)s 个字。") % {"n": MAX_COMMENT}, code="too_long", field="comment"
        )
    if is_poor(level) and not codes and len(comment) < MIN_POOR_REASON:
        raise ApplicationError(gettext("给出不满意评价时，请选择至少一个原因或写下意见，以便承办单位整改。"),
                               code="reason_required", field="tags")
    return level, codes, comment


def clean_note(note: str) -> str:
    """The unit's rectification report: required, at most MAX_NOTE characters."""
    note = (note or "").strip()
    if len(note) < MIN_POOR_REASON:
        raise ApplicationError(gettext("请写明整改情况。"), code="required", field="note")
    if len(note) > MAX_NOTE:
        raise ApplicationError(
            gettext("整改情况最多 %(n)s 个字。") % {"n": MAX_NOTE}, code="too_long", field="note"
        )
    return note


# --- Proof codes (查询码 / 评价码) ------------------------------------------------------------------------
# A resident proves a case to a system that has no phone number to match (a 双公示 objection's 查询码, a
# 民生微实事 project's 评价码) with a random code handed over once: 12 characters from an alphabet without
# look-alikes (0/O, 1/I/L), about 59 bits, typed in groups of four; the database keeps only its digest.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_code() -> str:
    """A fresh proof code, "ABCD-EFGH-JKMN" (shown to the resident once, never stored in clear)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(value) -> str:
    """The code as typed (spaces, dashes, lower case, full-width forms) → its canonical form, or "" when it
    cannot be one (wrong length or characters): a bad code never reaches the database."""
    text = unicodedata.normalize("NFKC", str(value or ""))[:64].upper()
    raw = "".join(ch for ch in text if ch not in " -_\t")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))
