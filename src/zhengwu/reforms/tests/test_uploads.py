"""Issue 19 §2 承办 with attachments, under issue 12 §1 (every upload is hostile): a progress report's
files go through core.uploads. HTML, SVG, JS and a GIF/JS polyglot — declared truthfully or as image/png —
are refused with nothing stored; a real image carrying a script keeps only its re-encoded pixels; a PDF or
an XLSX is judged by its bytes and only ever served as a download, with nosniff and a sandboxing policy;
never inline HTML. Size and count limits are checked before anything is decoded or stored. Only staff who
may see the plan download its files (anyone else: 404)."""

import io
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.reforms import services
from zhengwu.reforms.models import ProgressReport, ReportAttachment
from zhengwu.reforms.rules import MilestoneDraft
from zhengwu.reforms.standard import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from zhengwu.testing import hostile_files as hostile

pytestmark = pytest.mark.django_db

PLAN = {"targets": "出台空编统筹办法", "content": "建立空闲编制收回制度", "responsible": "编办主任"}
HOSTILE_CASES = list(hostile.cases())
IDS = [f"{name}-as-{declared}" for name, _c, declared in HOSTILE_CASES]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["节点", "进度"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def lead(make_user, units):
    user = make_user("QBB", Role.OPERATOR)
    services.plan_register(number=1, unit=units["QBB"], on=date(2016, 3, 1), actor=user, **PLAN)
    services.plan_decompose(number=1, actor=user,
                            milestones=[MilestoneDraft("调研", "调研报告", "QWZZB", date(2016, 3, 31))])
    services.plan_undertake(number=1, on=date(2016, 3, 2), actor=user)
    return user


def _post(client, files, text="已完成调研"):
    return client.post(reverse("reforms:item", args=[1]),
                       {"step": "report", "on": "2016-03-20", "text": text, "attachments": files})


def _stored(a: ReportAttachment) -> bytes:
    with default_storage.open(a.file.name, "rb") as fh:
        return fh.read()


@pytest.mark.parametrize(("name", "content", "declared"), HOSTILE_CASES, ids=IDS)
def test_the_report_form_refuses_or_defangs_each_hostile_file(client, lead, name, content, declared):
    client.force_login(lead)
    r = _post(client, [SimpleUploadedFile(name, content, declared)])
    if name in hostile.DECODABLE:  # a real image: only its pixels are kept, re-encoded under a new name
        assert r.status_code == 302
        a = ReportAttachment.objects.get()
        assert a.content_type in ("image/png", "image/jpeg") and not hostile.has_script(_stored(a))
        assert name.rsplit(".", 1)[0] not in a.file.name and a.original_name == name
    else:
        assert r.status_code == 400
        assert f"文件“{name}”" in r.content.decode()
        assert not ProgressReport.objects.exists() and not ReportAttachment.objects.exists()


def test_pdf_and_xlsx_are_kept_by_their_bytes_and_served_only_as_downloads(client, lead, make_user):
    client.force_login(lead)
    files = [
        SimpleUploadedFile("方案.pdf", PDF, "text/html"),
        SimpleUploadedFile("进度.xlsx", _xlsx(), "image/png"),
        SimpleUploadedFile("现场.jpg", hostile.jpeg(exif=hostile.gps_exif()), "image/jpeg"),
    ]
    assert _post(client, files).status_code == 302
    by_type = {a.content_type: a for a in ReportAttachment.objects.all()}
    assert set(by_type) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/jpeg",
    }
    assert _stored(by_type["application/pdf"]) == PDF
    assert b"Phone Maker" not in _stored(by_type["image/jpeg"])  # the photo was re-encoded: no EXIF, no GPS
    entry = Entry.objects.get(action="reforms.report.submitted")
    assert [a["type"] for a in entry.after["attachments"]] == [a.content_type for a in
                                                               ReportAttachment.objects.order_by("id")]
    for a in by_type.values():
        r = client.get(reverse("reforms:attachment", args=[a.pk]))
        assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert "html" not in r["Content-Type"]
        inline = r["Content-Disposition"].startswith("inline")
        assert inline == (a.content_type == "image/jpeg")
    page = client.get(reverse("reforms:item", args=[1])).content.decode()
    assert "方案.pdf" in page and reverse("reforms:attachment", args=[by_type["application/pdf"].pk]) in page
    # the milestone's own unit may download; a unit with nothing to do with the item gets a 404
    client.force_login(make_user("QWZZB", Role.OPERATOR))
    assert client.get(reverse("reforms:attachment", args=[by_type["application/pdf"].pk])).status_code == 200
    client.force_login(make_user("QCZJ", Role.OPERATOR))
    assert client.get(reverse("reforms:attachment", args=[by_type["application/pdf"].pk])).status_code == 404


@pytest.mark.parametrize(("name", "content"), [
    ("cut.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>"),  # no %%EOF: truncated
    ("fake.pdf", b"<html><script>alert(1)</script></html>%%EOF"),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 40),
    ("empty.jpg", b""),
])
def test_damaged_or_disguised_documents_are_refused_naming_the_file(lead, name, content):
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(number=1, on=date(2016, 3, 20), text="进展", actor=lead,
                               attachments=[SimpleUploadedFile(name, content, "application/pdf")])
    assert exc.value.code == "invalid_file" and exc.value.field == "attachments" and name in exc.value.message
    assert not ProgressReport.objects.exists()


def test_size_and_count_limits_come_before_anything_is_read(lead):
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES + b"\n%%EOF", "application/pdf"
    )
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(number=1, on=date(2016, 3, 20), text="进展", actor=lead, attachments=[big])
    assert exc.value.code == "invalid_file" and "10 MB" in exc.value.message
    many = [SimpleUploadedFile(f"{i}.pdf", PDF, "application/pdf") for i in range(MAX_ATTACHMENTS + 1)]
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(number=1, on=date(2016, 3, 20), text="进展", actor=lead, attachments=many)
    assert exc.value.code == "too_many_attachments"
    assert not ProgressReport.objects.exists() and not ReportAttachment.objects.exists()
