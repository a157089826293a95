"""Migration import (数据自动迁移, item 31): the units' own systems' events, keeping their original ids,
channels and times; rows already imported are skipped. A row that tells the case's past (state, unit,
dates, result, rating) keeps it and is not dispatched again
(`services.migration.event_migrate`). `zhengwu dispatch import FILE` reads the file."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.rules.migration import has_history
from zhengwu.dispatch.services.intake import event_intake
from zhengwu.dispatch.services.migration import event_migrate
from zhengwu.dispatch.standard import Action, Channel

#: A row without a title is titled with the first characters of its text.
IMPORT_TITLE_CHARS = 30


def event_import_rows(rows: list[dict], *, actor=None) -> tuple[int, int, list[str]]:
    """Import rows, each through `event_intake` (one transaction and ledger entry per event).

    Each row: source_system, source_id, channel, title, text, address, reporter_phone, received_at (ISO).
    Returns (created, skipped, errors with 1-based row numbers)."""
    created, skipped, errors = 0, 0, []
    for n, row in enumerate(rows, start=1):
        source_id = (row.get("source_id") or row.get("id") or "").strip()
        system = (row.get("source_system") or "").strip()
        if (
            source_id
            and Event.objects.filter(source_system=system, source_id=source_id).exclude(source_id="").exists()
        ):
            skipped += 1
            continue
        if has_history(row):  # a handled case: kept as its own system left it, never routed again
            try:
                event = event_migrate(row, actor=actor, source_system=system or _("历史系统"))
            except ApplicationError as exc:
                where = f"{exc.field}：" if exc.field else ""
                errors.append(_("第 %(n)s 行：%(w)s%(m)s") % {"n": n, "w": where, "m": exc.message})
                continue
            skipped, created = skipped + int(event.replayed), created + int(not event.replayed)
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
            text = row.get("text") or ""
            # a blank title takes the text's beginning (legacy systems often keep only the content)
            title = (row.get("title") or "").strip() or text.strip()[:IMPORT_TITLE_CHARS]
            event = event_intake(
                channel=channel,
                title=title,
                text=text,
                address=row.get("address") or "",
                reporter_phone=row.get("reporter_phone") or "",
                reporter_name=row.get("reporter_name") or "",
                source_system=system or _("历史系统"),
                source_id=source_id,
                received_at=received,
                actor=actor,
                action=Action.IMPORTED,
            )
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
