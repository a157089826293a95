"""Intake (item 31): one case number per event from every channel, stored in one fast transaction with
its ledger entry; classification and dispatch follow in `routing.py` (a background task enqueued in
the same transaction). Also the shared helpers: time limits, ledger changes, the active classifier.

The lifecycle after dispatch (accept, return, resolve, reply, rate, ...) is in `lifecycle.py`.
"""

import copy
import secrets
from datetime import datetime

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Assignment, Category, Event, Photo
from zhengwu.dispatch.standard import (
    CONFIDENCE_THRESHOLD,
    TIER_LIMITS,
    WORKING_HOURS,
    YELLOW_FRACTION,
    Action,
    Channel,
    State,
    Tier,
)
from zhengwu.ledger.services import Change, record, record_many, snapshot
from zhengwu.org.models import Unit
from zhengwu.workdays import selectors as workdays
from zhengwu.workdays.rules import UnknownYear

EVENT_TYPE = "dispatch.event"
TRACKED = ["state", "unit", "tier", "category", "street", "community", "dispatch_rule", "accept_due", "resolve_due",
           "returns_count", "reopen_count", "rating", "supervised", "warning"]
MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 8 * 1024 * 1024


def working_hours():
    return getattr(settings, "DISPATCH_WORKING_HOURS", WORKING_HOURS)


def confidence_threshold() -> float:
    return float(getattr(settings, "DISPATCH_CONFIDENCE_THRESHOLD", CONFIDENCE_THRESHOLD))


def yellow_fraction() -> float:
    return float(getattr(settings, "DISPATCH_YELLOW_FRACTION", YELLOW_FRACTION))


def track(event: Event) -> dict:
    """The governed fields of an event as JSON (ledger before/after)."""
    return snapshot(event, TRACKED)


def change(action: str, event: Event, before: dict | None, note: str = "") -> Change:
    return Change(action=action, object_type=EVENT_TYPE, object_id=str(event.pk), before=before,
                  after=track(event), unit_id=event.unit_id, note=note)


# --- Classification ---------------------------------------------------------------------------------

_MODEL_CACHE: dict[str, object] = {}


def active_classifier():
    """The newest active trained model (from the default storage), else the shipped default."""
    from django.core.files.storage import default_storage

    from zhengwu.dispatch import classifier
    from zhengwu.dispatch.models import ClassifierModel

    row = ClassifierModel.objects.filter(is_active=True).order_by("-created_at", "-id").first()
    if row is None:
        return classifier.default()
    if row.version not in _MODEL_CACHE:
        try:
            with default_storage.open(row.file, "rb") as f:
                _MODEL_CACHE.clear()
                _MODEL_CACHE[row.version] = classifier.loads(f.read())
        except (OSError, ValueError, EOFError):
            return classifier.default()
    return _MODEL_CACHE[row.version]


# --- Deadlines --------------------------------------------------------------------------------------


def due(start: datetime, amount: int, unit: str, cal=None) -> tuple[datetime | None, str]:
    """(aware deadline, "") or (None, the calendar's message when the year has no holiday data)."""
    cal = cal or workdays.calendar()
    local = timezone.localtime(start).replace(tzinfo=None)
    try:
        naive = rules.deadline(start=local, amount=amount, unit=unit, is_workday=cal.is_workday,
                               add_workdays=cal.add_workdays, periods=working_hours())
    except UnknownYear as exc:
        return None, str(exc)
    return timezone.make_aware(naive), ""


def limits_of(event: Event):
    """The category's time limits, else the tier's default."""
    if event.category_id:
        c = event.category
        return c.accept_limit, c.accept_unit, c.resolve_limit, c.resolve_unit
    d = TIER_LIMITS[Tier(event.tier or Tier.STREET)]
    return d.accept, d.accept_unit, d.resolve, d.resolve_unit


# --- Dispatch ---------------------------------------------------------------------------------------


def apply_dispatch(event: Event, *, unit: Unit, tier: str, rule: str, inputs: dict, actor, now=None,
                   automatic: bool = True, cal=None) -> str:
    """Point the event at a unit: state, due dates, an Assignment row. Returns a calendar note ("" if fine)."""
    now = now or timezone.now()
    event.state = rules.transition(state=event.state, action="dispatch")
    event.unit, event.tier, event.dispatch_rule, event.dispatch_inputs = unit, tier, rule[:200], inputs
    event.dispatched_at, event.accepted_at, event.warning = now, None, ""
    accept, accept_unit, resolve, resolve_unit = limits_of(event)
    cal = cal or workdays.calendar()
    event.accept_due, note1 = due(now, accept, accept_unit, cal)
    event.resolve_due, note2 = due(now, resolve, resolve_unit, cal)
    user = actor if getattr(actor, "is_authenticated", False) else None
    Assignment.objects.create(event=event, unit=unit, tier=tier, rule=rule[:200], inputs=inputs, automatic=automatic,
                              dispatched_by=user, dispatched_at=now)
    return note1 or note2


def _case_no(now: datetime) -> str:
    """LH + the local date + 6 random digits (the unique constraint decides; see `_save_new`)."""
    return f"LH{timezone.localtime(now):%Y%m%d}{secrets.randbelow(10**6):06d}"


# --- Idempotency: one case per event of a source system ---------------------------------------------
# A source system (an API client's name, a migrated system) may send the same event again: a retry
# after a timeout, a resent batch, two workers racing. The same `source_id`, or the same
# `idempotency_key` (the API's Idempotency-Key header), from the same source system returns the case
# stored first and stores nothing. Two unique constraints decide (Event.Meta); the look-up before the
# insert only saves the sequential repeat a failed insert — a race is settled by the insert itself.

_SAME_REQUEST = ("title", "text", "address", "lat", "lng", "reporter_name", "reporter_phone", "source_id")


def _earlier(events: list[Event], source_system: str) -> dict[tuple[str, str], Event]:
    """{("key", k) / ("source", s): the stored event} for the keys and source ids of `events`.

    One narrow query (three columns: it runs before every keyed insert) — a UNION of one look-up per
    constraint, each stating its partial index's condition so that SQLite searches the index (an OR of
    both, or a bare equality, scans the table there); the events themselves only when found."""
    keys = {e.idempotency_key for e in events if e.idempotency_key}
    sources = {e.source_id for e in events if e.source_id}
    base = Event.objects.filter(source_system=source_system).order_by().values_list("id", "idempotency_key",
                                                                                   "source_id")
    parts = ([base.filter(idempotency_key__in=keys).exclude(idempotency_key="")] if keys else []) + (
        [base.filter(source_id__in=sources).exclude(source_id="")] if sources else [])
    rows = sorted(parts[0].union(*parts[1:]).order_by(), reverse=True) if parts else []  # newest first: first wins
    if not rows:
        return {}
    stored = Event.objects.select_related("unit", "category").in_bulk([pk for pk, _k, _s in rows])
    found = {}
    for pk, key, source in rows:
        if key in keys:
            found[("key", key)] = stored[pk]
        if source in sources:
            found[("source", source)] = stored[pk]
    return found


def _replay(new: Event, earlier: dict) -> Event | None:
    """The stored event that `new` repeats (marked `replayed`), or None. An Idempotency-Key reused
    for a different event is refused (422), as the IETF Idempotency-Key draft asks."""
    by_key = earlier.get(("key", new.idempotency_key)) if new.idempotency_key else None
    if by_key is not None and any(getattr(by_key, f) != getattr(new, f) for f in _SAME_REQUEST):
        raise ApplicationError(
            _("Idempotency-Key“%(key)s”已用于另一条内容不同的事件（%(case)s）；新的事件请使用新的键。")
            % {"key": new.idempotency_key.split("#")[0], "case": by_key.case_no},
            code="idempotency_key_reused", field="idempotency_key", status=422)
    found = by_key or (earlier.get(("source", new.source_id)) if new.source_id else None)
    if found is not None:
        found.replayed = True
    return found


def _save_new(event: Event, now: datetime) -> Event | None:
    """Insert the event, inside a savepoint: None once stored, or the event another request stored
    meanwhile under the same source id or key (that insert won the race). A case number already
    taken (rare) is drawn again."""
    for _attempt in range(20):
        try:
            with transaction.atomic():
                event.save(force_insert=True)
            return None
        except IntegrityError:
            # on PostgreSQL the losing insert waited for the winner's commit, so its row is visible now
            found = _replay(event, _earlier([event], event.source_system))
            if found is not None:
                return found
            if not Event.objects.filter(case_no=event.case_no).exists():
                raise  # another constraint: not ours to retry
            event.case_no = _case_no(now)
    raise ApplicationError(_("受理编号生成失败，请重试。"), code="case_no")


def _clean(value, field: str, label: str, max_length: int, required: bool = False) -> str:
    value = (value or "").strip() if isinstance(value, str) else ("" if value is None else str(value).strip())
    if required and not value:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field, code="required")
    if len(value) > max_length:
        raise ApplicationError(_("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": max_length}, field=field,
                               code="too_long")
    return value


def _coordinate(value, field: str, low: float, high: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ApplicationError(_("坐标 %(field)s 不是数字：%(v)s") % {"field": field, "v": value}, field=field)
    if not low <= number <= high:
        raise ApplicationError(_("坐标 %(field)s 超出范围：%(v)s") % {"field": field, "v": value}, field=field)
    return number


def _phone(value: str, required: bool) -> str:
    phone = rules.normalise_phone(value)
    if not phone:
        if required:
            raise ApplicationError(_("请填写联系电话，用于查询办理进度。"), field="reporter_phone", code="required")
        return ""
    if not 7 <= len(phone) <= 12:
        raise ApplicationError(_("联系电话格式不正确：应为 7–12 位数字。"), field="reporter_phone", code="phone")
    return phone


def _build(*, channel: str, title: str, text: str, address: str = "", lat=None, lng=None, reporter_name: str = "",
           reporter_phone: str = "", callback_requested: bool = False, actor=None, source_system: str = "",
           source_id: str = "", idempotency_key: str = "", received_at: datetime | None = None,
           require_phone: bool = False, now: datetime) -> Event:
    """A validated, unsaved event with a case number (ApplicationError names the field at fault)."""
    if channel not in [c.value for c in Channel]:
        raise ApplicationError(_("未知的来源渠道：%(c)s") % {"c": channel}, field="channel")
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Event(
        case_no=_case_no(now), channel=channel, source_system=_clean(source_system, "source_system", _("来源系统"), 64),
        source_id=_clean(source_id, "source_id", _("原系统编号"), 64),
        idempotency_key=_clean(idempotency_key, "idempotency_key", "Idempotency-Key", 140),
        title=_clean(title, "title", _("标题"), 200, required=True), text=_clean(text, "text", _("内容"), 20000, True),
        address=_clean(address, "address", _("地址"), 200), lat=_coordinate(lat, "lat", -90, 90),
        lng=_coordinate(lng, "lng", -180, 180), reporter_name=_clean(reporter_name, "reporter_name", _("姓名"), 64),
        reporter_phone=_phone(reporter_phone, require_phone), callback_requested=bool(callback_requested),
        received_at=received_at or now, received_by=user, state=State.RECEIVED,
    )


def clean_photos(photos) -> list[uploads.CleanImage]:
    """Every photo decoded and re-encoded (core.uploads), before anything is stored; ApplicationError
    names the first file that is not an image, is damaged, empty or too large."""
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ApplicationError(_("最多上传 %(n)s 张照片。") % {"n": MAX_PHOTOS}, field="photos")
    return [uploads.clean_image(p, field="photos", max_bytes=MAX_PHOTO_BYTES) for p in photos]


def photos_store(event: Event, kind: str, images: list[uploads.CleanImage]) -> list[Photo]:
    """Store re-encoded photos (from `clean_photos`) under their generated names."""
    return [Photo.objects.create(event=event, kind=kind, image=image.content, content_type=image.content_type,
                                 width=image.width, height=image.height) for image in images]


def photos_reencode_stored(*, actor=None) -> tuple[int, list[str]]:
    """Re-encode photos stored before uploads were re-encoded (blank `content_type`): (done, refusals).

    Each is decoded and re-encoded like a new upload, stored under a generated name, the old file
    deleted, one ledger entry per photo (old and new file). A file that is not an image is left as it
    is — served only as a download — and named in the refusals. Idempotent."""
    done, refused = 0, []
    for photo in Photo.objects.filter(content_type="").select_related("event").order_by("pk").iterator():
        old = photo.image.name
        try:
            with default_storage.open(old, "rb") as fh:
                image = uploads.clean_image(File(fh, name=old), field="image")
        except ApplicationError as exc:
            refused.append(f"{photo.event.case_no} #{photo.pk}: {exc.message}")
            continue
        except OSError as exc:
            refused.append(f"{photo.event.case_no} #{photo.pk}: {exc.strerror or exc}")
            continue
        with transaction.atomic():
            photo.image.save(image.name, image.content, save=False)
            photo.content_type, photo.width, photo.height = image.content_type, image.width, image.height
            photo.save(update_fields=["image", "content_type", "width", "height"])
            record(action=Action.PHOTO_REENCODED, obj=photo, actor=actor, unit=photo.event.unit_id,
                   before={"file": old}, after={"file": photo.image.name, "content_type": image.content_type})
            transaction.on_commit(lambda name=old: default_storage.delete(name))
        done += 1
    return done, refused


def _route_later() -> bool:
    """Enqueue the routing task (in the caller's transaction); True when it has already run (immediate backend)."""
    from zhengwu.dispatch.tasks import dispatch_received

    return dispatch_received.enqueue().is_finished


def event_intake(*, channel: str, title: str, text: str, photos=(), action: str = Action.RECEIVED,
                 **fields) -> Event:
    """Receive an event from any channel: one case number, then classification and dispatch (or triage).

    `fields`: address, lat, lng, reporter_name, reporter_phone, callback_requested, actor, source_system,
    source_id, idempotency_key, received_at, require_phone.

    An event of the same source system with the same `source_id` or `idempotency_key` as one already
    stored is not stored again: that event is returned with `replayed = True` (see `_save_new`)."""
    # photos are decoded and re-encoded first, outside the transaction: seconds of CPU work must not
    # hold the database's write lock (SQLite takes it at BEGIN IMMEDIATE)
    images = clean_photos(photos)
    return _intake(channel=channel, title=title, text=text, images=images, action=action, **fields)


@transaction.atomic
def _intake(*, channel: str, title: str, text: str, images: list, action: str, **fields) -> Event:
    now = timezone.now()
    event = _build(channel=channel, title=title, text=text, now=now, **fields)
    earlier = _replay(event, _earlier([event], event.source_system)) or _save_new(event, now)
    if earlier is not None:
        return earlier
    photos_store(event, Photo.Kind.REPORT, images)
    record_many([change(action, event, None, note=channel)], actor=fields.get("actor"))
    # classification and dispatch are the system's acts: a background task, enqueued in this transaction
    # (so it sees the event); with the immediate backend it has run when enqueue returns
    if _route_later():
        event.refresh_from_db()
    return event


MAX_BATCH = 200


@transaction.atomic
def event_intake_many(items: list[dict], *, channel: str, actor=None, source_system: str = "",
                      idempotency_key: str = "") -> list:
    """Receive a batch from another system: for each item, in order, an Event or its ApplicationError.

    Valid new items are stored together (one insert, one ledger batch, one routing task); invalid ones
    are reported and not stored. An item that repeats an event already stored (same `source_id`, or
    the batch's `idempotency_key` and the item's position) or an earlier item of this batch (same
    `source_id`) stores nothing and returns that event with `replayed = True`."""
    if len(items) > MAX_BATCH:
        raise ApplicationError(_("一批最多 %(n)s 条事件。") % {"n": MAX_BATCH}, field="events")
    now, results = timezone.now(), []
    for index, item in enumerate(items):
        try:
            if not isinstance(item, dict):
                raise ApplicationError(_("每条事件应为 JSON 对象。"), code="invalid_json")
            key = f"{idempotency_key}#{index}" if idempotency_key else ""
            results.append(_build(channel=channel, actor=actor, source_system=source_system, now=now,
                                  idempotency_key=key, **item))
        except TypeError as exc:
            results.append(ApplicationError(_("未知字段：%(f)s") % {"f": str(exc).rsplit(" ", 1)[-1]}))
        except ApplicationError as exc:
            results.append(exc)
    earlier = _earlier([r for r in results if isinstance(r, Event)], source_system)
    pending, copies, first_with = [], {}, {}  # (index, event) to insert; index → index it repeats
    for index, r in enumerate(results):
        if not isinstance(r, Event):
            continue
        try:
            found = _replay(r, earlier)
        except ApplicationError as exc:
            results[index] = exc
            continue
        if found is not None:
            results[index] = found
        elif r.source_id and r.source_id in first_with:
            copies[index] = first_with[r.source_id]
        else:
            first_with[r.source_id or f"#{index}"] = index
            pending.append((index, r))
    created = _insert_many(pending, results, now)
    for index, original in copies.items():
        twin = results[original]
        if isinstance(twin, Event):
            twin = copy.copy(twin)
            twin.replayed = True
        results[index] = twin
    if created:
        record_many([change(Action.RECEIVED, e, None, note=channel) for e in created], actor=actor)
        if _route_later():
            for e in created:
                e.refresh_from_db()
    return results


def _insert_many(pending: list[tuple[int, Event]], results: list, now: datetime) -> list[Event]:
    """Insert the events in one statement (in a savepoint); returns those stored. When another request
    stored some of them meanwhile (a unique constraint fails), those become replays in `results` and
    the rest is inserted again; case numbers taken meanwhile are drawn again."""
    for _attempt in range(5):
        if not pending:
            return []
        events = [e for _i, e in pending]
        taken = set(Event.objects.filter(case_no__in=[e.case_no for e in events]).values_list("case_no", flat=True))
        for e in events:
            while e.case_no in taken:
                e.case_no = _case_no(now)
            taken.add(e.case_no)
        try:
            with transaction.atomic():
                Event.objects.bulk_create(events)
            return events
        except IntegrityError:
            earlier = _earlier(events, events[0].source_system)
            still = []
            for index, e in pending:
                e.pk = None
                try:
                    found = _replay(e, earlier)
                except ApplicationError as exc:
                    results[index] = exc
                    continue
                if found is not None:
                    results[index] = found
                else:
                    e.case_no = _case_no(now)
                    still.append((index, e))
            pending = still
    if not pending:
        return []
    raise ApplicationError(_("受理编号生成失败，请重试。"), code="case_no")


def category_for(label: str, text: str) -> Category | None:
    """The leaf of first-level class `label` that best matches the text (see routing.pick_category)."""
    from zhengwu.dispatch.routing import pick_category

    return pick_category(list(Category.objects.filter(level1=label, is_active=True).select_related("department")),
                         text)


def event_import_rows(rows: list[dict], *, actor=None) -> tuple[int, int, list[str]]:
    """Migration import (数据自动迁移): keep original ids and channels; skip rows already imported.

    Each row: source_system, source_id, channel, title, text, address, reporter_phone, received_at (ISO).
    Returns (created, skipped, errors with 1-based row numbers)."""
    created, skipped, errors = 0, 0, []
    for n, row in enumerate(rows, start=1):
        source_id = (row.get("source_id") or row.get("id") or "").strip()
        system = (row.get("source_system") or "").strip()
        if source_id and Event.objects.filter(source_system=system, source_id=source_id).exclude(source_id="").exists():
            skipped += 1
            continue
        channel = (row.get("channel") or Channel.MIGRATION).strip()
        if channel not in [c.value for c in Channel]:
            channel = Channel.MIGRATION
        received = None
        if row.get("received_at"):
            received = _parse_time(row["received_at"])
            if received is None:
                errors.append(_("第 %(n)s 行：受理时间无法识别：%(v)s") % {"n": n, "v": row["received_at"]})
                continue
        try:
            event = event_intake(channel=channel, title=row.get("title") or "", text=row.get("text") or "",
                                 address=row.get("address") or "", reporter_phone=row.get("reporter_phone") or "",
                                 reporter_name=row.get("reporter_name") or "", source_system=system or _("历史系统"),
                                 source_id=source_id, received_at=received, actor=actor, action=Action.IMPORTED)
            if event.replayed:  # imported meanwhile by another run
                skipped += 1
            else:
                created += 1
        except ApplicationError as exc:
            errors.append(_("第 %(n)s 行：%(m)s") % {"n": n, "m": exc.message})
    return created, skipped, errors


def _parse_time(value) -> datetime | None:
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
