"""Photos and documents of an implementation milestone: every file hostile until proven otherwise
(core.uploads, issue 12 §1). Judged by the bytes, never by the name or the declared type: a PDF
(core.uploads.check_pdf) or an XLSX workbook (core.uploads.check_table) is kept as it is and only ever served
as a download; anything else must decode as a photo and is re-encoded from
its pixels (core.uploads.clean_image: no metadata, no trailing bytes). All files are checked before
anything is stored; stored under generated names."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.microprojects.models import Milestone, MilestoneFile

FIELD = "files"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class CleanFile:
    content: ContentFile
    content_type: str
    original_name: str


def _one(upload) -> CleanFile:
    name = uploads.display_name(upload)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ApplicationError(
            _("文件“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": MAX_FILE_BYTES // (1024 * 1024)},
            field=FIELD,
            code="invalid_file",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        uploads.check_pdf(upload, field=FIELD, max_bytes=MAX_FILE_BYTES)
        return CleanFile(ContentFile(upload.read(MAX_FILE_BYTES + 1), name=uploads.generated_name("pdf")),
                         PDF_TYPE, name)
    if head.startswith(b"PK\x03\x04"):
        if uploads.check_table(upload, field=FIELD, max_bytes=MAX_FILE_BYTES) != "xlsx":
            raise ApplicationError(_("文件“%(name)s”不是 Excel 工作簿。") % {"name": name}, field=FIELD,
                                   code="invalid_file")
        return CleanFile(ContentFile(upload.read(MAX_FILE_BYTES + 1), name=uploads.generated_name("xlsx")),
                         XLSX_TYPE, name)
    try:
        image = uploads.clean_image(upload, field=FIELD, max_bytes=MAX_FILE_BYTES)
    except ApplicationError as exc:
        raise ApplicationError(
            exc.message + _("（实施节点的附件可以是照片、PDF 或 Excel（.xlsx）文件。）"),
            field=FIELD,
            code=exc.code,
        ) from None
    return CleanFile(image.content, image.content_type, name)


def clean_files(files) -> list[CleanFile]:
    """Every file checked (photos re-encoded) before anything is stored; the first refused one is named."""
    files = [f for f in (files or []) if f is not None]
    if len(files) > MAX_FILES:
        raise ApplicationError(_("每个实施节点最多 %(n)s 个附件。") % {"n": MAX_FILES}, field=FIELD,
                               code="too_many_files")
    return [_one(f) for f in files]


def files_store(milestone: Milestone, files: list[CleanFile]) -> list[MilestoneFile]:
    """Store checked files under their generated names (in the caller's transaction)."""
    return [
        MilestoneFile.objects.create(
            milestone=milestone,
            file=f.content,
            content_type=f.content_type,
            size=f.content.size,
            original_name=f.original_name[:100],
        )
        for f in files
    ]
