"""Reading 好差评: one case's rating for the public page; the unit's poor ratings for its staff."""

from django.db.models import QuerySet
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
    qs = scoped(ServiceRating.objects.select_related("unit"), user).filter(level__in=list(standard.POOR_LEVELS))
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
        "overdue": rating.state == State.TO_RECTIFY and rating.rectify_due is not None and rating.rectify_due < today,
        "rectification": rating.rectification,
        "follow_up_label": (standard.LEVEL_LABELS[standard.Level(rating.follow_up_level)]
                            if rating.follow_up_level else ""),
        "can_follow_up": rating.state == State.RECTIFIED,
    }
