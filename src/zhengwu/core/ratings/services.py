"""Writing 好差评: the resident rates and follows up, the unit reports its rectification.

Each function is keyword-only, runs in one transaction and writes one ledger entry. Who may act is
checked here, not only in the views: a rating comes from a resident (an anonymous visitor who proved
the case to the calling system), never from a logged-in member of staff; a rectification comes from a
writing role in the rated unit. Nothing here changes a level, tag or comment once given.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.models import ServiceRating
from zhengwu.core.ratings import standard
from zhengwu.core.ratings.standard import State
from zhengwu.ledger import services as ledger
from zhengwu.org.roles import WRITING_ROLES
from zhengwu.org.scoping import has_role
from zhengwu.workdays.selectors import add_workdays

FIELDS = ["system", "subject", "unit", "level", "tags", "comment", "state", "rectify_due", "rectification",
          "follow_up_level", "follow_up_tags", "follow_up_comment"]


def _refuse_staff(rater) -> None:
    if getattr(rater, "is_authenticated", False):
        raise ApplicationError(
            _("工作人员不能代群众评价，也不能修改群众的评价。请退出登录后由群众本人评价。"),
            code="staff_cannot_rate",
            status=403,
        )


def rating_submit(*, system: str, subject: str, unit, level, tags=(), comment: str = "",
                  rater=None) -> ServiceRating:
    """The resident's one rating of a case (`system`, `subject`), handled by `unit`.

    A 差评 (不满意, 非常不满意) gets a rectification deadline: SERVICE_RATING_RECTIFY_WORKDAYS working
    days from today on the calendar. A second rating of the same case is refused (already_rated)."""
    _refuse_staff(rater)
    level, tags, comment = standard.clean_rating(level=level, tags=tags, comment=comment)
    now = timezone.now()
    poor = standard.is_poor(level)
    rating = ServiceRating(
        system=system,
        subject=subject,
        unit=unit,
        level=int(level),
        tags=tags,
        comment=comment,
        created_at=now,
        state=State.TO_RECTIFY if poor else State.RATED,
        rectify_due=add_workdays(timezone.localdate(now), setting("SERVICE_RATING_RECTIFY_WORKDAYS"))
        if poor
        else None,
    )
    try:
        with transaction.atomic():
            rating.save()
            ledger.record(action="core.rating.submitted", obj=rating, actor=ledger.PUBLIC,
                          after=ledger.snapshot(rating, FIELDS), note=str(standard.LEVEL_LABELS[level]))
    except IntegrityError:  # the unique constraint: rated already (perhaps a moment ago, in another tab)
        raise ApplicationError(
            _("该办件已经评价过，每件只能评价一次。"), code="already_rated", status=409
        ) from None
    return rating


def rating_rectify(rating: ServiceRating, *, actor, note: str) -> ServiceRating:
    """The unit reports how it rectified a 差评; the resident may then give a follow-up rating."""
    if not getattr(actor, "is_authenticated", False) or not has_role(actor, rating.unit_id, WRITING_ROLES):
        raise PermissionDenied(_("只有承办单位的工作人员可以填报整改情况。"))
    note = standard.clean_note(note)
    with transaction.atomic():
        current = ServiceRating.objects.select_for_update().get(pk=rating.pk)
        if current.state != State.TO_RECTIFY:
            raise ApplicationError(_("该评价不在待整改状态（当前：%(state)s）。")
                                   % {"state": standard.STATE_LABELS[State(current.state)]},
                                   code="not_to_rectify", status=409)
        before = ledger.snapshot(current, FIELDS)
        current.state, current.rectification = State.RECTIFIED, note
        current.rectified_at, current.rectified_by = timezone.now(), actor
        current.save(update_fields=["state", "rectification", "rectified_at", "rectified_by"])
        ledger.record(action="core.rating.rectified", obj=current, actor=actor, before=before,
                      after=ledger.snapshot(current, FIELDS))
    return current


def rating_follow_up(
    rating: ServiceRating, *, level, tags=(), comment: str = "", rater=None
) -> ServiceRating:
    """The resident's one rating of the rectification (整改回访评价), after the unit reported it."""
    _refuse_staff(rater)
    level, tags, comment = standard.clean_rating(level=level, tags=tags, comment=comment)
    with transaction.atomic():
        current = ServiceRating.objects.select_for_update().get(pk=rating.pk)
        if current.state != State.RECTIFIED:
            raise ApplicationError(_("现在不能进行回访评价：承办单位尚未填报整改情况，或您已评价。"),
                                   code="not_rectified", status=409)
        before = ledger.snapshot(current, FIELDS)
        current.state, current.follow_up_level = State.FOLLOWED_UP, int(level)
        current.follow_up_tags, current.follow_up_comment = tags, comment
        current.followed_up_at = timezone.now()
        current.save(update_fields=["state", "follow_up_level", "follow_up_tags", "follow_up_comment",
                                    "followed_up_at"])
        ledger.record(action="core.rating.followed_up", obj=current, actor=ledger.PUBLIC, before=before,
                      after=ledger.snapshot(current, FIELDS), note=str(standard.LEVEL_LABELS[level]))
    return current


def rating_give(*, system: str, subject: str, unit, rateable: bool, level, tags=(), comment: str = "",
                rater=None) -> ServiceRating:
    """What a public outcome page's one rating form does: the first rating of the case when none is given
    (and the outcome may be rated: `rateable`, else not_rateable), else the follow-up rating of the
    rectified 差评 (else not_rectified). Staff are refused either way."""
    _refuse_staff(rater)
    rating = ServiceRating.objects.filter(system=system, subject=subject).first()
    if rating is None:
        if not rateable:
            raise ApplicationError(_("办理结果出来后才能评价。"), code="not_rateable", status=409)
        return rating_submit(
            system=system, subject=subject, unit=unit, level=level, tags=tags, comment=comment, rater=rater
        )
    return rating_follow_up(rating, level=level, tags=tags, comment=comment, rater=rater)
