"""申诉 (issue 15 §4): the handling unit contests a rating it finds unreasonable, with evidence (photos
re-encoded, PDFs checked: core.uploads, before anything is stored); a supervisor decides. An upheld appeal
marks the rating as contested successfully (`Appeal.state` "upheld"), for the unit figures to leave it out;
every step in the ledger."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import Appeal, AppealEvidence, Callback, Event
from zhengwu.dispatch.services.lifecycle import reason_text
from zhengwu.dispatch.standard import MAX_EVIDENCE, MAX_EVIDENCE_BYTES, Action, AppealState, Rating
from zhengwu.ledger.services import Change, record_many

APPEAL_TYPE = "dispatch.appeal"
FIELD = "evidence"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def clean_evidence(files) -> list[tuple[ContentFile, str, str]]:
    """(content, content type, original name) of each file: a PDF checked and kept, anything else decoded
    and re-encoded as a photo; ApplicationError names the first refused file."""
    files = [f for f in (files or []) if f is not None]
    if len(files) > MAX_EVIDENCE:
        raise ApplicationError(_("最多上传 %(n)s 个证据文件。") % {"n": MAX_EVIDENCE}, field=FIELD,
                               code="too_many_files")
    out = []
    for upload in files:
        name = uploads.display_name(upload)
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head.startswith(b"%PDF-"):
            uploads.check_pdf(upload, field=FIELD, max_bytes=MAX_EVIDENCE_BYTES)
            data = upload.read(MAX_EVIDENCE_BYTES + 1)
            out.append((ContentFile(data, name=uploads.generated_name("pdf")), "application/pdf", name))
            continue
        try:
            image = uploads.clean_image(upload, field=FIELD, max_bytes=MAX_EVIDENCE_BYTES)
        except ApplicationError as exc:
            raise ApplicationError(exc.message + _("（证据可以是照片或 PDF 文件。）"), field=FIELD,
                                   code=exc.code) from None
        out.append((image.content, image.content_type, name))
    return out


def _rating_of(event: Event) -> str:
    """The rating a unit may appeal: the citizen's own, else the call-back's satisfaction."""
    if event.rating:
        return event.rating
    callback = Callback.objects.filter(event=event).first()
    return callback.satisfaction if callback else ""


def appeal_file(event: Event, *, actor, reason: str, files=()) -> Appeal:
    """The unit that handled the case appeals its rating (基本满意 or 不满意), once. Refusals: 403 outside
    the case's unit; `required` (reason); `nothing_to_appeal` (no such rating); 409 `appeal_filed`;
    `invalid_file` and the like (field evidence) for a refused file."""
    permissions.require_for_unit(actor, "appeal", event.unit_id)
    reason = reason_text(reason, "reason", _("申诉理由"))
    cleaned = clean_evidence(files)  # CPU work outside the transaction
    return _file(event, actor=actor, reason=reason, cleaned=cleaned)


@transaction.atomic
def _file(event: Event, *, actor, reason: str, cleaned) -> Appeal:
    rating = _rating_of(event)
    if rating not in (Rating.UNSATISFIED, Rating.BASICALLY):
        raise ApplicationError(_("该事件没有可申诉的评价（不满意或基本满意）。"), code="nothing_to_appeal")
    if Appeal.objects.filter(event=event, unit_id=event.unit_id).exists():
        raise ApplicationError(_("本单位已对该事件的评价提出申诉。"), code="appeal_filed", status=409)
    appeal = Appeal.objects.create(event=event, unit_id=event.unit_id, rating=rating, reason=reason[:2000],
                                   filed_at=timezone.now(), filed_by=_user(actor))
    for content, content_type, name in cleaned:
        AppealEvidence.objects.create(appeal=appeal, file=content, content_type=content_type,
                                      original_name=name[:100])
    record_many([Change(Action.APPEALED, APPEAL_TYPE, str(appeal.pk), None,
                        {"event": event.case_no, "rating": rating, "evidence": len(cleaned)}, event.unit_id,
                        reason[:200])], actor=actor)
    return appeal


@transaction.atomic
def appeal_decide(appeal: Appeal, *, actor, uphold: bool, note: str) -> Appeal:
    """A supervisor decides: upheld (the rating no longer counts against the unit) or rejected, with the
    reasons. Refusals: 403; `required` (note); 409 `appeal_decided`."""
    permissions.require(actor, "decide_appeal")
    note = reason_text(note, "note", _("裁决意见"))
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.state != AppealState.PENDING:
        raise ApplicationError(_("该申诉已裁决。"), code="appeal_decided", status=409)
    before = {"state": appeal.state}
    appeal.state = AppealState.UPHELD if uphold else AppealState.REJECTED
    appeal.decided_at, appeal.decided_by, appeal.decision_note = timezone.now(), _user(actor), note
    appeal.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
    record_many([Change(Action.APPEAL_DECIDED, APPEAL_TYPE, str(appeal.pk), before, {"state": appeal.state},
                        appeal.unit_id, note)], actor=actor)
    return appeal
