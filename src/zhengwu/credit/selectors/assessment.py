"""Assessment of units (罗府办函〔2016〕74号 §三(二)): quantity, quality, timeliness, publication, objections.

    rows = assessment(start=date(2016, 1, 1), end=date(2016, 12, 31), user=request.user)
    assessment_for_supervision("2016-Q2")     # the same figures as plain dicts, for the supervision system

A record belongs to the period of its decision date. Figures per unit:

- quantity: records decided in the period;
- quality: share of imported rows rejected by validation (ImportBatch rows − valid rows, batches
  uploaded in the period) and share of confidentiality reviews that rejected (records of the period);
- timeliness: share of judged records (published, or past their due date) published within 7 working
  days; average delay beyond the due date and average working days from decision to publication;
- publication: published share; pushed share of the published;
- objections (filed in the period): answered, answered in time, open past their deadline.

The ranking score weighs timeliness, quality, publication and objections (`CREDIT_ASSESSMENT_WEIGHTS`).
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zhengwu.core.conf import setting
from zhengwu.credit import permissions
from zhengwu.credit.models import ConfidentialityReview, ImportBatch, Objection, Record
from zhengwu.credit.rules import timeliness
from zhengwu.credit.rules.workflow import PUBLISHED_STATES
from zhengwu.org.models import Unit
from zhengwu.org.scoping import is_district_user, units_for
from zhengwu.workdays.selectors import calendar as workday_calendar

PUBLIC_STATES = tuple(sorted(PUBLISHED_STATES))


@dataclass
class UnitAssessment:
    unit_id: int
    unit_code: str
    unit_name: str
    records: int = 0
    published: int = 0
    pushed: int = 0
    imported_rows: int = 0
    invalid_rows: int = 0
    reviews: int = 0
    review_rejects: int = 0
    judged: int = 0
    on_time: int = 0
    delay_total: int = 0
    workdays_total: int = 0
    objections: int = 0
    objections_answered: int = 0
    objections_in_time: int = 0
    objections_overdue: int = 0
    score: float | None = None
    rank: int = 0
    extra: dict = field(default_factory=dict)

    @staticmethod
    def _share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    @property
    def validation_reject_share(self) -> float | None:
        return self._share(self.invalid_rows, self.imported_rows)

    @property
    def review_reject_share(self) -> float | None:
        return self._share(self.review_rejects, self.reviews)

    @property
    def on_time_share(self) -> float | None:
        return self._share(self.on_time, self.judged)

    @property
    def avg_delay(self) -> float | None:
        return round(self.delay_total / self.published, 2) if self.published else None

    @property
    def avg_workdays(self) -> float | None:
        return round(self.workdays_total / self.published, 2) if self.published else None

    @property
    def published_share(self) -> float | None:
        return self._share(self.published, self.records)

    @property
    def pushed_share(self) -> float | None:
        return self._share(self.pushed, self.published)

    @property
    def objections_in_time_share(self) -> float | None:
        return self._share(self.objections_in_time, self.objections)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("extra")
        for name in ("validation_reject_share", "review_reject_share", "on_time_share", "avg_delay",
                     "avg_workdays", "published_share", "pushed_share", "objections_in_time_share"):
            data[name] = getattr(self, name)
        return data


def _score(row: UnitAssessment, weights: dict) -> float:
    """Weighted score in [0, 100]; a figure without data counts as full marks (nothing to blame)."""
    rejects = [s for s in (row.validation_reject_share, row.review_reject_share) if s is not None]
    parts = {
        "timeliness": row.on_time_share if row.on_time_share is not None else 1.0,
        "quality": 1 - (sum(rejects) / len(rejects)) if rejects else 1.0,
        "publication": row.published_share if row.published_share is not None else 1.0,
        "objections": row.objections_in_time_share if row.objections_in_time_share is not None else 1.0,
    }
    return round(100 * sum(weights.get(k, 0) * v for k, v in parts.items()) / (sum(weights.values()) or 1), 1)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def visible_units(user) -> list[int] | None:
    """Unit ids whose rows the user may see: None = all
    (district roles, leaders of the lead unit 区发改局)."""
    if is_district_user(user):
        return None
    lead = Unit.objects.filter(code=setting("CREDIT_LEAD_UNIT")).first()
    if lead is not None and permissions.may(user, lead, "assessment.all_units"):
        return None
    return list(units_for(user).values_list("pk", flat=True))


def can_see_ranking(user) -> bool:
    return visible_units(user) is None


def assessment(*, start: date, end: date, user=None, unit_ids: list[int] | None = None,
               today: date | None = None) -> list[UnitAssessment]:
    """The assessment rows of a period, ranked by score; `user` limits the rows to what they may see."""
    today = today or timezone.localdate()
    if user is not None:
        allowed = visible_units(user)
        if allowed is not None:
            unit_ids = allowed if unit_ids is None else [u for u in unit_ids if u in allowed]
    records = Record.objects.filter(decided_on__gte=start, decided_on__lte=end)
    if unit_ids is not None:
        records = records.filter(unit__in=unit_ids)
    rows: dict[int, UnitAssessment] = {}

    def row(unit_id: int) -> UnitAssessment:
        if unit_id not in rows:
            rows[unit_id] = UnitAssessment(unit_id=unit_id, unit_code="", unit_name="")
        return rows[unit_id]

    for r in records.values("unit").annotate(
            n=Count("id"), published=Count("id", filter=Q(state__in=PUBLIC_STATES)),
            pushed=Count("id", filter=Q(state=Record.State.PUSHED)),
            judged=Count("id", filter=Q(state__in=PUBLIC_STATES) | Q(due_on__lt=today)),
    ).order_by():
        x = row(r["unit"])
        x.records, x.published, x.pushed, x.judged = r["n"], r["published"], r["pushed"], r["judged"]

    # timeliness over working days: one index over the whole range, O(1) per record
    published = list(records.filter(state__in=PUBLIC_STATES, published_at__isnull=False)
                     .values_list("unit", "decided_on", "due_on", "published_at").iterator(chunk_size=10_000))
    if published:
        cal = workday_calendar()
        local = [(u, d, due, timezone.localdate(p)) for u, d, due, p in published]
        lo = min(d for _u, d, _due, _p in local)
        hi = max(max(p, due or p) for _u, _d, due, p in local)
        index = timeliness.WorkdayIndex(cal, lo, hi)
        for unit_id, decided, due, pub in local:
            x = row(unit_id)
            x.workdays_total += max(0, index.between(decided, pub))
            if due is not None:
                late = index.between(due, pub)
                x.delay_total += max(0, late)
                x.on_time += late <= 0

    since, until = _bounds(start, end)
    batches = ImportBatch.objects.filter(created_at__gte=since, created_at__lt=until,
                                         status=ImportBatch.Status.DONE)
    if unit_ids is not None:
        batches = batches.filter(unit__in=unit_ids)
    for b in batches.values("unit").annotate(rows=Sum("rows"), valid=Sum("valid_rows")).order_by():
        x = row(b["unit"])
        x.imported_rows, x.invalid_rows = b["rows"] or 0, (b["rows"] or 0) - (b["valid"] or 0)

    reviews = ConfidentialityReview.objects.filter(record__in=records)
    for v in (
        reviews.values("record__unit")
        .annotate(
            n=Count("id"), rejects=Count("id", filter=Q(decision=ConfidentialityReview.Decision.REJECT))
        )
        .order_by()
    ):
        x = row(v["record__unit"])
        x.reviews, x.review_rejects = v["n"], v["rejects"]

    objections = Objection.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
    if unit_ids is not None:
        objections = objections.filter(record__unit__in=unit_ids)
    for o in objections.values_list("record__unit", "state", "due_on", "answered_at").iterator():
        unit_id, state, due, answered_at = o
        x = row(unit_id)
        x.objections += 1
        if state == Objection.State.ANSWERED:
            x.objections_answered += 1
            x.objections_in_time += due is None or timezone.localdate(answered_at) <= due
        elif due is not None and due < today:
            x.objections_overdue += 1

    units = Unit.objects.in_bulk(list(rows))
    weights = setting("CREDIT_ASSESSMENT_WEIGHTS")
    for unit_id, x in rows.items():
        x.unit_code, x.unit_name = units[unit_id].code, units[unit_id].name
        # a unit without records in the period is not scored (it would otherwise top the ranking)
        x.score = _score(x, weights) if x.records else None
    ranked = sorted(rows.values(), key=lambda x: (x.score is None, -(x.score or 0), -x.records, x.unit_code))
    for i, x in enumerate(ranked, 1):
        x.rank = i if x.score is not None else None
    return ranked


def assessment_for_supervision(period: str, *, unit_ids: list[int] | None = None) -> dict:
    """The assessment of a period ("2016", "2016-Q2", "2016-03", "2016-01-01..2016-06-30") as plain JSON data.

    Raises ValueError for a period it cannot read.
    """
    start, end, label = timeliness.parse_period(period)
    rows = assessment(start=start, end=end, unit_ids=unit_ids)
    return {"period": label, "start": start.isoformat(), "end": end.isoformat(),
            "due_workdays": setting("CREDIT_DUE_WORKDAYS"), "units": [r.as_dict() for r in rows]}

