"""Files sent with a progress report (承办): every one hostile until proven otherwise (core.uploads).

Judged by the bytes, never by the name or the declared type: a PDF (`%PDF-` … `%%EOF`, core.uploads.check_pdf)
or an XLSX workbook (core.uploads.check_table) is kept as it is and only ever served as a download; anything
else must decode as a photo and is re-encoded from its pixels (core.uploads.clean_image: no metadata, no
trailing bytes). Everything is checked before anything is stored; stored under generated names.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.reforms.models import ProgressReport, ReportAttachment
from zhengwu.reforms.standard import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, PDF_TYPE, XLSX_TYPE

FIELD = "attachments"


@dataclass(frozen=True)
class CleanAttachment:
    content: ContentFile
    content_type: str
    original_name: str


def _one(upload) -> CleanAttachment:
    name = uploads.display_name(upload)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            _("文件“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            field=FIELD,
            code="invalid_file",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        uploads.check_pdf(upload, field=FIELD, max_bytes=MAX_ATTACHMENT_BYTES)
        data = upload.read(MAX_ATTACHMENT_BYTES + 1)
        return CleanAttachment(ContentFile(data, name=uploads.generated_name("pdf")), PDF_TYPE, name)
    if head.startswith(b"PK\x03\x04"):
        if uploads.check_table(upload, field=FIELD, max_bytes=MAX_ATTACHMENT_BYTES) != "xlsx":
            raise ApplicationError(_("文件“%(name)s”不是 Excel 工作簿。") % {"name": name}, field=FIELD,
                                   code="invalid_file")
        data = upload.read(MAX_ATTACHMENT_BYTES + 1)
        return CleanAttachment(ContentFile(data, name=uploads.generated_name("xlsx")), XLSX_TYPE, name)
    try:
        image = uploads.clean_image(upload, field=FIELD, max_bytes=MAX_ATTACHMENT_BYTES)
    except (
        ApplicationError
    ) as exc:  # its own reason (not an image, damaged, too many pixels), and what else fits
        raise ApplicationError(
            exc.message + _("（附件可以是照片、PDF 或 Excel（.xlsx）文件。）"), field=FIELD, code=exc.code
        ) from None
    return CleanAttachment(image.content, image.content_type, name)


def clean_attachments(files) -> list[CleanAttachment]:
    """Every file checked (and photos re-encoded) before anything is stored; ApplicationError names the first
    refused file (`invalid_file`), `too_many_attachments` past MAX_ATTACHMENTS."""
    files = [f for f in (files or []) if f is not None]
    if len(files) > MAX_ATTACHMENTS:
        raise ApplicationError(_("每份进展报告最多 %(n)s 个附件。") % {"n": MAX_ATTACHMENTS}, field=FIELD,
                               code="too_many_attachments")
    return [_one(f) for f in files]


def attachments_store(report: ProgressReport, files: list[CleanAttachment]) -> list[ReportAttachment]:
    """Store checked attachments under their generated names (in the caller's transaction)."""
    return [ReportAttachment.objects.create(report=report, file=f.content, content_type=f.content_type,
                                            size=f.content.size, original_name=f.original_name[:100])
            for f in files]
