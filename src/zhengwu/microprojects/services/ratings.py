"""好差评 of a completed project (国办发〔2019〕51号) through core.ratings: one rating per verified person.

The street, which commissions the 满意度测评 (§六(四)), hands 评价码 to the people it asks — one code per
person (`rating_codes_issue`, shown once, stored as digests). A resident proves the code on the project's
public page (`rating_code_check`, limited per client by core.throttle) and rates the project once
(`project_rate`): the national five levels and tags of core.ratings, nothing of our own. A 差评 goes to the
project's community with a rectification deadline on the working-day calendar; the resident comes back with
the same code for the follow-up rating. The public page shows the counts per level beside the third
party's survey figure (selectors.public); no rater, tag or comment is public.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import throttle
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.models import ServiceRating
from zhengwu.core.ratings import services as ratings
from zhengwu.core.ratings import standard as rating_standard
from zhengwu.core.tokens import token_hash
from zhengwu.ledger.services import PUBLIC, record
from zhengwu.microprojects.models import Project, RatingCode
from zhengwu.microprojects.services.common import allow, street_of

RATING_SYSTEM = "microprojects"
MAX_CODES = 500  # codes one issue hands out (a community survey asks a few hundred people at most)


def rating_subject(project: Project, code: RatingCode) -> str:
    """The core.ratings case: one per project and code ("<project>/<code>"; the project is its group)."""
    return f"{project.pk}/{code.pk}"


def rateable(project: Project) -> bool:
    """A project is rated on its public outcome: once completed (完工) and public (its notice published)."""
    return project.completed_on is not None and hasattr(project, "notice")


def rating_codes_issue(*, project: Project, count, actor) -> list[str]:
    """`count` fresh 评价码 of a completed project, returned in clear this once (for printing); the street's
    evaluating roles only. Ledger: how many, never the codes."""
    allow(actor, "project.evaluate", street_of(project))
    if not rateable(project):
        raise ApplicationError(_("项目完工并公示后才能发放评价码。"), code="not_completed", field="count")
    try:
        count = int(str(count).strip())
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= MAX_CODES:
        raise ApplicationError(_("每次发放 1 至 %(n)s 个评价码。") % {"n": MAX_CODES}, code="invalid_count",
                               field="count")
    now = timezone.now()
    codes = set()
    while len(codes) < count:
        codes.add(rating_standard.new_code())
    codes = sorted(codes)
    with transaction.atomic():
        RatingCode.objects.bulk_create([RatingCode(project=project, digest=token_hash(c), issued_at=now,
                                                   issued_by=actor) for c in codes])
        record(action="microprojects.project.rating_codes_issued", obj=project, actor=actor,
               after={"project": project.pk, "count": count,
                      "issued": RatingCode.objects.filter(project=project).count()})
    return codes


def _checks(client: str) -> list[throttle.Check]:
    limits = setting("MICROPROJECTS_RATING_CODE_LIMITS")
    return [throttle.Check("microprojects.rating_code.client", client, most=limits["client_most"],
                           label="#" + throttle.digest("microprojects.rating_code", client)[:8]),
            throttle.Check("microprojects.rating_code.all", "*", most=limits["all_most"], label="*")]


def rating_code_check(*, project: Project, code: str, client: str) -> RatingCode | None:
    """The project's 评价码 typed by a resident, or None (a wrong code is counted against the client and
    all clients; past the limit `throttle.Throttled`, 429, and staff are alerted)."""
    checks = _checks(client)
    throttle.guard(
        checks,
        form="microprojects.rating_code",
        refused_message=lambda _check, wait: _("尝试过于频繁，请在 %(wait)s后再试。") % {"wait": wait},
    )
    canonical = rating_standard.normalise_code(code)
    found = (
        RatingCode.objects.filter(project=project, digest=token_hash(canonical)).first()
        if canonical
        else None
    )
    if found is None:
        throttle.hit(checks)
    return found


def project_rate(*, project: Project, code: RatingCode, level, tags=(), comment: str = "",
                 rater=None) -> ServiceRating:
    """The code holder's 好差评 of the project, or the follow-up rating of their rectified 差评 (core.ratings:
    one per code, staff refused; a 差评 goes to the project's community with a working-day deadline)."""
    if code.project_id != project.pk:
        raise ApplicationError(_("评价码与项目不符。"), code="wrong_code", field="code", status=403)
    with transaction.atomic():
        current = RatingCode.objects.select_for_update().get(pk=code.pk)
        rating = ratings.rating_give(system=RATING_SYSTEM, subject=rating_subject(project, current),
                                     unit=project.unit, rateable=rateable(project), level=level, tags=tags,
                                     comment=comment, rater=rater)
        if current.used_at is None:
            current.used_at = timezone.now()
            current.save(update_fields=["used_at"])
            record(action="microprojects.project.rated", obj=project, actor=PUBLIC,
                   after={"project": project.pk, "code": current.pk, "rating": rating.pk})
    return rating
