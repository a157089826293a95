"""Pushing on to units that keep their own systems (item 31; issue 15 §6).

The city requires some units to go on using its own business systems. Those units are configured
(setting `DISPATCH_PUSH_UNITS`: {unit code: outbox destination name}); a case dispatched to one of
them is queued for that system through the outbox (docs/outbox.md) **in the dispatch's own
transaction** (never pushed without being dispatched, never dispatched without being pushed), with
the idempotency key `dispatch.case:<case_no>:<assignment id>` — one message per dispatch to the unit,
so a retry, a redelivery after a worker's crash or a second routing run never doubles it. The outbox
retries with back-off and keeps the sending state (attempts, last error, next retry, delivered), which
the dispatcher sees on the case page (selectors.pushes.push_status).

Updates come back through `POST /dispatch/api/pushes/updates/` (api.push_update), authenticated with
the unit system's intake key, whose name is the destination's name: each update is stored once per
(system, update_id) and entered in the case's trail (ledger action `dispatch.event.push_update`).
"""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Assignment, Event, PushUpdate
from zhengwu.dispatch.services.trail import change
from zhengwu.dispatch.standard import PUSH_TOPIC, PUSH_UPDATE_STATUSES, Action
from zhengwu.ledger.services import SYSTEM, record_many
from zhengwu.outbox import services as outbox
from zhengwu.outbox.models import Destination

logger = logging.getLogger(__name__)


def push_units() -> dict[str, str]:
    """{unit code: destination name} of the units that keep their own systems."""
    configured = setting("DISPATCH_PUSH_UNITS") or {}
    return {str(k): str(v) for k, v in configured.items()} if isinstance(configured, dict) else {}


def push_key(event: Event, assignment: Assignment) -> str:
    return f"{PUSH_TOPIC}:{event.case_no}:{assignment.pk}"


def payload_of(event: Event, assignment: Assignment) -> dict:
    """What the unit's system receives: the case as dispatched (it handles the case, so the reporter's
    contact goes with it, as it does to the unit's staff on our case page)."""
    category = event.category
    return {
        "case_no": event.case_no,
        "title": event.title,
        "text": event.text,
        "address": event.address,
        "lat": event.lat,
        "lng": event.lng,
        "channel": event.channel,
        "category": [category.level1, category.level2, category.level3] if category else [],
        "unit": assignment.unit.code,
        "tier": assignment.tier,
        "received_at": event.received_at,
        "dispatched_at": assignment.dispatched_at,
        "accept_due": event.accept_due,
        "resolve_due": event.resolve_due,
        "reporter": {
            "name": event.reporter_name,
            "phone": event.reporter_phone,
            "callback_requested": event.callback_requested,
        },
    }


def push_dispatched(event: Event, assignment: Assignment) -> bool:
    """Queue the case for its unit's own system when the unit keeps one (called by routing.apply_dispatch,
    inside the dispatch's transaction); True when queued. A destination that is missing or switched off
    is reported by the system checks (dispatch.W005) and logged, and does not stop the dispatch."""
    name = push_units().get(assignment.unit.code)
    if not name:
        return False
    destination = Destination.objects.filter(name=name, is_active=True).first()
    if destination is None:
        logger.warning("dispatch: push destination %r of unit %s is missing or inactive; case %s not pushed",
                       name, assignment.unit.code, event.case_no)
        return False
    key = push_key(event, assignment)
    outbox.enqueue(topic=PUSH_TOPIC, key=key, payload=payload_of(event, assignment), source=event,
                   unit=assignment.unit, destinations=[destination])
    record_many([change(Action.PUSHED, event, None, note=f"{name} {key}")], actor=SYSTEM)
    return True


def _moment(value, field: str) -> datetime:
    if value in (None, ""):
        return timezone.now()
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ApplicationError(
            _("%(field)s 不是 ISO 8601 日期时间：%(v)s") % {"field": field, "v": str(value)[:40]},
            code="invalid_datetime",
            field=field,
        ) from None
    return moment if moment.tzinfo else timezone.make_aware(moment)


@transaction.atomic
def push_update_receive(*, system: str, case_no: str, update_id: str, status: str, note: str = "",
                        external_id: str = "", occurred_at=None) -> tuple[PushUpdate, bool]:
    """An update from a unit's own system: (the stored update, True when new). The same update_id again
    from the same system stores nothing and returns the first. Only a case pushed to that system (its
    unit's destination) takes its updates (404 otherwise, the same words whether the case exists)."""
    update_id = rules.clean_text(
        update_id, field="update_id", label=_("回传编号"), max_length=64, required=True
    )
    status = (status or "").strip()
    if status not in PUSH_UPDATE_STATUSES:
        raise ApplicationError(
            _("status 应为 %(allowed)s 之一：%(v)s")
            % {"allowed": "、".join(PUSH_UPDATE_STATUSES), "v": status[:20]},
            code="invalid_status",
            field="status",
        )
    note = rules.clean_text(note, field="note", label=_("回传说明"), max_length=500)
    external_id = rules.clean_text(external_id, field="external_id", label=_("对方编号"), max_length=64)
    occurred = _moment(occurred_at, "occurred_at")
    units = [code for code, name in push_units().items() if name == system]
    event = (Event.objects.select_for_update(of=("self",)).filter(case_no=(case_no or "").strip().upper(),
                                                                   assignments__unit__code__in=units)
             .first() if units else None)
    if event is None:
        raise ApplicationError(_("没有推送给本系统的案件 %(case)s。") % {"case": (case_no or "")[:32]},
                               code="not_found", field="case_no", status=404)
    earlier = PushUpdate.objects.filter(system=system, update_id=update_id).first()
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            update = PushUpdate.objects.create(event=event, system=system, update_id=update_id, status=status,
                                               note=note, external_id=external_id, occurred_at=occurred)
    except IntegrityError:  # the same update raced in from another request: the first one stands
        return PushUpdate.objects.get(system=system, update_id=update_id), False
    record_many([change(Action.PUSH_UPDATE, event, None, note=f"{system}: {status} {note}".strip()[:500])],
                actor=f"api:{system}")
    return update, True
