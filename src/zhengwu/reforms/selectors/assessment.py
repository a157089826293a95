"""考核评议 page: the third-party evaluations, inspections and topic research recorded, and
the residents' ratings per published item (counts and mean only: nothing about a rater)."""

from django.db.models import Avg, Count

from zhengwu.reforms.models import Evaluation, Inspection, PublicRating, RatingCode
from zhengwu.reforms.standard import REGISTER


def assessment_records(*, limit: int = 100) -> dict:
    evaluations = [{"unit": e.unit.code, "unit_name": e.unit.name, "evaluator": e.evaluator,
                    "period_start": e.period_start.isoformat(), "period_end": e.period_end.isoformat(),
                    "score": float(e.score), "report": e.report}
                   for e in Evaluation.objects.select_related("unit")[:limit]]
    inspections = [{"kind": i.kind, "kind_label": str(i.get_kind_display()), "title": i.title,
                    "held_on": i.held_on.isoformat(), "item_number": i.item_number, "findings": i.findings,
                    "units": sorted(u.name for u in i.units.all())}
                   for i in Inspection.objects.prefetch_related("units")[:limit]]
    ratings = [
        {
            "item_number": r["item_number"],
            "title": REGISTER.item(r["item_number"]).title,
            "count": r["n"],
            "mean": round(float(r["mean"]), 2),
        }
        for r in PublicRating.objects.values("item_number")
        .annotate(n=Count("id"), mean=Avg("score"))
        .order_by("item_number")
    ]
    return {"evaluations": evaluations, "inspections": inspections, "ratings": ratings,
            "codes_issued": RatingCode.objects.count(), "codes_used": RatingCode.objects.filter(
                ratings__isnull=False).distinct().count()}
