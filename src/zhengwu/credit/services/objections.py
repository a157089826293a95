"""Objections (异议) to published records: anyone files one, the unit accepts it for handling and answers it.

    objection_create(record, name=..., contact=..., content=..., client="203.0.113.9")  #
    nothing public changes objection_lookup(number="12", code="ABCD-EFGH-JKMN", client=...) # the
    objector's own view objection_accept(objection, actor=operator) # status → 2 (异议中)
    objection_answer(objection, outcome="revoked", answer="…", actor=operator)        # status → 1 or back
    to 0

Filing needs no account, so a filed objection alone changes nothing the public sees (issue 12 §6): one
anonymous post must not put 异议中 on someone's record. The unit's staff accept it for handling (受理) —
only then does the record show 异议中 — or answer it at once (不予受理, or 撤销 on the spot). The pure rules
are `rules.objections` (`status_after`, `STEPS`); only a record the public sees (`rules.visibility`) can be
objected to.

Filing hands the objector the objection's number and a random 查询码 (core.ratings.standard.new_code; the
database keeps its digest): with both they look up the handling and, once it is answered, rate it (好差评,
`objection_rate` through core.ratings; a 差评 goes to the record's unit with a rectification deadline).

The deadline is `CREDIT_OBJECTION_WORKDAYS` working days (default 10) after the day it was filed.
The objector's contact is stored for the unit only; the ledger keeps no contact details.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import throttle
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.ratings import services as ratings
from zhengwu.core.ratings import standard as rating_standard
from zhengwu.core.tokens import token_hash
from zhengwu.credit import permissions
from zhengwu.credit.models import Objection, Record
from zhengwu.credit.rules import objections as rules
from zhengwu.credit.rules import visibility
from zhengwu.credit.services.workflow import record_set_status
from zhengwu.ledger.services import PUBLIC
from zhengwu.ledger.services import record as ledger_record
from zhengwu.workdays.selectors import calendar as workday_calendar


def objection_workdays() -> int:
    return int(setting("CREDIT_OBJECTION_WORKDAYS"))


def rate_limits() -> tuple[tuple[int, timedelta], ...]:
    """(max objections, window) per client: default 5 an hour and 20 a day (`CREDIT_OBJECTION_RATE`),
    counted by the shared throttle (core.throttle: refused with 429 and an alert beyond them)."""
    return tuple((int(n), timedelta(seconds=int(s))) for n, s in setting("CREDIT_OBJECTION_RATE"))


def client_hash(client: str) -> str:
    """A keyed digest of the client address: enough to rate-limit, useless to identify anyone."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:objection:{client}".encode()).hexdigest()


def objectionable(record: Record, *, today=None) -> bool:
    """Only records in public view can be objected to (`rules.visibility`, the one definition)."""
    return visibility.is_public(record, today=today or timezone.localdate())


def objection_create(record: Record, *, name: str, contact: str, content: str, client: str = "") -> Objection:
    """File an objection from the public (no login), rate-limited per client. The record is not changed:
    it shows 异议中 only once the unit accepts the objection (`objection_accept`).

    The limit is checked before the transaction, so that a refusal's alert (core.throttle) is kept."""
    name, contact, content = (name or "").strip(), (contact or "").strip(), (content or "").strip()
    for field, value, label in (("name", name, _("异议人")), ("contact", contact, _("联系方式")),
                                ("content", content, _("异议内容"))):
        if not value:
            raise ApplicationError(_("请填写%(field)s。") % {"field": label}, code="required", field=field)
        if len(value) > rules.LIMITS[field]:
            raise ApplicationError(
                _("%(field)s不能超过 %(n)s 个字符。") % {"field": label, "n": rules.LIMITS[field]},
                code="too_long",
                field=field,
            )
    if not objectionable(record):
        raise ApplicationError(_("该记录不在公示中，不能提出异议。"), code="not_public", status=404)
    digest = client_hash(client) if client else ""
    now = timezone.now()
    checks = [throttle.Check("credit.objection", client, most=tuple(
        (limit, int(window.total_seconds())) for limit, window in rate_limits()))] if client else []
    throttle.guard(
        checks,
        form="credit.objection",
        now=now,
        refused_message=lambda _check, wait: _("提交过于频繁，请在 %(wait)s后再试。") % {"wait": wait},
    )
    try:
        due_on = workday_calendar().add_workdays(timezone.localdate(now), objection_workdays())
    except ValueError:  # the calendar of next year is not known yet
        due_on = None
    code = rating_standard.new_code()
    with transaction.atomic():
        objection = Objection.objects.create(record=record, submitted_at=now, name=name, contact=contact,
                                             content=content, client_hash=digest, due_on=due_on,
                                             lookup_digest=token_hash(code))
        throttle.hit(checks, now=now)
        ledger_record(action="credit.objection.created", obj=record, actor=PUBLIC, after={
            "objection": objection.pk, "due_on": due_on.isoformat() if due_on else None})
    objection.lookup_code = code  # shown once on the page that confirms the filing; only its digest is kept
    return objection


def _locked(objection: Objection, step: str) -> Objection:
    """The objection re-read under a row lock (two clerks acting at once), checked to allow `step`."""
    current = Objection.objects.select_for_update(of=("self",)).select_related("record").get(pk=objection.pk)
    if not rules.step_allowed(step, current.state):
        message = _("该异议已答复。") if current.state == Objection.State.ANSWERED else _("该异议已受理。")
        code = "already_answered" if current.state == Objection.State.ANSWERED else "already_accepted"
        raise ApplicationError(message, code=code, status=409)
    return current


@transaction.atomic
def objection_accept(objection: Objection, *, actor, note: str = "") -> Objection:
    """The unit accepts a filed objection for handling
    (受理): ledger-recorded; the record now shows 异议中."""
    permissions.require(actor, objection.record.unit_id, "objection.handle")
    current = _locked(objection, "accept")
    record = current.record
    note = (note or "").strip()
    if len(note) > rules.LIMITS["note"]:
        raise ApplicationError(
            _("%(field)s不能超过 %(n)s 个字符。") % {"field": _("受理说明"), "n": rules.LIMITS["note"]},
            code="too_long",
            field="note",
        )
    current.state, current.accepted_at, current.accepted_by = Objection.State.ACCEPTED, timezone.now(), actor
    current.save(update_fields=["state", "accepted_at", "accepted_by"])
    ledger_record(action="credit.objection.accepted", obj=record, actor=actor, note=note,
                  before={"objection": current.pk, "state": Objection.State.OPEN},
                  after={"objection": current.pk, "state": Objection.State.ACCEPTED})
    new_status = rules.status_after(current=record.status, step="accept")
    if new_status:
        record_set_status(record, status=new_status, note=_("异议已受理"), actor=actor, check_role=False)
    _refresh(objection, current)
    return objection


def _refresh(objection: Objection, current: Objection) -> None:
    """Copy the saved state onto the caller's instance (it may be shown right after)."""
    for f in ("state", "accepted_at", "accepted_by", "outcome", "answer", "answered_at", "answered_by"):
        setattr(objection, f, getattr(current, f))


@transaction.atomic
def objection_answer(objection: Objection, *, outcome: str, answer: str, actor) -> Objection:
    """The unit answers (an accepted objection, or a filed one at once): the
    outcome is logged; 撤销 revokes the record, otherwise a record showing 异议中 returns to 正常 once no
    other accepted objection is being handled."""
    permissions.require(actor, objection.record.unit_id, "objection.handle")
    current = _locked(objection, "answer")
    record = current.record
    if outcome not in {o.value for o in rules.Outcome}:
        raise ApplicationError(_("请选择处理结果。"), code="outcome_required", field="outcome")
    answer = (answer or "").strip()
    if not answer:
        raise ApplicationError(_("请填写答复内容。"), code="answer_required", field="answer")
    now = timezone.now()
    current.state, current.outcome, current.answer = Objection.State.ANSWERED, outcome, answer
    current.answered_at, current.answered_by = now, actor
    current.save(update_fields=["state", "outcome", "answer", "answered_at", "answered_by"])
    ledger_record(action="credit.objection.answered", obj=record, actor=actor, note=answer, after={
        "objection": current.pk, "outcome": outcome, "answered_in_time": current.answered_in_time})
    others = (
        Objection.objects.filter(record=record, state=Objection.State.ACCEPTED)
        .exclude(pk=current.pk)
        .exists()
    )
    new_status = rules.status_after(current=record.status, step="answer", outcome=outcome,
                                           others_accepted=others)
    if new_status:
        record_set_status(record, status=new_status, actor=actor, check_role=False,
                          note=_("异议处理结果：%(outcome)s") % {"outcome": current.get_outcome_display()})
    _refresh(objection, current)
    return objection


#: the 好差评 system key and subject of an objection's handling (core.ratings)
RATING_SYSTEM = "credit"


def rating_subject(objection: Objection) -> str:
    return f"objection-{objection.pk}"


def lookup_limits() -> dict:
    return setting("CREDIT_OBJECTION_LOOKUP_RATE")


def lookup_checks(client: str, number: str) -> list[throttle.Check]:
    limits = lookup_limits()
    return [
        throttle.Check(
            "credit.objection_lookup",
            f"client:{client}",
            most=limits["client_most"],
            label="#" + throttle.digest("credit.objection_lookup", client)[:8],
        ),
        throttle.Check(
            "credit.objection_lookup",
            f"number:{str(number)[:16]}",
            most=limits["number_most"],
            label=str(number)[:16],
        ),
    ]


def objection_lookup(*, number, code: str, client: str) -> Objection | None:
    """The objector's lookup: the objection when its number and 查询码 match, else None (counted against the
    client and the number; past the limit `throttle.Throttled`, 429, and the unit's staff are alerted)."""
    number = str(number or "").strip()[:16]
    checks = lookup_checks(client, number)
    throttle.guard(
        checks,
        form="credit.objection_lookup",
        refused_message=lambda _check, wait: _("查询过于频繁，请在 %(wait)s后再试。") % {"wait": wait},
    )
    code = rating_standard.normalise_code(code)
    objection = None
    if number.isdigit() and code:
        objection = (Objection.objects.select_related("record", "record__unit")
                     .filter(pk=int(number), lookup_digest=token_hash(code)).first())
    if objection is None:
        throttle.hit(checks)
    return objection


def objection_rate(objection: Objection, *, level, tags=(), comment: str = "", rater=None):
    """好差评 of the objection's handling (异议处理结果), or the follow-up rating once a 差评 was rectified:
    through core.ratings (one per objection, staff refused); rateable once the unit has answered. A 差评 goes
    to the record's unit with a rectification deadline on the working-day calendar."""
    return ratings.rating_give(
        system=RATING_SYSTEM,
        subject=rating_subject(objection),
        unit=objection.record.unit,
        rateable=objection.state == Objection.State.ANSWERED,
        level=level,
        tags=tags,
        comment=comment,
        rater=rater,
    )
