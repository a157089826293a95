"""core.uploads and the pages' CSP (issue 12 §1): decoding, re-encoding, metadata, limits, serving, hosts."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client, RequestFactory, override_settings
from PIL import Image, ImageCms, PngImagePlugin

from zhengwu.core import csp, uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.testing import hostile_files as hostile


def _clean(content: bytes, name="x.png", declared="image/png") -> tuple[uploads.CleanImage, Image.Image]:
    image = uploads.clean_image(SimpleUploadedFile(name, content, declared))
    return image, Image.open(io.BytesIO(image.content.read()))


def _encoded(mode, fmt, size=(30, 20), **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, fmt, **save)
    return out.getvalue()


@pytest.mark.parametrize(("source", "stored", "ctype"), [
    (_encoded("RGB", "JPEG"), "JPEG", "image/jpeg"),
    (_encoded("CMYK", "JPEG"), "JPEG", "image/jpeg"),
    (_encoded("RGBA", "PNG"), "PNG", "image/png"),
    (_encoded("I;16", "PNG"), "PNG", "image/png"),
    (_encoded("P", "GIF", transparency=0), "PNG", "image/png"),
    (_encoded("RGB", "BMP"), "PNG", "image/png"),
    (_encoded("RGBA", "WEBP"), "WEBP", "image/webp"),
])
def test_each_format_is_reencoded_to_jpeg_png_or_webp(source, stored, ctype):
    image, out = _clean(source)
    assert (out.format, image.content_type, out.size) == (stored, ctype, (30, 20))
    assert image.name.endswith("." + {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[stored])


def test_alpha_survives_in_png_and_webp_and_is_flattened_on_white_in_jpeg():
    im = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    for fmt in ("PNG", "WEBP"):
        out = io.BytesIO()
        im.save(out, fmt, lossless=True) if fmt == "WEBP" else im.save(out, fmt)
        assert _clean(out.getvalue())[1].getpixel((0, 0))[3] == 0
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF", transparency=0)
    assert _clean(gif.getvalue())[1].mode == "RGBA"


def test_every_kind_of_metadata_is_dropped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 22.5N</x:xmpmeta>")
    png = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (8, 8)).save(png, "PNG", pnginfo=info, icc_profile=srgb, exif=hostile.gps_exif())
    markers = (b"tEXt", b"iTXt", b"eXIf", b"iCCP", b"script", b"GPS")
    assert all(marker in png.getvalue() for marker in markers[:-1])  # the upload carries them all
    image, out = _clean(png.getvalue())
    image.content.seek(0)
    data = image.content.read()
    assert out.info == {} and dict(out.getexif()) == {}
    assert not any(marker in data for marker in markers)
    webp = io.BytesIO()
    Image.new("RGB", (8, 8)).save(webp, "WEBP", exif=hostile.gps_exif(), icc_profile=srgb)
    assert not {"exif", "icc_profile", "xmp"} & set(_clean(webp.getvalue())[1].info)


def test_a_large_photo_is_scaled_to_the_stored_side_then_turned_upright():
    image, out = _clean(hostile.jpeg(5000, 1000), name="wide.jpg")
    assert out.size == (uploads.STORED_SIDE, 819) == (image.width, image.height)
    image, out = _clean(hostile.jpeg(9000, 1000, exif=hostile.gps_exif(orientation=6)), name="tall.jpg")
    assert out.size == (455, uploads.STORED_SIDE) and dict(out.getexif()) == {}


def test_parsers_outside_the_list_are_never_tried():
    for fmt in ("TIFF", "ICO", "PPM"):
        with pytest.raises(ApplicationError) as exc:
            _clean(_encoded("RGB", fmt))
        assert exc.value.code == "invalid_file"
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"  # Pillow's EPS parser would call Ghostscript
    with pytest.raises(ApplicationError) as exc:
        _clean(eps)
    assert exc.value.code == "invalid_file"


def test_refusals_name_the_file_and_the_field():
    with pytest.raises(ApplicationError) as exc:
        uploads.clean_image(SimpleUploadedFile("家门口.svg", hostile.HOSTILE["evil.svg"][0]), field="image")
    assert (
        "家门口.svg" in exc.value.message and exc.value.field == "image" and exc.value.code == "invalid_file"
    )
    long = "x" * 300 + ".js"
    with pytest.raises(ApplicationError) as exc:
        uploads.clean_image(SimpleUploadedFile(long, b"alert(1)"))
    assert len(exc.value.message) < 120  # the client's name is shortened in messages


def test_generated_names_are_random():
    names = {uploads.generated_name("jpg") for _ in range(100)}
    assert len(names) == 100 and all(len(n) == 36 for n in names)


@pytest.mark.parametrize(("content", "kind"), [
    (b"XK_XH,XK_XDR\n1,a\n", "csv"),
    ("序号,名称\n1,甲\n".encode("gbk"), "csv"),
    (b'\xef\xbb\xbf[{"XK_XH": 1}]', "json"),
    (b"  {\"records\": []}", "json"),
])
def test_check_table_tells_the_format_from_the_bytes(content, kind):
    assert uploads.check_table(ContentFile(content, name="whatever.xlsx")) == kind


# --- serving ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ctype", "sent", "disposition"), [
    ("image/jpeg", "image/jpeg", "inline"),
    ("image/png", "image/png", "inline"),
    ("image/webp", "image/webp", "inline"),
    ("text/html", "application/octet-stream", "attachment"),
    ("image/svg+xml", "application/octet-stream", "attachment"),
    ("text/javascript", "application/octet-stream", "attachment"),
    ("image/gif", "application/octet-stream", "attachment"),
    ("text/csv", "text/csv", "attachment"),
])
def test_file_response_is_inline_only_for_reencoded_raster_types(ctype, sent, disposition):
    r = uploads.file_response(io.BytesIO(b"x"), content_type=ctype, filename="f.bin")
    assert r["Content-Type"] == sent and r["Content-Disposition"].startswith(disposition + ";")
    assert r["X-Content-Type-Options"] == "nosniff" and r["Content-Security-Policy"] == uploads.FILE_CSP


@pytest.mark.django_db
def test_pages_allow_scripts_only_from_the_static_path(client):
    for url in ("/login/", "/dispatch/report/", "/no-such-page/"):
        policy = dict(d.strip().split(" ", 1) for d in client.get(url)["Content-Security-Policy"].split(";"))
        sources = policy["script-src"].split()
        assert "http://testserver/static/" in sources and "'self'" not in sources, url
        assert all(s == "http://testserver/static/" or s.startswith("'nonce-") for s in sources), url


def test_csp_placeholder_is_resolved_or_left_as_none():
    config = {"default-src": ["'self'"], "script-src": ["<CSP_NONCE_SENTINEL>", csp.STATIC_SOURCE]}
    assert csp.resolve(config, "https://h/static/")["script-src"][1] == "https://h/static/"
    assert csp.resolve({"script-src": [csp.STATIC_SOURCE]}, None) == {"script-src": ["'none'"]}
    assert csp.static_source("/static/", "https", "zw.example") == "https://zw.example/static/"
    assert csp.static_source("https://cdn.example/zw/", "https", None) == "https://cdn.example/zw/"
    assert csp.static_source("/static/", "https", None) is None


@override_settings(UPLOADS_ORIGIN="https://files.example", ALLOWED_HOSTS=["testserver", "files.example"])
@pytest.mark.django_db
def test_with_an_uploads_origin_files_come_only_from_that_host_by_short_lived_signed_links(monkeypatch):
    name = default_storage.save("dispatch/photos/t/a.png", ContentFile(hostile.png()))
    request = RequestFactory().get("/dispatch/photo/1/")
    redirect = uploads.serve(request, name, content_type="image/png", filename="a.png")
    assert redirect.status_code == 302 and redirect["Location"].startswith("https://files.example/uploads/")
    path = redirect["Location"].removeprefix("https://files.example")
    files, pages = Client(HTTP_HOST="files.example"), Client()
    r = files.get(path, secure=True)
    assert (
        r.status_code == 200
        and r["Content-Type"] == "image/png"
        and r["Content-Security-Policy"] == uploads.FILE_CSP
    )
    assert pages.get(path).status_code == 404  # never from the pages' host
    for other in ("/", "/login/", "/dispatch/report/", "/static/vendor/htmx-2.0.11.min.js"):
        assert files.get(other, secure=True).status_code == 404, other  # the uploads host serves nothing else
    assert files.get(path[:-3] + "xx/", secure=True).status_code == 404  # tampered
    monkeypatch.setattr(uploads, "SIGNED_URL_SECONDS", -1)
    assert files.get(path, secure=True).status_code == 404  # expired


@pytest.mark.django_db
def test_debug_media_view_is_for_staff_and_never_inline_html(make_user):
    from django.contrib.auth.models import AnonymousUser

    name = default_storage.save("credit/uploads/t/x.html", ContentFile(b"<script>alert(1)</script>"))
    request = RequestFactory().get("/media/" + name)
    request.user = AnonymousUser()
    assert uploads.media(request, name).status_code == 302
    request.user = make_user("QFGJ", "operator", is_staff=True)
    r = uploads.media(request, name)
    assert r["Content-Type"] == "application/octet-stream" and r["Content-Disposition"].startswith(
        "attachment;"
    )
    assert r["Content-Security-Policy"] == uploads.FILE_CSP
    with pytest.raises(Http404, match="文件不存在"):
        uploads.media(request, "../../etc/passwd")


def test_system_check_refuses_uploads_under_the_static_path(settings, tmp_path):
    from zhengwu.core.checks import uploads_apart_from_static

    assert uploads_apart_from_static() == []
    settings.MEDIA_URL = "/static/media/"
    settings.MEDIA_ROOT = settings.STATIC_ROOT / "media"
    assert [e.id for e in uploads_apart_from_static()] == ["core.E002", "core.E002"]
