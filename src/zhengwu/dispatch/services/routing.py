"""Classification and tiered auto-dispatch of received events, in batches (items 32, 34).

Intake only stores the event (fast, one write); `dispatch_pending` — run by the background task
that intake enqueues in the same transaction (`tasks.dispatch_received`) — classifies every
received event in one batch, finds street and community, applies the administrators' dispatch rules and
writes the dispatch (or sends the event to manual triage), with one ledger batch. With the immediate task
backend (tests, small installations) this happens before the intake request returns.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Assignment, Category, DispatchRule, Event, MatterProfile, Place
from zhengwu.dispatch.selectors import classifiers
from zhengwu.dispatch.services.deadlines import due, limits_of
from zhengwu.dispatch.services.matters import matter_check_new
from zhengwu.dispatch.services.pushes import push_dispatched
from zhengwu.dispatch.services.trail import change, track
from zhengwu.dispatch.standard import CENTRE_UNIT_CODE, Action, State, Tier
from zhengwu.ledger.services import Change, record_many
from zhengwu.org.models import Unit
from zhengwu.workdays import selectors as workdays


@dataclass
class Context:
    """Everything one batch needs, read once: model, gazetteer,
    polygons, rules, categories, units, calendar."""

    model: object
    places: list
    polygons: list
    rules: list
    categories: dict
    units: dict
    calendar: object
    threshold: float

    @classmethod
    def load(cls, *, labels=None, model=None) -> "Context":
        """`labels`: only these first-level classes' leaves are read (a batch needs the classes it was
        classified into: reading all 500-odd leaves per batch was most of a one-event batch's time);
        None: every class. `model`: the classifier already loaded for the batch."""
        places, polygons = [], []
        for name, street, community, kind, polygon in Place.objects.values_list(
                "name", "street__code", "community__code", "kind", "polygon"):
            places.append(
                rules.Place(name=name, street_code=street, community_code=community or "", kind=kind)
            )
            if polygon:
                polygons.append((name, street, community or "", polygon))
        categories: dict[str, list[Category]] = {}
        leaves = Category.objects.filter(is_active=True).select_related("department")
        if labels is not None:
            leaves = leaves.filter(level1__in=sorted(set(labels)))
        for cat in leaves:
            categories.setdefault(cat.level1, []).append(cat)
        specs = [
            rules.RuleSpec(
                name=r.name,
                tier=r.tier,
                priority=r.priority,
                keywords=r.keywords,
                level1=r.level1,
                crosses_streets=r.crosses_streets,
                needs_enforcement=r.needs_enforcement,
                unit_code=r.unit.code if r.unit_id else "",
            )
            for r in DispatchRule.objects.filter(is_active=True).select_related("unit")
        ]
        units = {u.code: u for u in Unit.objects.filter(is_active=True)}
        return cls(model=model or classifiers.active_classifier(), places=places, polygons=polygons,
                   rules=specs, categories=categories, units=units, calendar=workdays.calendar(),
                   threshold=float(setting("DISPATCH_CONFIDENCE_THRESHOLD")))


def apply_dispatch(event: Event, *, unit: Unit, tier: str, rule: str, inputs: dict, actor, now=None,
                   automatic: bool = True, cal=None) -> str:
    """Point the event at a unit: state, due dates, an Assignment row (in the caller's transaction, which
    writes the ledger). Returns a calendar note ("" if fine)."""
    now = now or timezone.now()
    event.state = rules.transition(state=event.state, action="dispatch")
    event.unit, event.tier, event.dispatch_rule, event.dispatch_inputs = unit, tier, rule[:200], inputs
    event.dispatched_at, event.accepted_at, event.warning = now, None, ""
    accept, accept_unit, resolve, resolve_unit = limits_of(event)
    cal = cal or workdays.calendar()
    event.accept_due, note1 = due(now, accept, accept_unit, cal)
    event.resolve_due, note2 = due(now, resolve, resolve_unit, cal)
    user = actor if getattr(actor, "is_authenticated", False) else None
    assignment = Assignment.objects.create(event=event, unit=unit, tier=tier, rule=rule[:200], inputs=inputs,
                                           automatic=automatic, dispatched_by=user, dispatched_at=now)
    push_dispatched(event, assignment)  # a unit that keeps its own system gets the case there (item 31)
    return note1 or note2


def place_of(event: Event, ctx: Context) -> rules.Location:
    """Street/community from coordinates (boundary polygons,
    when configured), else from the address, else the text."""
    if event.lat is not None and event.lng is not None:
        for name, street, community, polygon in ctx.polygons:
            if rules.point_in_polygon(event.lng, event.lat, polygon):
                return rules.Location(street_code=street, community_code=community, matched=name,
                                      streets_mentioned=(street,))
    found = rules.locate(event.address, ctx.places)
    if not found.street_code:
        in_text = rules.locate(f"{event.title} {event.text}", ctx.places)
        if in_text.street_code or in_text.streets_mentioned:
            found = in_text
    return found


def decide(event: Event, location: rules.Location, ctx: Context) -> rules.Decision:
    """The automatic dispatch decision for a classified, located event."""
    cat = event.category
    facts = rules.Facts(
        text=f"{event.title} {event.text} {event.address}",
        level1=cat.level1 if cat else event.label,
        default_tier=cat.default_tier if cat else Tier.STREET,
        needs_enforcement=bool(cat and cat.needs_enforcement),
        department_code=cat.department.code if cat and cat.department_id else "",
        street_code=location.street_code,
        community_code=location.community_code,
        streets_mentioned=location.streets_mentioned,
    )
    return rules.choose_dispatch(rules=ctx.rules, facts=facts, centre_code=CENTRE_UNIT_CODE)


def route(event: Event, label: str, confidence: float, ctx: Context, now: datetime) -> list[Change]:
    """Classify, locate and dispatch one event (or send it to triage); returns its ledger changes."""
    before = track(event)
    event.predicted_label, event.confidence, event.model_version = label, confidence, ctx.model.version
    event.category = rules.pick_category(ctx.categories.get(label, []), f"{event.title} {event.text}")
    location = place_of(event, ctx)
    event.street = ctx.units.get(location.street_code)
    event.community = ctx.units.get(location.community_code)
    event.place_matched = location.matched[:64]
    changes = [change(Action.CLASSIFIED, event, before, note=f"{label} {confidence:.2f} {ctx.model.version}")]
    before = track(event)
    decision = decide(event, location, ctx)
    unit = ctx.units.get(decision.unit_code)
    if confidence < ctx.threshold or event.category is None:
        reason = _("置信度 %(c).2f 低于阈值 %(t).2f，转人工分拨") % {"c": confidence, "t": ctx.threshold}
    elif decision.needs_triage or unit is None:
        reason = decision.reason or _("找不到承办单位 %(u)s，转人工分拨") % {"u": decision.unit_code}
    else:
        note = apply_dispatch(
            event,
            unit=unit,
            tier=decision.tier,
            rule=decision.rule,
            inputs=decision.inputs,
            actor=None,
            now=now,
            cal=ctx.calendar,
        )
        event.save()
        return changes + [change(Action.DISPATCHED, event, before, note=note or decision.rule)]
    event.state = rules.transition(state=event.state, action="triage")
    event.dispatch_rule, event.dispatch_inputs = reason[:200], decision.inputs
    event.save()
    return changes + [change(Action.TRIAGE, event, before, note=reason)]


#: 同一事项 checks made per routing batch for events that intake did not check (a batch from another system:
#: `event_intake_many`). Each reads its candidates inside the routing transaction — ~67 ms at 1,000,000
#: events (docs/seed-map/dispatch.md), with SQLite's write lock held — so a bounded number per call; the
#: rest stay received for the next call of the routing loop.
MATTER_CHECKS_PER_BATCH = 20


def _matters_checked(events: list[Event], counts: dict | None) -> tuple[list[Event], int]:
    """(the events to route, how many were handled) after the same-matter check of those that never had
    one (no stored profile): one merged into an earlier case is closed and not routed — as at a single
    intake, before routing; past the per-call budget an unchecked event waits for the next call. Reports of
    one matter within one batch become one case (they share a reception time, so which of them becomes the
    master is not fixed)."""
    checked = set(MatterProfile.objects.filter(event_id__in=[e.pk for e in events]).values_list(
        "event_id", flat=True))
    route, handled, budget = [], 0, MATTER_CHECKS_PER_BATCH
    for event in events:
        if event.pk not in checked:
            if budget == 0:
                continue
            budget -= 1
            matter_check_new(event)  # never raises: a failed check routes the event (logged there)
            if event.duplicate_of_id:
                handled += 1
                if counts is not None:
                    counts["merged"] = counts.get("merged", 0) + 1
                continue
        route.append(event)
    return route, handled + len(route)


@transaction.atomic
def dispatch_pending(*, limit: int = 500, counts: dict | None = None) -> int:
    """Route up to `limit` received events (oldest first) in one batch; returns how many were handled
    (routed, or merged into an earlier case by the same-matter check, `_matters_checked`). `counts`, when
    given, is incremented by outcome: {"dispatched": n, "triage": m, "merged": k}."""
    qs = Event.objects.filter(state=State.RECEIVED).order_by("id").select_for_update(skip_locked=True)
    events, handled = _matters_checked(list(qs[:limit]), counts)
    if not events:
        return handled
    model = classifiers.active_classifier()
    predictions = model.predict([e.title for e in events], [e.text for e in events])
    ctx, now = Context.load(labels=[label for label, _confidence in predictions], model=model), timezone.now()
    changes: list[Change] = []
    for event, (label, confidence) in zip(events, predictions, strict=True):
        changes += route(event, label, confidence, ctx, now)
        if counts is not None:
            outcome = "dispatched" if event.state == State.DISPATCHED else "triage"
            counts[outcome] = counts.get(outcome, 0) + 1
    record_many(changes, actor=None)
    return handled
