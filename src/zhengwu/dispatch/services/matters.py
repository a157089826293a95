"""同一事项，一次办理 (item 32): merging reports of one matter into one master case, the reply to every
reporter, and public support (+1, 附议).

- `matter_check_new` — at intake, before routing: an earlier case scoring at least `auto_merge` takes the
  new one in automatically (shown as such: `merged_automatically`, the score, the ledger entry);
- `matter_merge` — a dispatcher merges a case into a master: the merged case names it (`duplicate_of`),
  is closed as merged, its reporter stays linked; a case is merged once (409 `already_merged`), never
  into a merged case (409 `master_merged`) nor into itself; cases merged into it move to the master;
- `matter_reply_reporters` — when the master is replied, every merged case's reporter gets the same reply
  and may rate it (their case becomes replied: the lookup offers the rating);
- `matter_profiles_store` — the check's text profiles, stored so that candidates are not tokenised again;
- `matter_support` / `matter_publish` — a dispatcher opens a case to public support; a citizen adds +1 once.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import throttle
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import Event, MatterProfile, MatterSupport
from zhengwu.dispatch.rules.matter_terms import MatterAction
from zhengwu.dispatch.selectors import matters as matter_reads
from zhengwu.dispatch.services.trail import EVENT_TYPE, track
from zhengwu.dispatch.standard import State
from zhengwu.ledger.services import Change, record_many

log = logging.getLogger(__name__)
SYSTEM = "system"  # the ledger's actor of an automatic merge


def _merge_change(event: Event, before: dict, master_no: str | None, note: str) -> Change:
    return Change(MatterAction.MERGED, EVENT_TYPE, str(event.pk), before | {"duplicate_of": None},
                  track(event) | {"duplicate_of": master_no}, event.unit_id, note)


@transaction.atomic
def matter_merge(*, event: Event, master: Event, actor, score: float | None = None,
                 automatic: bool = False) -> Event:
    """Merge `event` into `master` (see the module). Returns the merged event."""
    if not automatic:
        permissions.require(actor, "merge", event)
    if event.pk == master.pk:
        raise ApplicationError(_("不能把事件并入它自己。"), code="same_case", field="master")
    # both rows locked, in id order: two dispatchers merging the same case at once merge it once
    locked = {e.pk: e for e in Event.objects.select_for_update().filter(pk__in=sorted([event.pk, master.pk]))
              .order_by("pk")}
    event, master = locked[event.pk], locked[master.pk]
    if event.duplicate_of_id:
        raise ApplicationError(
            _("该事件已并入 %(case)s，不能再次合并。") % {"case": event.duplicate_of.case_no},
            code="already_merged",
            field="master",
            status=409,
        )
    if master.duplicate_of_id:
        raise ApplicationError(_("%(case)s 本身已并入其他事件，请并入其主案。") % {"case": master.case_no},
                               code="master_merged", field="master", status=409)
    now = timezone.now()
    how = _("自动合并（相似度 %(s).2f）") % {"s": score} if automatic else _("人工合并")
    changes = []
    for child in list(event.duplicates.select_for_update()):  # cases merged into it follow it to the master
        before = track(child) | {"duplicate_of": event.case_no}
        child.duplicate_of = master
        child.save(update_fields=["duplicate_of"])
        changes.append(Change(MatterAction.MERGED, EVENT_TYPE, str(child.pk), before,
                              track(child) | {"duplicate_of": master.case_no}, child.unit_id,
                              _("随 %(case)s 并入主案") % {"case": event.case_no}))
    before = track(event)
    event.duplicate_of, event.merged_at, event.merged_automatically = master, now, automatic
    event.merge_score = score
    event.state, event.closed_at, event.warning = State.CLOSED, now, ""
    event.save()
    changes.append(_merge_change(event, before, master.case_no,
                                 _("%(how)s并入主案 %(case)s") % {"how": how, "case": master.case_no}))
    changes.append(
        Change(
            MatterAction.MERGED,
            EVENT_TYPE,
            str(master.pk),
            None,
            track(master),
            master.unit_id,
            _("%(how)s：%(case)s 并入本案") % {"how": how, "case": event.case_no},
        )
    )
    record_many(changes, actor=SYSTEM if automatic else actor)
    if master.replied_at and master.reply:
        _reply(master, [event], actor=SYSTEM if automatic else actor)
    return event


def matter_check_new(event: Event) -> list:
    """At intake, before routing: the earlier cases the new event may repeat; the best one takes it in
    when it scores at least `auto_merge`. A failure of the matcher never loses a report (logged)."""
    return matter_apply(event, *matter_suggest(event))


def matter_suggest(event: Event) -> tuple[list, list]:
    """The check's reads, for a saved event or one not saved yet: (the candidates found, best first; the
    profiles to store). Intake runs them before its write transaction: SQLite has one writer at a time, and
    scoring the candidates inside it made concurrent intakes queue on the lock (benchmarks/dispatch_intake.py:
    29 events/s against 366 before the check). ([], []) when the matcher fails (logged)."""
    try:
        t = matter_reads.thresholds()
        missing = [matter_reads.matter_profile_of(event)]
        return matter_reads.matter_suggestions(event, t, missing=missing), missing
    except Exception:  # the report is kept; the dispatcher can still merge by hand
        log.exception("same-matter check failed for event %s", event.pk)
        return [], []


def matter_apply(event: Event, found: list, missing: list) -> list:
    """The check's writes, for the saved event: the profiles (its own under its id) and, when the best
    candidate scores at least `auto_merge`, the merge into it. Returns `found`; [] when this fails (logged,
    the report kept — without a stored profile the routing checks it again, `routing._matters_checked`)."""
    if not missing:
        return []
    try:
        with transaction.atomic():
            own = (event.pk, *missing[0][1:])  # made before the event had an id
            matter_profiles_store(_not_awaiting_a_check([own, *missing[1:]], event))
            if found and found[0]["automatic"]:
                best = found[0]
                matter_merge(event=event, master=best["event"], actor=SYSTEM, score=best["match"].score,
                             automatic=True)
                event.refresh_from_db()
            return found
    except Exception:  # the report is kept; the dispatcher can still merge by hand
        log.exception("same-matter check failed for event %s", event.pk)
        return []


def _not_awaiting_a_check(profiles: list[tuple[int, str, str]], event: Event) -> list:
    """The profiles to store, less those of other events still received: for them a stored profile is the
    mark that their own check has run (`routing._matters_checked` checks those of a batch before routing
    them), so a candidate's profile must not stand in for it."""
    others = [pk for pk, _key, _data in profiles if pk != event.pk]
    waiting = set(Event.objects.filter(pk__in=others, state=State.RECEIVED).values_list("pk", flat=True))
    return [p for p in profiles if p[0] not in waiting]


def matter_profiles_store(profiles: list[tuple[int, str, str]]) -> int:
    """Store (or replace) the same-matter profiles `(event id, key, data)` the check made (its new event's,
    and any candidate's that was missing or stale), so that the next checks read them instead of
    tokenising again. Derived data, like the hotspot tables: no ledger entry."""
    rows = {pk: MatterProfile(event_id=pk, key=key, data=data) for pk, key, data in profiles}
    MatterProfile.objects.bulk_create(list(rows.values()), update_conflicts=True, unique_fields=["event"],
                                      update_fields=["key", "data"], batch_size=500)
    return len(rows)


def _reply(master: Event, events: list[Event], *, actor) -> int:
    changes, now = [], timezone.now()
    for e in events:
        if e.state != State.CLOSED or e.rating:
            continue
        before = track(e) | {"state": e.state}
        e.reply, e.replied_at, e.state, e.closed_at = master.reply, now, State.REPLIED, None
        e.save(update_fields=["reply", "replied_at", "state", "closed_at"])
        changes.append(
            Change(
                MatterAction.REPORTER_REPLIED,
                EVENT_TYPE,
                str(e.pk),
                before,
                track(e),
                e.unit_id,
                _("主案 %(case)s 统一回复") % {"case": master.case_no},
            )
        )
    record_many(changes, actor=actor)
    return len(changes)


@transaction.atomic
def matter_reply_reporters(master: Event, *, actor) -> int:
    """Give the master's reply to every merged case's reporter (their cases become replied, so each may
    rate it in the lookup). Called by `event_reply`; returns how many reporters were replied to."""
    return _reply(master, list(master.duplicates.select_for_update()), actor=actor)


@transaction.atomic
def matter_publish(*, event: Event, actor, public: bool = True) -> Event:
    """Open a case to public support (附议), or close it."""
    permissions.require(actor, "publish", event)
    if event.duplicate_of_id:
        raise ApplicationError(
            _("已合并的事件不能公开征集附议，请在主案操作。"), code="already_merged", status=409
        )
    before = {"public_support": event.public_support}
    event.public_support = bool(public)
    event.save(update_fields=["public_support"])
    record_many([Change(MatterAction.PUBLISHED, EVENT_TYPE, str(event.pk), before,
                        {"public_support": event.public_support}, event.unit_id, "")], actor=actor)
    return event


@transaction.atomic
def matter_support(*, case_no: str, client: str) -> int:
    """A citizen's +1 to a public case; once per client (409 `already_supported`). Returns the count.
    The client is kept as a keyed digest (core.throttle.digest), never as an address."""
    event = matter_reads.supportable_get(case_no=case_no)
    if event is None:
        raise ApplicationError(
            _("该事项不存在或未公开征集附议。"), code="not_public", field="case_no", status=404
        )
    digest = throttle.digest("dispatch.support", client)[:64]
    try:
        with transaction.atomic():
            MatterSupport.objects.create(event=event, client=digest)
    except IntegrityError:
        raise ApplicationError(_("您已附议过该事项。"), code="already_supported", status=409) from None
    count = matter_reads.support_count(event)
    record_many([Change(MatterAction.SUPPORTED, EVENT_TYPE, str(event.pk), None, {"support": count},
                        event.unit_id, "#" + digest[:8])], actor="public")
    return count
