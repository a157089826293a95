"""Files an attacker uploads, for the tests of every upload point (issue 12 §1), and real photos to compare.

    for name, (content, true_type) in HOSTILE.items(): ...   # each is sent with its own type and as image/png
    assert not has_script(stored_bytes)
"""

import io

#: What a script in a staff browser would do: mark the window, read the dispatcher's case list.
PAYLOAD = (
    b"window.__pwned=1;fetch('/dispatch/cases/').then(r=>r.text()).then(t=>navigator.sendBeacon('/x',t));"
)


def gif_1x1() -> bytes:
    """A valid one-pixel GIF."""
    return (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x00\x00\x00\x00\x00,"
            b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def jpeg(width: int = 64, height: int = 48, *, exif: bytes | None = None, comment: bytes = b"",
         color=(200, 40, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    kwargs = {"quality": 90}
    if exif is not None:
        kwargs["exif"] = exif
    if comment:
        kwargs["comment"] = comment
    Image.new("RGB", (width, height), color).save(out, "JPEG", **kwargs)
    return out.getvalue()


def png(width: int = 32, height: int = 24, mode: str = "RGBA") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG")
    return out.getvalue()


def gps_exif(orientation: int = 6) -> bytes:
    """EXIF with a GPS position in Luohu (22.548°N 114.131°E), a camera, and an orientation."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Phone Maker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (22.0, 32.0, 52.8), 3: "E", 4: (114.0, 7.0, 51.6)}  # GPSInfo
    return exif.tobytes()


#: name → (bytes, the type a truthful browser would declare). Each is also sent declared as image/png.
HOSTILE = {
    "evil.html": (b"<!doctype html><html><body><script>" + PAYLOAD + b"</script></body></html>", "text/html"),
    "evil.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"><script>' + PAYLOAD
                 + b"</script></svg>", "image/svg+xml"),
    "evil.js": (PAYLOAD, "text/javascript"),
    # a GIF header that is also JavaScript (GIF89a/* … */=…): not an image a decoder accepts
    "gifjs.gif": (b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=1;" + PAYLOAD, "image/gif"),
    # a real GIF with a web page after its end: decodes, so only its pixel may survive
    "polyglot.gif": (gif_1x1() + b"<html><script>" + PAYLOAD + b"</script></html>", "image/gif"),
    # a real JPEG whose comment segment holds a script
    "comment.jpg": (jpeg(comment=b"<script>" + PAYLOAD + b"</script>"), "image/jpeg"),
}
#: the hostile files that are real images too: a photo upload may keep their pixels (re-encoded)
DECODABLE = {"polyglot.gif", "comment.jpg"}


def has_script(data: bytes) -> bool:
    """Whether any part of an attack payload survived in `data`."""
    lowered = data.lower()
    return any(
        marker in lowered for marker in (b"<script", b"__pwned", b"fetch(", b"<html", b"<svg", b"onload")
    )


def cases():
    """(name, content, declared type) for every hostile file, with its own type and with a lying image/png."""
    for name, (content, true_type) in HOSTILE.items():
        for declared in dict.fromkeys((true_type, "image/png")):
            yield name, content, declared
