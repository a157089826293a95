"""Every upload is hostile: checked by its bytes, limited, re-encoded or verified, renamed, served safely.

The one path for files that the public or staff send to the platform (issue 12 §1):

    image = uploads.clean_image(upload)          # ApplicationError naming the file, or a CleanImage
    photo.image.save(image.name, image.content)  # stored under a generated name, never the client's
    kind = uploads.check_table(upload)           # "xlsx" | "csv" | "json", judged by content
    return uploads.serve(request, name, content_type=..., filename=...)   # the only way files go out

Images are decoded with Pillow (only the JPEG, PNG, GIF, WebP and BMP parsers are ever tried), refused
when they are empty, damaged, truncated, 0×0 or larger than the pixel limits (a decompression bomb
is refused from its header, before decoding), then re-encoded from their pixels: EXIF orientation
applied, colours converted to sRGB, and *all* metadata (EXIF with GPS, ICC, XMP, text chunks,
comments) left behind. A file that only claims to be an image (HTML, SVG, script, a polyglot)
does not survive: either it does not decode, or only its pixels do.

Served files carry the content type of what was stored, `nosniff`, a sandboxing
`Content-Security-Policy`, and a `Content-Disposition` that is inline only for the re-encoded raster
types (JPEG, PNG, WebP); with `UPLOADS_ORIGIN` set they are served from that separate host only.
"""

import codecs
import contextlib
import io
import re
import secrets
import warnings
import zipfile
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo decodes to 120 MB of RGB; larger is refused unread
MAX_IMAGE_SIDE = 20_000  # also refuses 1×40,000,000 strips
STORED_SIDE = 4096  # the long side of a stored photo; more is scaled down
DRAFT_SIDE = 3072  # a larger JPEG may be decoded at a reduced scale down to this long side
JPEG_QUALITY = 85

#: Pillow format → (stored format, extension, content type). Only these parsers are ever tried.
IMAGE_FORMATS = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "MPO": ("JPEG", "jpg", "image/jpeg"),  # phones' multi-picture JPEG (opened by the JPEG parser): picture 1
    "PNG": ("PNG", "png", "image/png"),
    "GIF": ("PNG", "png", "image/png"),  # the first frame, transparency kept
    "BMP": ("PNG", "png", "image/png"),
    "WEBP": ("WEBP", "webp", "image/webp"),
}
#: the Pillow parsers tried (MPO is opened by the JPEG parser)
OPENERS = ("JPEG", "PNG", "GIF", "BMP", "WEBP")
#: the only types ever served inline: what clean_image writes
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
#: types served as downloads; anything else is served as application/octet-stream
ATTACHMENT_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv", "application/json",
    "application/pdf",
})
#: the policy of every file response: nothing loads, nothing runs, even if a browser were to render it
FILE_CSP = "default-src 'none'; sandbox"
SIGNED_URL_SECONDS = 300
_SALT = "zhengwu.uploads"


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image under a generated name: what is stored (the upload itself never is)."""

    content: ContentFile
    content_type: str
    width: int
    height: int

    @property
    def name(self) -> str:
        return self.content.name


def display_name(upload) -> str:
    """The client's file name, for messages only (never for storage), shortened."""
    name = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name[:60] + "…" if len(name) > 60 else name) or _("（未命名文件）")


def generated_name(extension: str) -> str:
    """A random storage name: 128 bits, nothing of the client's name or claimed type."""
    return f"{secrets.token_hex(16)}.{extension}"


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, field=field, code="invalid_file")


def _read_limited(upload, max_bytes: int, field: str) -> bytes:
    name = display_name(upload)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _refuse(
            _("文件“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": max_bytes // (1024 * 1024)}, field
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(data) > max_bytes:
        raise _refuse(
            _("文件“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": max_bytes // (1024 * 1024)}, field
        )
    if not data:
        raise _refuse(_("文件“%(name)s”是空文件。") % {"name": name}, field)
    return data


# --- Images ----------------------------------------------------------------------------------------


def clean_image(upload, *, field: str = "photos", max_bytes: int = MAX_IMAGE_BYTES,
                max_pixels: int = MAX_IMAGE_PIXELS) -> CleanImage:
    """Decode `upload` as an image and re-encode it; ApplicationError (naming the file) if it is not one."""
    from PIL import Image, UnidentifiedImageError

    name = display_name(upload)
    data = _read_limited(upload, max_bytes, field)
    not_image = _("文件“%(name)s”不是可识别的图片：只能上传 JPEG、PNG、GIF、WebP 照片。") % {"name": name}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
            img = Image.open(io.BytesIO(data), formats=OPENERS)
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise _refuse(_("图片“%(name)s”的尺寸过大。") % {"name": name}, field) from None
        raise _refuse(not_image, field) from None
    except Exception:  # a parser's error on hostile bytes: whatever it is, the file is refused
        raise _refuse(not_image, field) from None
    with img:
        width, height = img.size
        if width < 1 or height < 1:
            raise _refuse(_("图片“%(name)s”的尺寸为 0，不是有效图片。") % {"name": name}, field)
        if width * height > max_pixels or max(width, height) > MAX_IMAGE_SIDE:
            raise _refuse(_("图片“%(name)s”的尺寸过大（%(w)s×%(h)s 像素，最多 %(mp)s 百万像素）。")
                          % {"name": name, "w": width, "h": height, "mp": max_pixels // 1_000_000}, field)
        stored_format, extension, content_type = IMAGE_FORMATS[img.format]
        try:
            clean = _reencode_pixels(img, stored_format)
            body = _encode(clean, stored_format)
        except Exception:  # truncated or corrupt data fails while decoding, in many ways
            raise _refuse(_("图片“%(name)s”已损坏或不完整，无法读取。") % {"name": name}, field) from None
    return CleanImage(content=ContentFile(body, name=generated_name(extension)), content_type=content_type,
                      width=clean.width, height=clean.height)


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled so that its long side is at most `side`."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _reencode_pixels(img, stored_format: str):
    """A new image holding only the pixels: scaled to STORED_SIDE, oriented, sRGB, no metadata.

    Scaled first, so that the copies made by orientation and colour conversion are of the stored
    size, not of a 40-megapixel original."""
    from PIL import Image, ImageOps

    if img.format in ("JPEG", "MPO") and max(img.size) > STORED_SIDE:
        # a large JPEG is decoded at 1/2, 1/4 or 1/8 scale (the decoder's own, good-quality reduction)
        # as long as DRAFT_SIDE pixels remain on the long side: a 48-megapixel photo costs 36 MB, not 144
        img.draft(None, _fit(img.size, DRAFT_SIDE))
    img.load()  # raises on truncated or corrupt data (LOAD_TRUNCATED_IMAGES stays False)
    icc = img.info.get("icc_profile")
    has_alpha = img.mode in ("RGBA", "LA", "PA") or (
        img.mode in ("P", "L", "RGB") and "transparency" in img.info
    )
    if img.mode not in ("L", "RGB", "CMYK", "LA", "RGBA") or (has_alpha and img.mode not in ("LA", "RGBA")):
        img = img.convert("RGBA" if has_alpha else ("L" if img.mode == "1" else "RGB"))  # palette, 16-bit…
    if max(img.size) > STORED_SIDE:
        img.thumbnail((STORED_SIDE, STORED_SIDE), Image.Resampling.LANCZOS)
    with contextlib.suppress(Exception):  # a malformed EXIF block: the pixels stay as stored
        ImageOps.exif_transpose(img, in_place=True)  # stand the photo the way the phone meant
    if icc and img.mode in ("RGB", "RGBA", "CMYK", "L"):
        img = _to_srgb(img, icc, "RGBA" if img.mode == "RGBA" else "RGB")
    if stored_format == "JPEG" and img.mode in ("RGBA", "LA"):  # no alpha in JPEG: flattened on white
        rgba = img.convert("RGBA")
        img = Image.new("RGB", img.size, (255, 255, 255))
        img.paste(rgba, mask=rgba.getchannel("A"))
    if stored_format == "WEBP":
        target = "RGBA" if img.mode in ("RGBA", "LA") else "RGB"
    else:
        target = (
            img.mode
            if img.mode in ("L", "RGB") or (stored_format == "PNG" and img.mode in ("LA", "RGBA"))
            else "RGB"
        )
    if img.mode != target:
        img = img.convert(target)
    # a fresh image given only the pixels: nothing of the source's info (EXIF, XMP, text, ICC) can follow
    clean = Image.new(img.mode, img.size)
    clean.paste(img)
    return clean


def _to_srgb(img, icc: bytes, mode: str):
    """Convert from the embedded colour profile to sRGB (the profile itself is dropped with the metadata)."""
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except Exception:  # an unusable profile: the pixels as they are
        return img


def _encode(img, stored_format: str) -> bytes:
    out = io.BytesIO()
    # fast settings (measured in benchmarks/uploads_reencode.py): the public form is open to anyone, and
    # PNG's default compression and WebP's default method cost several times the CPU for a few % of size
    if stored_format == "JPEG":
        img.save(out, "JPEG", quality=JPEG_QUALITY)
    elif stored_format == "WEBP":
        img.save(out, "WEBP", quality=JPEG_QUALITY, method=1)
    else:
        img.save(out, "PNG", compress_level=1)
    return out.getvalue()


# --- Tables (spreadsheets) -------------------------------------------------------------------------

TABLE_SNIFF_BYTES = 64 * 1024
_MARKUP = re.compile(
    rb"<\s*(?:script|svg|html|iframe|object|embed|!doctype|\?xml)\b|javascript:", re.IGNORECASE
)


def check_table(upload, *, field: str = "file", max_bytes: int = 1 << 30) -> str:
    """The kind of a tabular upload judged by its bytes: "xlsx", "csv" or "json"; ApplicationError otherwise.

    The declared content type and the extension are ignored. An XLSX must be a zip archive holding a
    workbook; a CSV or JSON file must be text (UTF-8 or GB18030) without NUL bytes and without markup
    (a web page, SVG or XML file is refused, whatever it is called)."""
    name = display_name(upload)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _refuse(
            _("文件“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": max_bytes // (1024 * 1024)}, field
        )
    upload.seek(0)
    head = upload.read(TABLE_SNIFF_BYTES)
    upload.seek(0)
    if not head.strip():
        raise _refuse(_("文件“%(name)s”是空文件。") % {"name": name}, field)
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(upload).namelist())
        except Exception:  # zipfile raises several types for damaged archives
            names = None
        finally:
            upload.seek(0)
        if names is None:
            raise _refuse(_("文件“%(name)s”是损坏的 Excel 文件，无法打开。") % {"name": name}, field)
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        raise _refuse(_("文件“%(name)s”是压缩包，但不是 Excel 工作簿（.xlsx）。") % {"name": name}, field)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(_("文件“%(name)s”是旧版 Excel（.xls）格式：请另存为 .xlsx 或 CSV（UTF-8）后上传。")
                      % {"name": name}, field)
    not_table = _("文件“%(name)s”不是 CSV、Excel（.xlsx）或 JSON 表格。") % {"name": name}
    if b"\x00" in head:
        raise _refuse(not_table, field)
    body = head[len(codecs.BOM_UTF8):] if head.startswith(codecs.BOM_UTF8) else None
    if body is not None and not _decodes(body, "utf-8") and _decodes(body, "gb18030"):
        # a UTF-8 mark over GBK text: say so (issue 12 §6), not "unrecognised encoding"
        raise _refuse(_("文件混用了两种字符编码：开头有 UTF-8 的标记（BOM），内容却是 GBK 编码。"
                        "请用 Excel 或 WPS 将文件另存为“CSV UTF-8”或 GBK 编码的 CSV 后重新上传"), field)
    if not any(_decodes(head, encoding) for encoding in ("utf-8", "gb18030")):
        raise _refuse(
            _("文件“%(name)s”的文字编码无法识别：请保存为 UTF-8 或 GBK 编码的 CSV。") % {"name": name}, field
        )
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    if text.startswith(b"<") or _MARKUP.search(head):
        raise _refuse(_("文件“%(name)s”是网页、SVG 或 XML 内容，不是表格。") % {"name": name}, field)
    return "json" if text[:1] in (b"[", b"{") else "csv"


PDF_TAIL_BYTES = 2048


def check_pdf(upload, *, field: str = "file", max_bytes: int = 20 * 1024 * 1024) -> None:
    """A document upload must be a PDF by its bytes: `%PDF-` at the start, `%%EOF` in its last bytes; the name
    and declared type are ignored. It is stored under a generated name and only ever served as a download
    (application/pdf is an attachment type), with the sandboxing policy: a script inside never runs here."""
    name = display_name(upload)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _refuse(
            _("文件“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": max_bytes // (1024 * 1024)}, field
        )
    upload.seek(0)
    head = upload.read(1024)
    if not head.strip():
        upload.seek(0)
        raise _refuse(_("文件“%(name)s”是空文件。") % {"name": name}, field)
    upload.seek(0, 2)
    end = upload.tell()
    if end > max_bytes:
        upload.seek(0)
        raise _refuse(
            _("文件“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": max_bytes // (1024 * 1024)}, field
        )
    upload.seek(max(0, end - PDF_TAIL_BYTES))
    tail = upload.read(PDF_TAIL_BYTES)
    upload.seek(0)
    if not re.match(rb"%PDF-[12]\.\d", head) or b"%%EOF" not in tail:
        raise _refuse(_("文件“%(name)s”不是完整的 PDF 文件。") % {"name": name}, field)


def _decodes(head: bytes, encoding: str) -> bool:
    """Whether `head` is text in `encoding` (a character cut at the end of the sniffed block is allowed)."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


# --- Serving ---------------------------------------------------------------------------------------


def file_response(
    fileobj, *, content_type: str, filename: str, cache: str = "private, max-age=600"
) -> FileResponse:
    """The response for any stored file: inline only for the re-encoded raster types, else a download.

    Whatever the file holds, the browser is told not to sniff it, and a sandboxing policy with no
    sources stops it from running or loading anything, should it ever be rendered."""
    inline = content_type in INLINE_TYPES
    if not inline and content_type not in ATTACHMENT_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(fileobj, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP  # the CSP middleware keeps a header a view has set
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = cache
    return response


def serve(
    request, storage_name: str, *, content_type: str, filename: str, cache: str = "private, max-age=600"
):
    """Send a stored file after the caller has checked access to it.

    With `UPLOADS_ORIGIN` (a separate host, e.g. https://files.zhengwu.example) the answer is a
    redirect to a signed link on that host, valid SIGNED_URL_SECONDS; the pages' origin never serves
    the bytes. Without it the file is served here, under the caller's own path."""
    origin = setting("UPLOADS_ORIGIN")
    if origin:
        token = signing.dumps(
            {"n": storage_name, "t": content_type, "f": filename}, salt=_SALT, compress=True
        )
        return HttpResponseRedirect(origin + reverse("uploaded_file", args=[token]))
    try:
        fileobj = default_storage.open(storage_name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("文件不存在。")) from None
    return file_response(fileobj, content_type=content_type, filename=filename, cache=cache)


def on_uploads_host(request) -> bool:
    origin = setting("UPLOADS_ORIGIN")
    return bool(origin) and f"{request.scheme}://{request.get_host()}" == origin


def uploaded_file(request, token: str):
    """The separate uploads host's one page: a signed, short-lived link made by `serve`."""
    if not on_uploads_host(request):
        raise Http404(_("文件不存在。"))
    try:
        data = signing.loads(token, salt=_SALT, max_age=SIGNED_URL_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        raise Http404(_("链接无效或已过期，请回到原页面重新打开。")) from None
    try:
        fileobj = default_storage.open(data["n"], "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("文件不存在。")) from None
    return file_response(fileobj, content_type=data["t"], filename=data["f"])


def media(request, path: str):
    """DEBUG only (the admin's file links): stored files for staff, with the same safe headers."""
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_staff:
        return redirect_to_login(request.get_full_path())
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    types = {ext: ctype for _f, ext, ctype in IMAGE_FORMATS.values()} | {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv",
        "json": "application/json"}
    try:
        fileobj = default_storage.open(path, "rb")
    except Exception:  # missing file or a path the storage refuses (traversal)
        raise Http404(_("文件不存在。")) from None
    return file_response(fileobj, content_type=types.get(extension, "application/octet-stream"),
                         filename=path.rsplit("/", 1)[-1], cache="private, no-store")
