"""大数据 (item 35): filling the daily hotspot tables, and turning a hotspot into action.

- `hotspots_refresh(first, last)` — recomputes the daily rows (models.HotspotDaily, HotspotAddressDaily)
  of the days first…last from the events, in one transaction (the days' old rows are replaced). The
  periodic jobs call it incrementally: `hotspots_refresh_recent` every 10 minutes for today and
  yesterday (new reports), `hotspots_refresh_month` nightly for the last 35 days (support, supervision,
  ratings and reopenings added later to older reports). `zhengwu dispatch hotspots-refresh` rebuilds
  any range. Derived data: no ledger entry.
- `proactive_task_create` — a hotspot becomes a 主动治理 task for a unit (ledger).
- `proactive_task_done` — the unit records the result (ledger).
- `hotspot_suggest` — a hotspot becomes a 民生微实事 suggestion through what the microprojects app
  declares (`provided("microprojects", "suggestion_from_system")`); the suggestion's reference is kept
  on the task and the source link on the suggestion (ledger).
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Trim, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import systems
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import Event, HotspotAddressDaily, HotspotDaily, MatterSupport, ProactiveTask
from zhengwu.dispatch.rules.hotspot_terms import HotspotAction
from zhengwu.dispatch.selectors.hotspots import day_bounds, label_expression
from zhengwu.dispatch.standard import Rating
from zhengwu.ledger.services import record

TASK_CREATED, TASK_DONE, SUGGESTED = (
    HotspotAction.TASK_CREATED,
    HotspotAction.TASK_DONE,
    HotspotAction.SUGGESTED,
)
MAX_REFRESH_DAYS = 3660
BATCH = 5000


def _one(condition: Q):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _severity():
    """The severity points of a report (rules.hotspots.severity), in SQL."""
    return Value(1) + _one(Q(supervised=True)) + _one(Q(reopen_count__gt=0)) + _one(Q(warning="red")) + _one(
        Q(rating=Rating.UNSATISFIED)) + _one(Q(category__needs_enforcement=True))


def hotspots_refresh(*, first: date, last: date) -> dict:
    """Recompute the daily rows of first…last (local days). Returns {"days", "rows", "addresses"}."""
    if last < first:
        raise ApplicationError(_("结束日期早于开始日期。"), code="bad_range", field="last")
    if (last - first).days + 1 > MAX_REFRESH_DAYS:
        raise ApplicationError(_("一次最多重算 %(n)s 天。") % {"n": MAX_REFRESH_DAYS}, code="range_too_long",
                               field="first")
    tz = timezone.get_current_timezone()
    lo, hi = day_bounds(first, last)
    events = Event.objects.filter(received_at__gte=lo, received_at__lt=hi)
    cells = (events.annotate(d=TruncDate("received_at", tzinfo=tz), lab=label_expression())
             .values("d", "lab", "street_id").annotate(n=Count("id"), sev=Sum(_severity())).order_by())
    supports = (MatterSupport.objects.filter(event__received_at__gte=lo, event__received_at__lt=hi)
                .annotate(d=TruncDate("event__received_at", tzinfo=tz), lab=label_expression("event__"))
                .values("d", "lab", "event__street_id").annotate(n=Count("id")).order_by())
    addresses = (events.annotate(d=TruncDate("received_at", tzinfo=tz), a=Trim("address")).exclude(a="")
                 .values("d", "a", "street_id").annotate(n=Count("id")).order_by())
    rows: dict = {}
    for c in cells.iterator(chunk_size=BATCH):
        rows[(c["d"], c["lab"][:32], c["street_id"])] = [c["n"], 0, c["sev"] or 0]
    for s in supports.iterator(chunk_size=BATCH):
        rows.setdefault((s["d"], s["lab"][:32], s["event__street_id"]), [0, 0, 0])[1] += s["n"]
    with transaction.atomic():
        HotspotDaily.objects.filter(day__gte=first, day__lte=last).delete()
        HotspotAddressDaily.objects.filter(day__gte=first, day__lte=last).delete()
        HotspotDaily.objects.bulk_create(
            (HotspotDaily(day=d, label=lab, street_id=st, events=n, supports=sup, severity=sev)
             for (d, lab, st), (n, sup, sev) in rows.items()), batch_size=BATCH)
        n_addresses = 0
        batch = []
        for a in addresses.iterator(chunk_size=BATCH):
            batch.append(HotspotAddressDaily(day=a["d"], address=a["a"][:200],
                                             street_id=a["street_id"], events=a["n"]))
            if len(batch) >= BATCH:
                HotspotAddressDaily.objects.bulk_create(batch)
                n_addresses += len(batch)
                batch = []
        HotspotAddressDaily.objects.bulk_create(batch)
        n_addresses += len(batch)
    return {"days": (last - first).days + 1, "rows": len(rows), "addresses": n_addresses}


def hotspots_refresh_recent() -> dict:
    """Today and yesterday (local): the periodic job's incremental step."""
    today = timezone.localdate()
    return hotspots_refresh(first=today - timedelta(days=1), last=today)


def hotspots_refresh_month() -> dict:
    """The last 35 days: support, supervision, ratings and reopenings arrive after the report."""
    today = timezone.localdate()
    return hotspots_refresh(first=today - timedelta(days=34), last=today)


def _text(value, field: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写%(f)s。") % {"f": field}, code="required", field=field)
    if len(value) > limit:
        raise ApplicationError(
            _("%(f)s最多 %(n)s 个字。") % {"f": field, "n": limit}, code="too_long", field=field
        )
    return value


def _task_after(task: ProactiveTask) -> dict:
    return {"id": task.pk, "title": task.title, "label": task.label,
            "street": task.street.code if task.street_id else "", "unit": task.unit.code,
            "period": [task.period_start.isoformat(), task.period_end.isoformat()], "state": task.state,
            "due_on": task.due_on.isoformat() if task.due_on else None, "figures": task.figures,
            "cases": len(task.case_nos), "suggestion": task.suggestion_ref}


@transaction.atomic
def proactive_task_create(*, actor, hotspot: dict, unit, title: str, demand: str = "",
                          due_on: date | None = None) -> ProactiveTask:
    """A hotspot (selectors.hotspots.hotspot_get: class, street, period, figures, case numbers) becomes a
    主动治理 task for `unit`. One ledger entry."""
    permissions.require(actor, "proactive")
    if unit is None:
        raise ApplicationError(_("请选择责任单位。"), code="required", field="unit")
    if due_on is not None and due_on < timezone.localdate():
        raise ApplicationError(_("完成期限不能早于今天。"), code="past_date", field="due_on")
    task = ProactiveTask.objects.create(
        label=hotspot["label"][:32],
        street=hotspot.get("street_unit"),
        period_start=hotspot["start"],
        period_end=hotspot["end"],
        title=_text(title, "title", 200),
        demand=_text(demand, "demand", 2000, required=False),
        unit=unit,
        due_on=due_on,
        figures=hotspot.get("figures", {}),
        case_nos=list(hotspot.get("case_nos", [])),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record(action=TASK_CREATED, obj=task, actor=actor, after=_task_after(task), unit=unit,
           note=_("由热点生成：%(l)s") % {"l": task.label})
    return task


@transaction.atomic
def proactive_task_done(*, actor, task: ProactiveTask, result: str) -> ProactiveTask:
    """The responsible unit (or the dispatching body) records the result; the task is done."""
    task = ProactiveTask.objects.select_for_update().get(pk=task.pk)
    permissions.require(actor, "proactive_done", task)  # the dispatching body, or the responsible unit
    if task.state == ProactiveTask.State.DONE:
        raise ApplicationError(_("该任务已完成。"), code="already_done", status=409)
    before = _task_after(task)
    task.result, task.state, task.done_at = (
        _text(result, "result", 4000),
        ProactiveTask.State.DONE,
        timezone.now(),
    )
    task.save(update_fields=["result", "state", "done_at"])
    record(
        action=TASK_DONE,
        obj=task,
        actor=actor,
        before=before,
        after=_task_after(task) | {"result": task.result},
        unit=task.unit,
    )
    return task


def hotspot_suggest(*, actor, task: ProactiveTask, community, source_url: str) -> str:
    """Turn the hotspot of `task` into a 民生微实事 suggestion of `community`, through the microprojects
    app's declared service; the suggestion's reference is kept on the task. A task becomes one suggestion
    (409 `already_suggested`). When microprojects declares
    no such service: 503 `microprojects_unavailable`."""
    permissions.require(actor, "proactive")
    try:
        create = systems.provided("microprojects", "suggestion_from_system")
    except LookupError:
        raise ApplicationError(_("民生微实事系统暂不接收建议。"), code="microprojects_unavailable",
                               status=503) from None
    with transaction.atomic():
        task = ProactiveTask.objects.select_for_update().get(pk=task.pk)
        if task.suggestion_ref:
            raise ApplicationError(_("该热点已生成民生微实事建议 %(r)s。") % {"r": task.suggestion_ref},
                                   code="already_suggested", status=409)
        figures = task.figures or {}
        body = _("大分拨热点：%(l)s，%(a)s 至 %(b)s 共 %(n)s 件反映，热度指数 %(h)s。%(d)s") % {
            "l": task.label, "a": task.period_start.isoformat(), "b": task.period_end.isoformat(),
            "n": figures.get("volume", len(task.case_nos)), "h": figures.get("heat", "—"), "d": task.demand}
        ref = create(unit_code=getattr(community, "code", community) or "", title=task.title, body=body,
                     source="dispatch.hotspot", source_ref=f"proactive-task:{task.pk}", source_url=source_url,
                     actor=actor)
        before = _task_after(task)
        task.suggestion_ref = str(ref)[:64]
        task.save(update_fields=["suggestion_ref"])
        record(
            action=SUGGESTED,
            obj=task,
            actor=actor,
            before=before,
            after=_task_after(task),
            unit=task.unit,
            note=source_url[:200],
        )
    return task.suggestion_ref
