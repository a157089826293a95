"""Reads of 大数据 (item 35): the hotspot analysis from the pre-aggregated daily tables, the emerging
clusters of one matter (rules.matters, the same-matter matcher), the cases behind a cell (drill-down),
the street boundaries for the map, and the 主动治理 tasks. Only the dispatching body and district
supervisors read them (permissions `view_hotspots`); the analysis is district-wide."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import Event, HotspotAddressDaily, HotspotDaily, Place, ProactiveTask
from zhengwu.dispatch.rules import hotspots as rules
from zhengwu.dispatch.rules import matters
from zhengwu.dispatch.selectors.matters import report_of
from zhengwu.dispatch.selectors.matters import thresholds as matter_thresholds
from zhengwu.org.models import Unit
from zhengwu.org.scoping import scoped

DRILL_LIMIT = 500


def terms() -> dict:
    """The hotspot terms in force (defaults with DISPATCH_HOTSPOT_TERMS, checked)."""
    return rules.merged_terms(setting("DISPATCH_HOTSPOT_TERMS"))


def _require(user) -> None:
    if not permissions.can(user, "view_hotspots"):
        raise PermissionDenied(_("只有区网格办分拨员和督查员可以查看热点分析。"))


def streets() -> dict[str, str]:
    """{org code: name} of the streets, in their order."""
    return dict(
        Unit.objects.filter(kind=Unit.Kind.STREET).order_by("sort", "code").values_list("code", "name")
    )


def daily_rows(first: date, last: date) -> list[rules.Day]:
    rows = (HotspotDaily.objects.filter(day__gte=first, day__lte=last)
            .values_list("day", "label", "street__code", "events", "supports", "severity"))
    return [rules.Day(d, lab, st or "", n, s, sev) for d, lab, st, n, s, sev in rows]


def repeat_addresses(first: date, last: date, t: dict, limit: int = 100) -> list[dict]:
    rows = (HotspotAddressDaily.objects.filter(day__gte=first, day__lte=last).values("address")
            .annotate(n=Sum("events"), d=Count("day", distinct=True), st=Max("street__code"))
            .filter(n__gte=t["repeat_min"]).order_by("-n", "address")[:limit])
    return rules.repeat_addresses([(r["address"], r["st"] or "", r["n"], r["d"]) for r in rows], t)


def label_expression(prefix: str = ""):
    """An event's first-level class in SQL, as models.Event.label says: the dispatcher's triage label, else
    its category's level 1, else the classifier's label, else 未分类."""
    return Coalesce(
        NullIf(prefix + "triage_label", Value("")),
        NullIf(prefix + "category__level1", Value("")),
        NullIf(prefix + "predicted_label", Value("")),
        Value(rules.UNCLASSIFIED),
    )


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The aware instants that bound the local days first…last:
    [start of first, start of the day after last)."""
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(first, time.min), tz),
            timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz))


def label_filter(qs: QuerySet, label: str, prefix: str = "") -> QuerySet:
    """Events whose first-level class (models.Event.label) is `label`."""
    return qs.alias(_label=label_expression(prefix)).filter(_label=label)


def cell_cases(*, user, label: str = "", street: str = "", start: date, end: date) -> QuerySet:
    """The cases behind a cell (class × street × period), newest first: the drill-down."""
    _require(user)
    lo, hi = day_bounds(start, end)
    qs = Event.objects.select_related("street", "unit", "category").filter(
        received_at__gte=lo, received_at__lt=hi
    )
    if label:
        qs = label_filter(qs, label)
    if street == "-":
        qs = qs.filter(street__isnull=True)
    elif street:
        qs = qs.filter(street__code=street)
    return qs.order_by("-received_at", "-id")


def clusters(cells: list[dict], start: date, end: date, t: dict) -> list[dict]:
    """Emerging clusters: in the hottest surging cells (at most `cluster_cells`), the latest reports (at
    most `cluster_events` each) grouped into matters by the same-matter matcher (rules.matters.group);
    a matter of at least `cluster_min` reports is a cluster. Biggest first."""
    lo, hi = day_bounds(start, end)
    mt = matter_thresholds()
    out = []
    for cell in [c for c in cells if c["surge"]][:t["cluster_cells"]]:
        qs = label_filter(
            Event.objects.select_related("category").filter(received_at__gte=lo, received_at__lt=hi),
            cell["label"],
        )
        qs = qs.filter(street__code=cell["street"]) if cell["street"] else qs.filter(street__isnull=True)
        events = list(qs.order_by("-received_at", "-id")[:t["cluster_events"]])
        by_id = {str(e.pk): e for e in events}
        groups: dict[str, list] = {}
        for rid, matter in matters.group([report_of(e) for e in events], mt).items():
            groups.setdefault(matter, []).append(by_id[rid])
        for members in groups.values():
            if len(members) >= t["cluster_min"]:
                members.sort(key=lambda e: e.received_at)
                out.append({"label": cell["label"], "street": cell["street"], "size": len(members),
                            "title": members[0].title, "first": members[0].received_at,
                            "last": members[-1].received_at, "case_nos": [e.case_no for e in members]})
    out.sort(key=lambda c: (-c["size"], c["title"]))
    return out


def boundaries() -> dict | None:
    """The streets' boundaries as GeoJSON for the map, or None when no street has one configured."""
    features = [{"type": "Feature", "properties": {"name": name, "code": code},
                 "geometry": {"type": "Polygon", "coordinates": [polygon]}}
                for name, code, polygon in Place.objects.filter(kind="street", polygon__isnull=False)
                .values_list("name", "street__code", "polygon") if polygon and len(polygon) >= 3]
    return {"type": "FeatureCollection", "features": features} if features else None


def hotspot_analysis(*, user, end: date, days: int | None = None, with_clusters: bool = True) -> dict:
    """The hotspot page: rules.hotspots.analyse over the daily table, the repeat addresses, the emerging
    clusters, the street names and the map's boundaries."""
    _require(user)
    t = terms()
    days = days or t["days"]
    if not 1 <= days <= rules.MAX_DAYS:
        raise ApplicationError(_("统计天数应在 1 至 %(n)s 之间。") % {"n": rules.MAX_DAYS}, code="bad_days",
                               field="days")
    first, _last = rules.window(end, days, max(t["baseline_periods"], t["trend_periods"] - 1))
    result = rules.analyse(daily_rows(first, end), end=end, days=days, terms=t)
    start = result["period"][0]
    result["addresses"] = repeat_addresses(start, end, t)
    result["clusters"] = clusters(result["cells"], start, end, t) if with_clusters else []
    result["street_names"] = names = streets()
    for row in result["cells"] + result["addresses"] + result["clusters"]:
        row["street_name"] = names.get(row["street"], row["street"]) if row["street"] else _("未定位")
    result["boundaries"] = boundaries()
    result["refreshed_to"] = HotspotDaily.objects.aggregate(m=Max("day"))["m"]
    return result


def hotspot_get(*, user, label: str, street: str, end: date, days: int | None = None) -> dict:
    """One cell as a task's source: class, street (code and unit), period, figures, case numbers."""
    a = hotspot_analysis(user=user, end=end, days=days, with_clusters=False)
    cell = next((c for c in a["cells"] if c["label"] == label and c["street"] == street), None)
    if cell is None or not cell["volume"]:
        raise ApplicationError(_("该期间没有这个热点。"), code="no_hotspot", field="label", status=404)
    start, end = a["period"]
    cases = cell_cases(user=user, label=label, street=street or "-", start=start, end=end)
    return {
        "label": label,
        "street": street,
        "street_unit": Unit.objects.filter(code=street).first() if street else None,
        "start": start,
        "end": end,
        "figures": {
            k: cell[k]
            for k in ("volume", "previous", "baseline", "growth", "support", "severity", "heat", "surge")
        },
        "case_nos": list(cases.values_list("case_no", flat=True)[:DRILL_LIMIT]),
    }


def proactive_tasks(*, user) -> QuerySet:
    """主动治理 tasks: all for the dispatching body and supervisors, a unit's own for its staff."""
    qs = ProactiveTask.objects.select_related("street", "unit")
    if permissions.can(user, "view_hotspots"):
        return qs
    return scoped(qs, user, unit_field="unit")


def proactive_task_get(*, user, pk: int) -> ProactiveTask:
    task = proactive_tasks(user=user).filter(pk=pk).first()
    if task is None:
        raise Http404(_("没有这个任务。"))
    return task


def task_units() -> list[tuple[str, str]]:
    """(code, name) of the units a task may be given to: the district's departments and streets."""
    return [(u.code, u.name) for u in Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.COMMUNITY)
            .order_by("kind", "sort", "code")]


def task_communities(task: ProactiveTask) -> list[tuple[str, str]]:
    """(code, name) of the communities a task's suggestion
    may go to: those of its street (all without one)."""
    qs = Unit.objects.filter(kind=Unit.Kind.COMMUNITY, is_active=True)
    if task.street_id:
        qs = qs.filter(parent_id=task.street_id)
    return [(u.code, u.name) for u in qs.order_by("sort", "code")]
