"""群众评议 (§一(三) 更加注重改革的第三方评估和群众评议; issue 19 §5): residents rate published reform items.

A verified person is one holding a 评议码: the reform office hands codes out for a period
(`rating_codes_issue`, one per person, shown once and stored as digests — the same shape as 民生微实事's
评价码). On the public page the resident types the code (`rating_code_check`, wrong codes limited per
client and over all clients by core.throttle) and rates any item whose progress the reform office
published, 1–5, once per item with that code (`item_rate`): one rating per verified person per item and
period. The ratings count in the assessment as the `public_rating` component of the item's lead unit (the
unit that filed its plan). Nothing about the rater is stored besides the code's digest; the ledger names
the code's number, never the code.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import throttle
from zhengwu.core.conf import setting
from zhengwu.core.ratings import standard as rating_standard
from zhengwu.core.tokens import token_hash
from zhengwu.ledger.services import PUBLIC, record
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import Plan, PublicRating, RatingCode
from zhengwu.reforms.standard import ITEM_NUMBERS, RATING_MAX, RATING_MIN, REFORM_OFFICE

MAX_CODES = 1000  # codes one issue hands out (a survey of a few hundred residents per street)


def rating_codes_issue(*, count, period_start: date, period_end: date, actor) -> list[str]:
    """`count` fresh 评议码 valid for [period_start, period_end], in clear this once; the reform office only.
    Ledger: how many and the period, never the codes."""
    office = Unit.objects.get(code=REFORM_OFFICE)
    require_role(actor, office, permissions.roles_for("plan.verify"))
    try:
        count = int(str(count).strip())
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= MAX_CODES:
        raise rules.RuleError(_("每次发放 1 至 %(n)s 个评议码。") % {"n": MAX_CODES}, code="invalid_count",
                              field="count")
    if period_end < period_start:
        raise rules.RuleError(_("评议期止早于评议期起。"), code="bad_period", field="period_end")
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(rating_standard.new_code())
    now = timezone.now()
    with transaction.atomic():
        RatingCode.objects.bulk_create([RatingCode(digest=token_hash(c), period_start=period_start,
                                                   period_end=period_end, issued_at=now, issued_by=actor)
                                        for c in sorted(codes)])
        record(action="reforms.rating_codes.issued", obj=office, actor=actor,
               after={"count": count, "period_start": period_start.isoformat(),
                      "period_end": period_end.isoformat()})
    return sorted(codes)


def _checks(client: str) -> list[throttle.Check]:
    limits = setting("REFORMS_RATING_CODE_LIMITS")
    return [throttle.Check("reforms.rating_code.client", client, most=limits["client_most"],
                           label="#" + throttle.digest("reforms.rating_code", client)[:8]),
            throttle.Check("reforms.rating_code.all", "*", most=limits["all_most"], label="*")]


def rating_code_check(*, code: str, client: str) -> RatingCode | None:
    """The 评议码 typed by a resident, or None (a wrong code is counted against the client and all clients;
    past the limit `throttle.Throttled`, 429)."""
    checks = _checks(client)
    throttle.guard(
        checks,
        form="reforms.rating_code",
        refused_message=lambda _check, wait: _("尝试过于频繁，请在 %(wait)s后再试。") % {"wait": wait},
    )
    canonical = rating_standard.normalise_code(code)
    found = RatingCode.objects.filter(digest=token_hash(canonical)).first() if canonical else None
    if found is None:
        throttle.hit(checks)
    return found


def item_rate(*, code: RatingCode, number, score, on: date) -> PublicRating:
    """The code holder's rating of a published item, once
    per item with this code, within the code's period."""
    try:
        number = int(str(number).strip())
    except (TypeError, ValueError):
        number = 0
    if number not in ITEM_NUMBERS:
        raise rules.RuleError(_("请选择改革事项（1–42）。"), code="unknown_item", field="item_number")
    try:
        value = int(str(score).strip())
    except (TypeError, ValueError):
        value = 0
    if not RATING_MIN <= value <= RATING_MAX:
        raise rules.RuleError(_("评分应为 %(a)s 到 %(b)s 的整数。") % {"a": RATING_MIN, "b": RATING_MAX},
                              code="score_out_of_range", field="score")
    if not code.period_start <= on <= code.period_end:
        raise rules.RuleError(
            _("该评议码的评议期为 %(a)s 至 %(b)s。") % {"a": code.period_start, "b": code.period_end},
            code="code_out_of_period",
            field="code",
        )
    if not Plan.objects.filter(item_number=number, published=True).exists():
        raise rules.RuleError(_("第 %(n)s 项改革事项的进展尚未公开，暂不能评议。") % {"n": number},
                              code="not_published", field="item_number")
    try:
        with transaction.atomic():
            rating = PublicRating.objects.create(code=code, item_number=number, score=value, rated_on=on)
            record(action="reforms.item.rated", obj=rating, actor=PUBLIC,
                   after={"item_number": number, "score": value, "code": code.pk, "rated_on": on.isoformat()})
    except IntegrityError:
        raise rules.RuleError(_("您已评议过第 %(n)s 项改革事项（每项每期一次）。") % {"n": number},
                              code="already_rated", field="item_number") from None
    return rating
