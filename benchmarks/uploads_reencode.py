"""Cost of re-encoding an uploaded photo (issue 12 §1): time and peak memory, beside a naive anchor.

    .venv/bin/python benchmarks/uploads_reencode.py [--rounds 3]

For each photo (a 12-megapixel phone JPEG with EXIF GPS, a 48-megapixel JPEG, a 24-megapixel
RGBA PNG, a 2-megapixel PNG, a 12-megapixel WebP) two processes do, rounds interleaved:
  anchor  Pillow's plain `Image.open(f).save(out, same format)`: decode and encode, nothing else
          (no orientation, no scaling, metadata not stripped by design: the cheapest re-encode);
  clean   `core.uploads.clean_image` (limits, orientation, sRGB, scale to 4096, no metadata).
Each runs in its own process; its peak RSS is that process's VmHWM after the work less the same
before it (after the imports and reading the file). Both outputs are checked to decode; the clean one
to carry no EXIF. The machine's load averages are printed beside every number (the 2 cores are shared).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import io, json, sys, time
mode, path = sys.argv[1], sys.argv[2]


def hwm_kb():  # this process's peak RSS (VmHWM: reset by exec, unlike getrusage's maxrss)
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))



import django
django.setup()
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from zhengwu.core import uploads
data = open(path, "rb").read()
before = hwm_kb()
t0 = time.perf_counter()
if mode == "anchor":
    img = Image.open(io.BytesIO(data))
    out = io.BytesIO()
    img.save(out, img.format)
    body = out.getvalue()
else:
    clean = uploads.clean_image(SimpleUploadedFile("p", data), max_bytes=64 << 20, max_pixels=50_000_000)
    body = clean.content.read()
seconds = time.perf_counter() - t0
peak = hwm_kb()
check = Image.open(io.BytesIO(body))
check.load()
print(json.dumps({"seconds": seconds, "peak_mb": (peak - before) / 1024, "size": check.size,
                  "bytes": len(body),
                  "exif": bool(check.getexif())}))
"""


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def photos(folder: Path) -> dict[str, Path]:
    from PIL import Image

    sys.path.insert(0, str(ROOT / "src"))
    from zhengwu.testing.hostile_files import gps_exif

    def noise(size, mode):  # a photo-like image: smooth gradients plus noise (not a flat colour)
        base = Image.radial_gradient("L").resize(size)
        channels = [base, Image.effect_noise(size, 40), base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
        if mode == "RGBA":
            channels.append(Image.linear_gradient("L").resize(size))
        return Image.merge(mode, channels)

    made = {}
    for name, size, mode, fmt, extra in (
        ("12MP phone JPEG + GPS", (4032, 3024), "RGB", "JPEG", {"quality": 92, "exif": gps_exif()}),
        ("48MP JPEG", (8000, 6000), "RGB", "JPEG", {"quality": 90}),
        ("24MP RGBA PNG", (6000, 4000), "RGBA", "PNG", {"compress_level": 1}),
        ("2MP PNG", (1920, 1080), "RGB", "PNG", {}),
        ("12MP WebP", (4000, 3000), "RGB", "WEBP", {"quality": 85}),
    ):
        path = folder / f"{len(made)}.{fmt.lower()}"
        noise(size, mode).save(path, fmt, **extra)
        made[name] = path
    return made


def run(mode: str, path: Path) -> tuple[dict, float]:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "zhengwu.settings_test", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)], env=env, capture_output=True, text=True, check=True
    )
    out = json.loads(done.stdout)
    return out, out["peak_mb"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in photos(Path(tmp)).items():
            results = {"anchor": [], "clean": []}
            for _ in range(args.rounds):
                for mode in ("anchor", "clean"):  # interleaved
                    results[mode].append(run(mode, path))
            clean_out = results["clean"][0][0]
            assert not clean_out["exif"], "the clean output carries EXIF"
            line = [f"{name:24} ({path.stat().st_size / 1e6:.1f} MB)"]
            for mode, rows in results.items():
                seconds = statistics.median(r["seconds"] for r, _m in rows)
                mb = statistics.median(m for _r, m in rows)
                line.append(f"{mode}: {seconds:.2f} s, +{mb:.0f} MB peak, → {rows[0][0]['size'][0]}×"
                            f"{rows[0][0]['size'][1]} {rows[0][0]['bytes'] / 1e6:.1f} MB")
            anchor_s = statistics.median(r["seconds"] for r, _m in results["anchor"])
            clean_s = statistics.median(r["seconds"] for r, _m in results["clean"])
            print(" | ".join(line) + f" | ratio {clean_s / anchor_s:.2f} | {load()}", flush=True)


if __name__ == "__main__":
    main()
