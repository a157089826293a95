"""Reading 好差评: one case's rating for the public page; the unit's poor ratings for its staff."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhengwu.core.models import ServiceRating
from zhengwu.core.ratings import standard
from zhengwu.core.ratings.standard import State
from zhengwu.org.scoping import get_for_user, scoped


def rating_for(*, system: str, subject: str) -> ServiceRating | None:
    """The rating of one case, or None if not rated yet."""
    return ServiceRating.objects.filter(system=system, subject=subject).first()


def poor_ratings(*, user, state: str = "") -> QuerySet:
    """The 差评 of the units the user sees, open ones first, soonest deadline first."""
    qs = scoped(ServiceRating.objects.select_related("unit"), user).filter(
        level__in=list(standard.POOR_LEVELS)
    )
    if state in {s.value for s in State}:
        qs = qs.filter(state=state)
    return qs.order_by("rectified_at", "rectify_due", "id")


def poor_rating_get(*, user, pk) -> ServiceRating:
    """One 差评 the user may see, or 404 for missing and not-yours alike."""
    return get_for_user(ServiceRating.objects.select_related("unit").filter(
        level__in=list(standard.POOR_LEVELS)), user, pk)


def present(rating: ServiceRating, *, today=None) -> dict:
    """A rating for the page that shows it (the resident's own case page, the unit's list)."""
    today = today or timezone.localdate()
    return {
        "id": rating.pk,
        "level": rating.level,
        "level_label": standard.LEVEL_LABELS[standard.Level(rating.level)],
        "tags": [standard.TAG_BY_CODE[c].label for c in rating.tags if c in standard.TAG_BY_CODE],
        "comment": rating.comment,
        "state": rating.state,
        "state_label": standard.STATE_LABELS[State(rating.state)],
        "poor": standard.is_poor(rating.level),
        "rectify_due": rating.rectify_due,
        "overdue": rating.state == State.TO_RECTIFY
        and rating.rectify_due is not None
        and rating.rectify_due < today,
        "rectification": rating.rectification,
        "follow_up_label": (
            standard.LEVEL_LABELS[standard.Level(rating.follow_up_level)] if rating.follow_up_level else ""
        ),
        "can_follow_up": rating.state == State.RECTIFIED,
    }


def form_context() -> dict:
    """What `core/ratings/_form.html` needs besides its action and ids: the five levels and the tags."""
    return {"rating_levels": [(int(level), label) for level, label in standard.LEVEL_LABELS.items()],
            "positive_tags": standard.POSITIVE_TAGS, "negative_tags": standard.NEGATIVE_TAGS}


def page_context(*, system: str, subject: str, rateable: bool, error=None) -> dict:
    """The 好差评 block of a public outcome page: the rating given (presented) or, when none is given and the
    outcome may be rated, the form; `error` is the refused rating's {message, field, code} to announce."""
    rating = rating_for(system=system, subject=subject)
    return form_context() | {"service_rating": present(rating) if rating else None,
                             "can_service_rate": rating is None and rateable, "rating_error": error}


def level_counts(*, system: str, groups) -> dict[str, dict]:
    """Per group (a subject's part before its first "/", e.g. one 民生微实事 project of many residents'
    ratings): how many ratings of each level, their count and the share of 满意 and 非常满意 (%, one
    decimal). One query; no rater, tag or comment leaves this function (it feeds public pages)."""
    groups = {str(g) for g in groups}
    out = {g: {"count": 0, "levels": {int(level): 0 for level in standard.Level}} for g in groups}
    if not groups:
        return out
    wanted = Q()
    for g in groups:
        wanted |= Q(subject__startswith=g + "/")
    rows = ServiceRating.objects.filter(wanted, system=system).values_list("subject", "level")
    for subject, level in rows.iterator():
        group = subject.split("/", 1)[0]
        if group in out and level in out[group]["levels"]:
            out[group]["count"] += 1
            out[group]["levels"][level] += 1
    for row in out.values():
        good = sum(n for level, n in row["levels"].items() if level in standard.GOOD_LEVELS)
        row["satisfied_share"] = round(100 * good / row["count"], 1) if row["count"] else None
        row["labelled"] = [(str(standard.LEVEL_LABELS[standard.Level(level)]), n)
                           for level, n in sorted(row["levels"].items(), reverse=True)]
    return out
