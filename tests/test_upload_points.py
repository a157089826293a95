"""Every upload point is known and has its attack test; every file response goes through core.uploads.

Issue 12 §1: "apply the same rule to every upload in the platform (credit files, evidence, future
attachments)". A new `request.FILES`, `FileField` or `ImageField` fails this test until it is listed
below with a test module that sends it the hostile files of `zhengwu.testing.hostile_files`; a file
response built anywhere but `core.uploads` (without its nosniff, sandbox and disposition) fails too.
"""

import re
from collections import Counter
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "zhengwu"
PATTERNS = {
    "request.FILES": re.compile(r"request\.FILES\b"),
    "FileField": re.compile(r"models\.(?:FileField|ImageField)\("),
    "FileResponse": re.compile(r"\bFileResponse\("),
}
#: (module, what) → how many, and the test module that attacks it
UPLOAD_POINTS = {
    ("dispatch/views/public.py", "request.FILES"): (1, "dispatch/tests/test_uploads.py"),  # report form
    ("dispatch/views/cases.py", "request.FILES"): (2, "dispatch/tests/test_uploads.py"),  # resolve, appeal
    ("dispatch/models.py", "FileField"): (
        2,
        "dispatch/tests/test_uploads.py",
    ),  # Photo.image, AppealEvidence.file
    ("credit/views/records.py", "request.FILES"): (1, "credit/tests/test_uploads.py"),  # upload page
    ("credit/api.py", "request.FILES"): (1, "credit/tests/test_uploads.py"),  # import API
    ("credit/models.py", "FileField"): (
        3,
        "credit/tests/test_uploads.py",
    ),  # source, error_report, repair proof
    ("credit/views/repairs.py", "request.FILES"): (1, "credit/tests/test_repair_views.py"),  # 信用修复 proof
    ("reforms/views/plans.py", "request.FILES"): (1, "reforms/tests/test_uploads.py"),  # report attachments
    ("reforms/models.py", "FileField"): (2, "reforms/tests/test_uploads.py"),  # attachment, monthly PDF
    ("microprojects/views/staff.py", "request.FILES"): (
        1,
        "microprojects/tests/test_uploads.py",
    ),  # milestone
    ("microprojects/views/planning.py", "request.FILES"): (
        1,
        "microprojects/tests/test_uploads.py",
    ),  # import
    ("microprojects/models.py", "FileField"): (
        1,
        "microprojects/tests/test_uploads.py",
    ),  # MilestoneFile.file
    ("core/uploads.py", "FileResponse"): (1, "core/tests/test_uploads.py"),  # the one file response
}


def _found() -> Counter:
    found = Counter()
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel.startswith("testing/"):
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in PATTERNS.items():
            if n := len(pattern.findall(text)):
                found[(rel, what)] += n
    return found


def test_every_upload_point_is_listed_with_its_attack_test():
    assert dict(_found()) == {key: n for key, (n, _test) in UPLOAD_POINTS.items()}
    for (_module, _what), (_n, test) in UPLOAD_POINTS.items():
        assert "hostile_files" in (SRC / test).read_text(encoding="utf-8"), test
