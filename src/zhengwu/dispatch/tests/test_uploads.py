"""Issue 12 §1 at 大分拨's upload points: the public report form and the resolve action take photos.

An HTML, SVG, JS or polyglot file — with its own declared type or disguised as image/png — is refused,
or (a real image carrying a script) stored as re-encoded pixels only. Residents' photos lose their
EXIF GPS; photos are served with the re-encoded type, nosniff, inline only as a raster image, and a
sandboxing CSP. Empty, truncated, 0×0 and huge images get a clear 400, nothing stored.
"""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from zhengwu.dispatch.models import Event, Photo
from zhengwu.dispatch.services import lifecycle
from zhengwu.ledger.models import Entry
from zhengwu.testing import hostile_files as hostile

pytestmark = pytest.mark.django_db

FORM = {
    "title": "路灯不亮",
    "text": "鹿丹村小区门口路灯坏了",
    "address": "鹿丹村12栋",
    "phone": "13812345678",
}
HOSTILE_CASES = list(hostile.cases())
IDS = [f"{name}-as-{declared}" for name, _c, declared in HOSTILE_CASES]


def _stored(photo: Photo) -> bytes:
    with default_storage.open(photo.image.name, "rb") as fh:
        return fh.read()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims width×height in its header (a decompression bomb needs no more than this)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("name", "content", "declared"), HOSTILE_CASES, ids=IDS)
def test_public_report_form_refuses_or_defangs_each_hostile_file(
    client, cast, classify_as, name, content, declared
):
    classify_as("城乡建设", 0.9)
    r = client.post(
        reverse("dispatch:report"), FORM | {"photos": [SimpleUploadedFile(name, content, declared)]}
    )
    if name in hostile.DECODABLE:  # a real image: only its pixels are kept, re-encoded under a new name
        assert r.status_code == 302
        photo = Photo.objects.get()
        assert photo.content_type in ("image/png", "image/jpeg") and not hostile.has_script(_stored(photo))
        assert name.rsplit(".", 1)[0] not in photo.image.name
    else:
        assert r.status_code == 400
        assert f"文件“{name}”不是可识别的图片" in r.content.decode()
        assert not Event.objects.exists() and not Photo.objects.exists()


@pytest.mark.parametrize(("name", "content", "declared"), HOSTILE_CASES, ids=IDS)
def test_resolve_with_photos_refuses_or_defangs_each_hostile_file(
    client, cast, classify_as, name, content, declared
):
    classify_as("城乡建设", 0.9)
    client.post(reverse("dispatch:report"), FORM)
    event = Event.objects.get()
    lifecycle.event_accept(event, actor=cast["gy_ldc"])
    client.force_login(cast["gy_ldc"])
    r = client.post(
        reverse("dispatch:case_action", args=[event.case_no, "resolve"]),
        {"result": "已修复路灯", "photos": [SimpleUploadedFile(name, content, declared)]},
        follow=True,
    )
    event.refresh_from_db()
    if name in hostile.DECODABLE:
        assert event.state == "resolved"
        photo = Photo.objects.get(kind=Photo.Kind.RESULT)
        assert photo.content_type in ("image/png", "image/jpeg") and not hostile.has_script(_stored(photo))
    else:
        assert event.state == "accepted" and not Photo.objects.exists()  # nothing changed
        assert f"文件“{name}”不是可识别的图片" in r.content.decode()


@pytest.mark.parametrize(("name", "content", "declared"), HOSTILE_CASES, ids=IDS)
def test_appeal_evidence_refuses_or_defangs_each_hostile_file(
    client, cast, classify_as, name, content, declared
):
    """申诉 evidence (issue 15 §4): a photo re-encoded, anything else refused, nothing stored."""
    from zhengwu.dispatch.models import Appeal, AppealEvidence

    classify_as("城乡建设", 0.9)
    client.post(reverse("dispatch:report"), FORM)
    event = Event.objects.get()
    Event.objects.filter(pk=event.pk).update(rating="unsatisfied")
    client.force_login(cast["gy_ldc"])
    r = client.post(reverse("dispatch:appeal_file", args=[event.case_no]),
                    {"reason": "评价不合理", "evidence": [SimpleUploadedFile(name, content, declared)]})
    if name in hostile.DECODABLE:
        assert r.status_code == 302
        item = AppealEvidence.objects.get()
        with default_storage.open(item.file.name, "rb") as fh:
            assert item.content_type in ("image/png", "image/jpeg") and not hostile.has_script(fh.read())
        assert name.rsplit(".", 1)[0] not in item.file.name
    else:
        assert r.status_code == 400 and f"文件“{name}”不是可识别的图片" in r.content.decode()
        assert not Appeal.objects.exists() and not AppealEvidence.objects.exists()


def test_the_hotline_form_takes_no_files(client, cast):
    """The operator's hotline form has no photo field: a file posted to it is never stored."""
    client.force_login(cast["dispatcher"])
    name, (content, _t) = next(iter(hostile.HOSTILE.items()))
    r = client.post(
        reverse("dispatch:hotline"), FORM | {"photos": [SimpleUploadedFile(name, content, "image/png")]}
    )
    assert r.status_code == 302 and Event.objects.count() == 1 and not Photo.objects.exists()


def test_a_residents_photo_loses_its_gps_and_keeps_its_orientation(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    original = hostile.jpeg(60, 40, exif=hostile.gps_exif(orientation=6))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload does carry GPS
    r = client.post(
        reverse("dispatch:report"),
        FORM | {"photos": [SimpleUploadedFile("IMG_20240501_李四家门口.jpg", original, "image/jpeg")]},
    )
    assert r.status_code == 302
    photo = Photo.objects.get()
    stored = _stored(photo)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and photo.content_type == "image/jpeg"
    assert dict(image.getexif()) == {} and b"Exif" not in stored and b"Phone Maker" not in stored
    assert not set(image.info) & {"exif", "icc_profile", "xmp", "comment"}
    assert image.size == (40, 60) == (photo.width, photo.height)  # rotated as the phone meant, then stripped
    assert "李四" not in photo.image.name and "IMG_" not in photo.image.name  # a generated name


def test_a_photo_is_served_as_its_reencoded_type_inline_with_nosniff_and_a_sandbox(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    client.post(reverse("dispatch:report"), FORM | {"photos": [
        SimpleUploadedFile("a.gif", hostile.gif_1x1(), "text/html"),  # a lying type does not matter
        SimpleUploadedFile("b.jpg", hostile.jpeg(), "image/jpeg")]})
    event = Event.objects.get()
    client.force_login(cast["dispatcher"])
    for photo, ctype, ext in zip(
        event.photos.order_by("pk"), ("image/png", "image/jpeg"), ("png", "jpg"), strict=True
    ):
        r = client.get(reverse("dispatch:photo", args=[photo.pk]))
        assert r.status_code == 200 and r["Content-Type"] == ctype
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert r["Content-Disposition"] == f'inline; filename="{event.case_no}-{photo.pk}.{ext}"'
        assert (
            Image.open(io.BytesIO(b"".join(r.streaming_content))).format == ext.replace("jpg", "jpeg").upper()
        )


def test_an_old_photo_not_yet_reencoded_is_only_a_download(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    client.post(reverse("dispatch:report"), FORM)
    event = Event.objects.get()
    legacy = Photo.objects.create(
        event=event, kind="report", image=ContentFile(b"<script>x</script>", name="e.html")
    )
    client.force_login(cast["dispatcher"])
    r = client.get(reverse("dispatch:photo", args=[legacy.pk]))
    assert r["Content-Type"] == "application/octet-stream" and r["Content-Disposition"].startswith(
        "attachment;"
    )
    assert (
        r["Content-Security-Policy"] == "default-src 'none'; sandbox"
        and r["X-Content-Type-Options"] == "nosniff"
    )


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.jpg", b"", "是空文件"),
    ("cut.jpg", hostile.jpeg(400, 300)[:1500], "已损坏或不完整"),
    ("zero.png", _png_header(0, 0), "zero.png"),
    ("bomb.png", _png_header(100_000, 100_000), "尺寸过大"),
    ("tall.png", _png_header(30_000, 10), "尺寸过大"),
    ("big.png", _png_header(8_000, 8_000), "尺寸过大"),
    ("big.jpg", b"\xff\xd8" + b"\x00" * (8 * 1024 * 1024), "超过 8 MB"),
])
def test_bad_images_are_a_clear_400_and_nothing_is_stored(client, cast, classify_as, name, content, message):
    classify_as("城乡建设", 0.9)
    r = client.post(
        reverse("dispatch:report"), FORM | {"photos": [SimpleUploadedFile(name, content, "image/png")]}
    )
    body = r.content.decode()
    assert r.status_code == 400 and message in body and name in body
    assert not Event.objects.exists() and not Photo.objects.exists()


def test_one_bad_photo_among_good_ones_stores_none(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    files = [SimpleUploadedFile("ok.jpg", hostile.jpeg(), "image/jpeg"),
             SimpleUploadedFile("evil.js", hostile.PAYLOAD, "image/png")]
    assert client.post(reverse("dispatch:report"), FORM | {"photos": files}).status_code == 400
    assert not Photo.objects.exists() and not Event.objects.exists()


def test_reencode_command_migrates_old_photos_and_names_the_ones_it_refuses(client, cast, classify_as, capsys,
                                                                            django_capture_on_commit_callbacks):
    classify_as("城乡建设", 0.9)
    client.post(reverse("dispatch:report"), FORM)
    event = Event.objects.get()
    old = Photo.objects.create(event=event, kind="report",
                               image=ContentFile(hostile.jpeg(exif=hostile.gps_exif()), name="IMG_0001.jpg"))
    html = Photo.objects.create(event=event, kind="report", image=ContentFile(b"<html>", name="evil.html"))
    old_name = old.image.name
    with pytest.raises(SystemExit) as exit_, django_capture_on_commit_callbacks(execute=True):
        call_command("dispatch", "reencode-photos")  # (the old file is deleted once the change is committed)
    assert exit_.value.code == 1
    out = capsys.readouterr()
    assert "1 photos re-encoded, 1 refused" in out.out and f"#{html.pk}" in out.err
    old.refresh_from_db()
    assert (
        old.content_type == "image/jpeg"
        and old.image.name != old_name
        and not default_storage.exists(old_name)
    )
    assert b"Exif" not in _stored(old) and Image.open(io.BytesIO(_stored(old))).size == (48, 64)
    entry = Entry.objects.get(action="dispatch.photo.reencoded")
    assert entry.object_id == str(old.pk)
    html.refresh_from_db()
    assert html.content_type == ""  # still only a download
    with pytest.raises(SystemExit):
        call_command("dispatch", "reencode-photos")
    assert Entry.objects.filter(action="dispatch.photo.reencoded").count() == 1
