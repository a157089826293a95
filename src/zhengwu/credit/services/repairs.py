"""Credit repair (信用修复, issue 16 §4) and the end of a record's publicity at its maximum period.

    repair_apply(record, applicant=..., contact=..., fulfilled=..., commitment=True, proofs=[files],
                 client="203.0.113.9")                 # the public site (no account), rate-limited
    repair_apply(record, ..., actor=operator)          # entered by the unit's staff (窗口录入)
    repair_decide(repair, approve=True, note="", actor=reviewer)   # the deciding unit (谁认定、谁修复)
    publicity_end_due(today=...)                       # the daily job: records past their maximum period

The rules are `rules.repair` (refused before the minimum period, naming the day it becomes possible; the
earliest day is the record's `repairable_from`, from `rules.publicity`). An approved repair
sets `repaired_on`: the one definition of what the public may see (`rules.visibility`) then drops the
record from the public page, the search, the API and the embedded lists, and a withdrawal is pushed to the
city platform through the outbox (`publication.on_withdrawn`, with the 信用承诺). The record stays in the
archive (nothing is deleted). Each step is one ledger entry: credit.repair.applied / approved / rejected,
credit.record.publicity_ended.

Proof files are hostile until proven otherwise (core.uploads): a PDF is checked by its bytes and kept as is,
anything else must decode as a photo and is re-encoded from its pixels; all are checked before any is stored.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import throttle, uploads
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.credit import permissions
from zhengwu.credit.models import Record, Repair, RepairProof
from zhengwu.credit.rules import repair as rules
from zhengwu.credit.rules import visibility
from zhengwu.credit.rules.workflow import PUBLISHED_STATES, REVOKED
from zhengwu.credit.services import publication
from zhengwu.ledger.services import PUBLIC, Change, record_many
from zhengwu.ledger.services import record as ledger_record

PDF_TYPE = "application/pdf"
FIELD = "proofs"


def client_hash(client: str) -> str:
    """A keyed digest of the client address: enough to rate-limit, useless to identify anyone."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:repair:{client}".encode()).hexdigest()


def _rate() -> tuple:
    return tuple((int(n), int(s)) for n, s in setting("CREDIT_REPAIR_RATE"))


@dataclass(frozen=True)
class CleanProof:
    content: ContentFile
    content_type: str
    original_name: str


def _proof(upload) -> CleanProof:
    name = uploads.display_name(upload)
    size = getattr(upload, "size", None)
    if size is not None and size > rules.MAX_PROOF_BYTES:
        raise ApplicationError(_("文件“%(name)s”超过 %(mb)s MB。") % {
            "name": name, "mb": rules.MAX_PROOF_BYTES // (1024 * 1024)}, field=FIELD, code="invalid_file")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        uploads.check_pdf(upload, field=FIELD, max_bytes=rules.MAX_PROOF_BYTES)
        data = upload.read(rules.MAX_PROOF_BYTES + 1)
        return CleanProof(ContentFile(data, name=uploads.generated_name("pdf")), PDF_TYPE, name)
    try:
        image = uploads.clean_image(upload, field=FIELD, max_bytes=rules.MAX_PROOF_BYTES)
    except ApplicationError as exc:
        raise ApplicationError(exc.message + _("（证明材料可以是照片或 PDF 文件。）"), field=FIELD,
                               code=exc.code) from None
    return CleanProof(image.content, image.content_type, name)


def clean_proofs(files) -> list[CleanProof]:
    """Every proof file checked (photos re-encoded) before
    anything is stored; the first refused one is named."""
    files = [f for f in (files or []) if f is not None]
    if len(files) > rules.MAX_PROOFS:
        raise ApplicationError(_("证明材料最多 %(n)s 个文件。") % {"n": rules.MAX_PROOFS}, field=FIELD,
                               code="too_many_files")
    return [_proof(f) for f in files]


def _text(value, field: str, label: str, *, required: bool = True) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ApplicationError(_("请填写%(field)s。") % {"field": label}, code="required", field=field)
    if len(value) > rules.LIMITS[field]:
        raise ApplicationError(
            _("%(field)s不能超过 %(n)s 个字符。") % {"field": label, "n": rules.LIMITS[field]},
            code="too_long",
            field=field,
        )
    return value


def refusal(record: Record, *, today: date | None = None) -> tuple[str, date | None] | None:
    """Why the record cannot be repaired today (`rules.repair.refusal`), or None."""
    today = today or timezone.localdate()
    pending = (
        record.pk is not None and Repair.objects.filter(record=record, state=Repair.State.SUBMITTED).exists()
    )
    return rules.refusal(kind=record.kind, public=visibility.is_public(record, today=today),
                         repairable_from=record.repairable_from, pending=pending, today=today)


def _refuse(found: tuple[str, date | None]) -> ApplicationError:
    code, day = found
    status = {"not_public": 404, "pending": 409}.get(code, 400)
    return ApplicationError(rules.refusal_message(code, day), code=code, status=status)


def repair_apply(record: Record, *, applicant: str, contact: str, fulfilled: str, commitment: bool,
                 proofs=(), client: str = "", actor=None, today: date | None = None) -> Repair:
    """An application for credit repair: from the public (`actor` None; rate-limited per
    client) or entered by the unit's staff (`actor`, who needs `repair.enter` in the record's unit).
    Refused before the minimum period with the day it becomes possible, for a record not in public view,
    and while another application is pending."""
    today = today or timezone.localdate()
    if actor is not None:
        permissions.require(actor, record.unit_id, "repair.enter")
    applicant = _text(applicant, "applicant", _("申请人"))
    contact = _text(contact, "contact", _("联系方式"))
    fulfilled = _text(fulfilled, "fulfilled", _("履行义务情况"))
    if not commitment:
        raise ApplicationError(_("请阅读并作出信用承诺。"), code="commitment_required", field="commitment")
    found = refusal(record, today=today)
    if found:
        raise _refuse(found)
    files = clean_proofs(proofs)
    if not files:
        raise ApplicationError(
            _("请上传履行义务的证明材料（如缴款凭证、整改材料）。"), code="required", field=FIELD
        )
    now = timezone.now()
    checks = []
    if actor is None and client:
        checks = [throttle.Check("credit.repair", client, most=_rate())]
        throttle.guard(
            checks,
            form="credit.repair",
            now=now,
            refused_message=lambda _check, wait: _("提交过于频繁，请在 %(wait)s后再试。") % {"wait": wait},
        )
    with transaction.atomic():
        current = Record.objects.select_for_update(of=("self",)).get(pk=record.pk)
        found = refusal(current, today=today)
        if found:
            raise _refuse(found)
        repair = Repair.objects.create(
            record=current,
            channel=Repair.Channel.PUBLIC if actor is None else Repair.Channel.STAFF,
            applicant=applicant,
            contact=contact,
            fulfilled=fulfilled,
            commitment=str(rules.COMMITMENT),
            submitted_at=now,
            entered_by=actor,
            client_hash=client_hash(client) if client and actor is None else "",
        )
        for f in files:
            RepairProof.objects.create(repair=repair, file=f.content, content_type=f.content_type,
                                       size=f.content.size, original_name=f.original_name[:100])
        throttle.hit(checks, now=now)
        ledger_record(action="credit.repair.applied", obj=current, actor=actor or PUBLIC, after={
            "repair": repair.pk, "channel": repair.channel, "proofs": len(files),
            "repairable_from": current.repairable_from.isoformat() if current.repairable_from else None})
    return repair


@transaction.atomic
def repair_decide(
    repair: Repair, *, approve: bool, note: str = "", actor, today: date | None = None
) -> Repair:
    """The deciding unit (the record's unit: 谁认定、谁修复) approves or refuses a pending application.

    Approval sets the record's `repaired_on` (so `rules.visibility` no longer shows it anywhere) and its
    `public_ended_on`, and pushes a withdrawal to the city
    platform; a refusal needs a reason. One ledger entry."""
    permissions.require(actor, repair.record.unit_id, "repair.decide")
    today = today or timezone.localdate()
    current = Repair.objects.select_for_update(of=("self",)).get(pk=repair.pk)
    if current.state != Repair.State.SUBMITTED:
        raise ApplicationError(_("该申请已审核。"), code="already_decided", status=409)
    record = Record.objects.select_for_update(of=("self",)).select_related("unit").get(pk=current.record_id)
    note = _text(note, "note", _("审核意见"), required=not approve)
    if approve:
        code_day = rules.refusal(kind=record.kind, public=visibility.is_public(record, today=today),
                                 repairable_from=record.repairable_from, pending=False, today=today)
        if code_day:
            raise _refuse(code_day)
        before = {"repaired_on": None, "last_public_day": _iso(visibility.last_public_day(record))}
        record.repaired_on = today
        record.public_ended_on = visibility.repair_takes_effect(repaired_on=today,
                                                                repairable_from=record.repairable_from)
        record.save(update_fields=["repaired_on", "public_ended_on"])
    current.state = Repair.State.APPROVED if approve else Repair.State.REJECTED
    current.decided_at, current.decided_by, current.note = timezone.now(), actor, note
    current.save(update_fields=["state", "decided_at", "decided_by", "note"])
    if approve:
        ledger_record(
            action="credit.repair.approved",
            obj=record,
            actor=actor,
            note=note,
            before=before,
            after={
                "repair": current.pk,
                "repaired_on": today.isoformat(),
                "public_ended_on": _iso(record.public_ended_on),
                "last_public_day": _iso(visibility.last_public_day(record)),
            },
        )
        publication.on_withdrawn([record], reasons={record.pk: {
            "reason": "repaired", "on": _iso(record.public_ended_on), "commitment": current.commitment}})
    else:
        ledger_record(action="credit.repair.rejected", obj=record, actor=actor, note=note,
                      after={"repair": current.pk, "state": current.state})
    for f in ("state", "decided_at", "decided_by", "note"):
        setattr(repair, f, getattr(current, f))
    return repair


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


CHUNK = 1000


def publicity_end_due(*, today: date | None = None) -> int:
    """Records that reached the end of their maximum publicity period leave the public view by themselves (the
    one definition, `rules.visibility`, already hides them from the day after `public_until`); this
    records it: `public_ended_on`, one ledger entry per record saying why (credit.record.publicity_ended:
    the last public day and the tier), and a withdrawal pushed to the city platform. Idempotent: a record
    is noted once. Returns how many records were noted. Run daily (`credit.tasks.publicity_end`)."""
    today = today or timezone.localdate()
    due = (Record.objects.filter(state__in=PUBLISHED_STATES, public_ended_on__isnull=True,
                                 public_until__lt=today, repaired_on__isnull=True)
           .exclude(status=REVOKED).select_related("unit").order_by("id"))
    noted = 0
    while True:
        with transaction.atomic():
            batch = list(due.select_for_update(of=("self",))[:CHUNK])
            if not batch:
                return noted
            changes = []
            for r in batch:
                r.public_ended_on = r.public_until + timedelta(days=1)
                changes.append(
                    Change(
                        "credit.record.publicity_ended",
                        publication.SOURCE_TYPE,
                        str(r.pk),
                        {"public_until": r.public_until.isoformat(), "public_ended_on": None},
                        {
                            "public_until": r.public_until.isoformat(),
                            "public_ended_on": r.public_ended_on.isoformat(),
                            "reason": "max_period",
                            "severity": r.severity or None,
                            "decided_on": r.decided_on.isoformat(),
                        },
                        r.unit_id,
                        "公示期满：最长公示期至 "
                        f"{r.public_until.isoformat()}（含当日），自动撤下，记录保留在档案中",
                    )
                )
            Record.objects.bulk_update(batch, ["public_ended_on"])
            record_many(changes, actor=None)
            publication.on_withdrawn(
                batch,
                reasons={r.pk: {"reason": "expired", "on": r.public_ended_on.isoformat()} for r in batch},
            )
            noted += len(batch)
