"""督办单 (item 36): a supervision order as a record — level (一般/重点/挂牌), the demand, a deadline on the
working-day calendar, the unit's replies, sign-off (销号). Issued by hand by a supervisor, or by the rules
administrators edit (`SupervisionRule`), run by the periodic job dispatch.supervision
(`tasks.raise_supervision_orders`): overdue by N working days, an unsatisfied citizen, the same caller or
address N times in M days, a sensitive tag. A rule never raises the same order twice (one per rule and
case, a unique constraint; a repeat rule one per caller or address and window)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions, rules
from zhengwu.dispatch.models import Event, OrderReply, SupervisionOrder, SupervisionRule
from zhengwu.dispatch.rules.supervision import repeats, sensitive
from zhengwu.dispatch.services.lifecycle import reason_text
from zhengwu.dispatch.standard import (
    OPEN_STATES,
    ORDER_TRIGGER_LABELS,
    ORDER_WORKDAYS,
    Action,
    OrderLevel,
    OrderState,
    OrderTrigger,
    Rating,
)
from zhengwu.ledger.services import Change, record_many
from zhengwu.workdays import selectors as workdays
from zhengwu.workdays.rules import UnknownYear

ORDER_TYPE = "dispatch.order"
MANUAL = "manual"
CALLBACK = "callback"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _due_on(days: int, now, cal=None):
    cal = cal or workdays.calendar()
    try:
        return cal.add_workdays(timezone.localdate(now), days)
    except UnknownYear:
        return timezone.localdate(now) + timedelta(days=days + days // 5 * 2)


def _order_no(now) -> str:
    prefix = f"DB{timezone.localdate(now):%Y%m%d}"
    last = (SupervisionOrder.objects.filter(order_no__startswith=prefix).order_by("-order_no")
            .values_list("order_no", flat=True).first())
    return f"{prefix}{int(last[len(prefix):]) + 1 if last else 1:05d}"


def _create(event: Event, *, level: str, demand: str, due_on, source: str, actor, rule=None, now=None,
            note: str = "") -> SupervisionOrder:
    """One order and its ledger entry (in the caller's transaction); the event is flagged 督办."""
    now = now or timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                order = SupervisionOrder.objects.create(
                    order_no=_order_no(now),
                    event=event,
                    unit_id=event.unit_id,
                    level=level,
                    demand=demand[:500],
                    due_on=due_on,
                    rule=rule,
                    source=source,
                    issued_at=now,
                    issued_by=_user(actor),
                )
            break
        except IntegrityError:
            if rule is not None and SupervisionOrder.objects.filter(rule=rule, event=event).exists():
                raise
    else:  # pragma: no cover — five numbers taken concurrently
        raise ApplicationError(_("督办单号冲突，请重试。"), code="order_no_conflict", status=409)
    if not event.supervised:
        Event.objects.filter(pk=event.pk).update(supervised=True, supervise_note=demand[:500])
    record_many(
        [
            Change(
                Action.ORDER_ISSUED,
                ORDER_TYPE,
                order.order_no,
                None,
                {
                    "event": event.case_no,
                    "unit": event.unit.code if event.unit_id else None,
                    "level": level,
                    "due_on": due_on.isoformat(),
                    "source": source,
                    "rule": rule.pk if rule else None,
                },
                event.unit_id,
                note or demand[:200],
            )
        ],
        actor=actor,
    )
    return order


@transaction.atomic
def order_issue(event: Event, *, actor, level: str, demand: str, days: int | None = None) -> SupervisionOrder:
    """A supervisor issues a 督办单 by hand. Refusals: 403; `invalid_level`; `required` (demand);
    `invalid_days` (1–30); `no_unit` (the case is with no unit); 409 `forbidden_transition` (closed)."""
    permissions.require(actor, "issue_order", event)
    rules.transition(state=event.state, action="issue_order")
    if level not in {lv.value for lv in OrderLevel}:
        raise ApplicationError(_("请选择督办级别（一般、重点、挂牌）。"), field="level", code="invalid_level")
    demand = reason_text(demand, "demand", _("督办要求"))
    days = ORDER_WORKDAYS if days in (None, "") else int(days)
    if not 1 <= days <= 30:
        raise ApplicationError(_("答复期限须为 1 至 30 个工作日。"), field="days", code="invalid_days")
    if not event.unit_id:
        raise ApplicationError(_("事件尚未分拨到单位，不能下发督办单。"), code="no_unit")
    now = timezone.now()
    return _create(
        event, level=level, demand=demand, due_on=_due_on(days, now), source=MANUAL, actor=actor, now=now
    )


def order_for_callback(event: Event, *, actor, note: str) -> SupervisionOrder | None:
    """An unsatisfied call-back → a 督办单 (when so configured),
    once per case (in the caller's transaction)."""
    if not event.unit_id or SupervisionOrder.objects.filter(event=event, source=CALLBACK).exists():
        return None
    now = timezone.now()
    demand = _("回访群众不满意，请重新核实办理并答复：%(n)s") % {"n": note}
    return _create(event, level=OrderLevel.GENERAL, demand=demand, due_on=_due_on(ORDER_WORKDAYS, now),
                   source=CALLBACK, actor=actor, now=now)


@transaction.atomic
def order_reply(order: SupervisionOrder, *, actor, text: str) -> OrderReply:
    """The supervised unit replies (several replies are kept; the first one's time counts for 按时答复).
    Refusals: 403 outside the unit; `required` (text); 409 `signed_off`."""
    permissions.require_for_unit(actor, "order_reply", order.unit_id)
    text = reason_text(text, "text", _("答复内容"))
    order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
    if order.state == OrderState.SIGNED_OFF:
        raise ApplicationError(_("督办单已销号，不能再答复。"), code="signed_off", status=409)
    now = timezone.now()
    reply = OrderReply.objects.create(order=order, text=text, replied_at=now, replied_by=_user(actor))
    before = {"state": order.state}
    order.state = OrderState.REPLIED
    order.first_reply_at = order.first_reply_at or now
    order.save(update_fields=["state", "first_reply_at"])
    in_time = timezone.localdate(order.first_reply_at) <= order.due_on
    record_many([Change(Action.ORDER_REPLIED, ORDER_TYPE, order.order_no, before,
                        {"state": order.state, "reply": reply.pk, "in_time": in_time}, order.unit_id,
                        text[:200])], actor=actor)
    return reply


@transaction.atomic
def order_sign_off(order: SupervisionOrder, *, actor, note: str = "") -> SupervisionOrder:
    """销号: a supervisor accepts the unit's reply. Refusals: 403; 409 `not_replied` (no reply yet, or
    already signed off)."""
    permissions.require(actor, "sign_off_order")
    order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
    if order.state != OrderState.REPLIED:
        raise ApplicationError(_("督办单尚未答复（或已销号），不能销号。"), code="not_replied", status=409)
    before = {"state": order.state}
    order.state, order.signed_off_at, order.signed_off_by = (
        OrderState.SIGNED_OFF,
        timezone.now(),
        _user(actor),
    )
    order.sign_off_note = (note or "").strip()[:500]
    order.save(update_fields=["state", "signed_off_at", "signed_off_by", "sign_off_note"])
    record_many([Change(Action.ORDER_SIGNED_OFF, ORDER_TYPE, order.order_no, before, {"state": order.state},
                        order.unit_id, order.sign_off_note)], actor=actor)
    return order


# --- the rules ------------------------------------------------------------------------------------------


def _candidates(rule: SupervisionRule, now, cal) -> list[tuple[Event, str]]:
    """(event, why) of every case this rule asks an order for now (before dedup against earlier orders)."""
    today = timezone.localdate(now)
    since = now - timedelta(days=max(rule.m_days, 1))
    base = Event.objects.filter(unit__isnull=False).exclude(orders__rule=rule).select_related("unit")
    trigger = rule.trigger
    if trigger == OrderTrigger.OVERDUE:
        found = []
        for event in base.filter(state__in=list(OPEN_STATES), resolve_due__lt=now):
            try:
                late = cal.workdays_between(timezone.localdate(event.resolve_due), today)
            except UnknownYear:
                late = (today - timezone.localdate(event.resolve_due)).days
            if late >= rule.n:
                found.append((event, _("超期 %(n)s 个工作日未办结") % {"n": late}))
        return found
    if trigger == OrderTrigger.UNSATISFIED:
        qs = base.filter(Q(rating=Rating.UNSATISFIED) | Q(callback__satisfaction=Rating.UNSATISFIED),
                         received_at__gte=since)
        return [(e, _("群众不满意")) for e in qs]
    if trigger == OrderTrigger.SENSITIVE:
        found = []
        for event in base.filter(received_at__gte=since).exclude(state="closed"):
            tag = sensitive(f"{event.title} {event.text}", rule.keywords)
            if tag:
                found.append((event, _("敏感标签：%(t)s") % {"t": tag}))
        return found
    field = "reporter_phone" if trigger == OrderTrigger.REPEAT_CALLER else "address"
    window = list(
        Event.objects.filter(received_at__gte=since, duplicate_of__isnull=True)
        .exclude(**{field: ""})
        .values_list(field, "pk", "received_at")
    )
    norm = rules.normalise_phone if field == "reporter_phone" else (lambda v: v.strip())
    rows = [(norm(v), pk, timezone.localdate(at)) for v, pk, at in window]
    keys = {pk: key for key, pk, _d in rows}
    hits = repeats(rows, n=rule.n, m_days=rule.m_days, today=today)
    done = SupervisionOrder.objects.filter(rule=rule, issued_at__gte=since).values_list("event_id", flat=True)
    covered = {keys.get(pk) for pk in done} | {
        norm(v) for v in Event.objects.filter(orders__rule=rule, orders__issued_at__gte=since)
        .values_list(field, flat=True)}
    events = {e.pk: e for e in base.filter(pk__in=[pk for key, pk in hits if key not in covered])}
    what = _("同一来电人") if field == "reporter_phone" else _("同一地址")
    return [(events[pk], _("%(w)s %(m)s 天内反映 %(n)s 次以上") % {"w": what, "m": rule.m_days, "n": rule.n})
            for key, pk in hits if pk in events]


def orders_from_rules(*, now=None, actor=None) -> int:
    """Run every active rule once; returns how many orders were raised. Each order in its own transaction;
    running again raises nothing new (one order per rule and case, per caller or address and window)."""
    now = now or timezone.now()
    cal = workdays.calendar()
    raised = 0
    for rule in SupervisionRule.objects.filter(is_active=True).order_by("id"):
        for event, why in _candidates(rule, now, cal):
            try:
                with transaction.atomic():
                    label = ORDER_TRIGGER_LABELS[OrderTrigger(rule.trigger)]
                    _create(
                        event,
                        level=rule.level,
                        demand=rule.demand,
                        due_on=_due_on(rule.reply_workdays, now, cal),
                        source=rule.trigger,
                        actor=actor,
                        rule=rule,
                        now=now,
                        note=f"{rule.name}（{label}）：{why}"[:500],
                    )
            except IntegrityError:
                continue  # raised concurrently by another run: the constraint keeps it once
            raised += 1
    return raised
