"""Reads for the workflow pages: to-do counts, review queue, due soon / overdue, objections, campaigns.

Every list starts from `org.scoping.scoped`; role-specific lists narrow further to the units where
the user holds that role (`units_for(user, roles)`).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhengwu.credit import permissions
from zhengwu.credit.models import Campaign, ConfidentialityReview, Objection, Record
from zhengwu.credit.rules import timeliness
from zhengwu.credit.rules import workflow as wr
from zhengwu.credit.rules.workflow import PUBLISHED_STATES, UNPUBLISHED
from zhengwu.credit.selectors.visibility import public_record_for_objection
from zhengwu.org.models import Unit
from zhengwu.org.scoping import get_for_user, scoped, units_for
from zhengwu.workdays.selectors import calendar as workday_calendar

__all__ = ["public_record_for_objection"]  # re-exported: the objection form's record (selectors.visibility)

PUBLIC_STATES = tuple(sorted(PUBLISHED_STATES))
SUBMITTABLE = tuple(s.value for s in wr.sources(wr.Transition.SUBMIT))


def _records(user) -> QuerySet:
    return scoped(Record.objects.select_related("unit"), user)


def due_soon_until(today: date, *, calendar=None) -> date:
    """The last due date that still counts as “due soon” on `today` (≤ 2 working days left)."""
    return timeliness.due_soon_until(today, calendar=calendar or workday_calendar())


def records_to_submit(*, user) -> QuerySet:
    """Records an operator can send to review: imported,
    draft or rejected, in the units where they operate."""
    units = units_for(user, permissions.roles_for("record.submit"))
    return _records(user).filter(unit__in=units, state__in=SUBMITTABLE).order_by("due_on", "id")


def review_queue(*, user) -> QuerySet:
    """Submitted records awaiting the confidentiality review in the units where the user is a reviewer."""
    units = units_for(user, permissions.roles_for("record.review"))
    return (
        _records(user)
        .filter(unit__in=units, state=Record.State.SUBMITTED)
        .order_by("due_on", "submitted_at", "id")
    )


def records_due_soon(*, user, today: date | None = None) -> QuerySet:
    """Unpublished records with ≤ 2 working days left."""
    today = today or timezone.localdate()
    return _records(user).filter(state__in=UNPUBLISHED, due_on__gte=today,
                                 due_on__lte=due_soon_until(today)).order_by("due_on", "id")


def records_overdue(*, user, today: date | None = None) -> QuerySet:
    """Unpublished records past their due date."""
    today = today or timezone.localdate()
    return _records(user).filter(state__in=UNPUBLISHED, due_on__lt=today).order_by("due_on", "id")


@dataclass(frozen=True)
class UnitTodo:
    unit: Unit
    to_submit: int
    rejected: int
    awaiting_review: int
    due_soon: int
    overdue: int
    objections_open: int


def todo_counts(*, user, today: date | None = None) -> list[UnitTodo]:
    """Per visible unit with something to do: the counts an operator / reviewer / leader acts on."""
    today = today or timezone.localdate()
    soon = due_soon_until(today)
    rows = (_records(user).values("unit").annotate(
        to_submit=Count("id", filter=Q(state__in=SUBMITTABLE)),
        rejected=Count("id", filter=Q(state=Record.State.REJECTED)),
        awaiting_review=Count("id", filter=Q(state=Record.State.SUBMITTED)),
        due_soon=Count("id", filter=Q(state__in=UNPUBLISHED, due_on__gte=today, due_on__lte=soon)),
        overdue=Count("id", filter=Q(state__in=UNPUBLISHED, due_on__lt=today)),
    ).order_by())
    objections = dict(
        scoped(Objection.objects.filter(state__in=Objection.UNANSWERED), user, unit_field="record__unit")
        .values("record__unit")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("record__unit", "n")
    )
    units = Unit.objects.in_bulk({r["unit"] for r in rows} | set(objections))
    out = [UnitTodo(unit=units[r["unit"]], to_submit=r["to_submit"], rejected=r["rejected"],
                    awaiting_review=r["awaiting_review"], due_soon=r["due_soon"], overdue=r["overdue"],
                    objections_open=objections.pop(r["unit"], 0)) for r in rows]
    out += [UnitTodo(unit=units[u], to_submit=0, rejected=0, awaiting_review=0, due_soon=0, overdue=0,
                     objections_open=n) for u, n in objections.items()]
    return sorted(out, key=lambda t: (-t.overdue, -t.due_soon, t.unit.sort, t.unit.code))


def record_due_status(record: Record, *, today: date | None = None, calendar=None) -> timeliness.DueStatus:
    """The record's standing against its due date (on time / late / open / due soon / overdue)."""
    published_on = timezone.localdate(record.published_at) if record.published_at else None
    return timeliness.due_status(
        due_on=record.due_on,
        published_on=published_on,
        today=today or timezone.localdate(),
        calendar=calendar or workday_calendar(),
    )


def record_reviews(record: Record) -> QuerySet:
    return ConfidentialityReview.objects.filter(record=record).select_related("reviewer")


def review_get(*, user, pk: int) -> ConfidentialityReview:
    return get_for_user(ConfidentialityReview.objects.select_related("record__unit", "reviewer"), user, pk,
                        unit_field="record__unit")


def objection_list(*, user, state: str | None = None) -> QuerySet:
    qs = scoped(Objection.objects.select_related("record__unit"), user, unit_field="record__unit")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("state", "due_on", "-submitted_at")


def objection_get(*, user, pk: int) -> Objection:
    return get_for_user(
        Objection.objects.select_related("record__unit", "accepted_by", "answered_by"),
        user,
        pk,
        unit_field="record__unit",
    )


@dataclass(frozen=True)
class CampaignProgress:
    unit: Unit
    total: int
    on_time: int
    late: int
    pending: int

    @property
    def percent(self) -> int:
        return round(100 * self.on_time / self.total) if self.total else 100


def campaign_records(campaign: Campaign) -> QuerySet:
    """The records a campaign covers: decided in its range and (optionally) still in force on a day."""
    qs = Record.objects.all()
    if campaign.decided_from:
        qs = qs.filter(decided_on__gte=campaign.decided_from)
    if campaign.decided_to:
        qs = qs.filter(decided_on__lte=campaign.decided_to)
    if campaign.in_force_on:
        qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=campaign.in_force_on))
    return qs


def campaign_progress(campaign: Campaign, *, user) -> list[CampaignProgress]:
    """Per visible unit: records covered, public by the deadline, public late, still not public."""
    qs = scoped(campaign_records(campaign), user)
    rows = qs.values("unit").annotate(
        total=Count("id"),
        on_time=Count("id", filter=Q(state__in=PUBLIC_STATES, published_at__date__lte=campaign.deadline)),
        published=Count("id", filter=Q(state__in=PUBLIC_STATES)),
    ).order_by()
    units = Unit.objects.in_bulk([r["unit"] for r in rows])
    out = [
        CampaignProgress(
            unit=units[r["unit"]],
            total=r["total"],
            on_time=r["on_time"],
            late=r["published"] - r["on_time"],
            pending=r["total"] - r["published"],
        )
        for r in rows
    ]
    return sorted(out, key=lambda p: (p.percent, p.unit.sort))


def campaign_list() -> QuerySet:
    return Campaign.objects.all()
