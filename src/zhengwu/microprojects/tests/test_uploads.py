"""Issue 17 §10 (milestones with photos and documents) and §3 (the historical import as a staff page), under
issue 12 §1: every upload is hostile. A milestone's files go through core.uploads — HTML, SVG, JS and a GIF/JS
polyglot are refused with nothing stored; a real image carrying a script keeps only its re-encoded pixels; a
PDF or XLSX is judged by its bytes and served only as a download. The import page takes only a CSV or XLSX
judged by its bytes. Only staff who may see the project download its files; the public sees only the
photos of a public project."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.models import Entry
from zhengwu.microprojects import services
from zhengwu.microprojects.models import Milestone, MilestoneFile, Suggestion
from zhengwu.microprojects.services.milestone_files import MAX_FILES
from zhengwu.microprojects.tests.helpers import MONDAY, new_project, walk
from zhengwu.testing import hostile_files as hostile

pytestmark = pytest.mark.django_db

HOSTILE_CASES = list(hostile.cases())
IDS = [f"{name}-as-{declared}" for name, _c, declared in HOSTILE_CASES]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def building(cast):
    return walk(cast, new_project(cast), "implementation")


def _milestone(client, project, files, progress=40):
    return client.post(reverse("microprojects:project_act", args=[project.pk, "milestone"]),
                       {"title": "开工", "progress": progress, "note": "", "files": files})


def _stored(f: MilestoneFile) -> bytes:
    with default_storage.open(f.file.name, "rb") as fh:
        return fh.read()


@pytest.mark.parametrize(("name", "content", "declared"), HOSTILE_CASES, ids=IDS)
def test_the_milestone_form_refuses_or_defangs_each_hostile_file(
    client, cast, building, name, content, declared
):
    client.force_login(cast["street"])
    r = _milestone(client, building, [SimpleUploadedFile(name, content, declared)])
    if name in hostile.DECODABLE:
        assert r.status_code == 302
        f = MilestoneFile.objects.get()
        assert f.content_type in ("image/png", "image/jpeg") and not hostile.has_script(_stored(f))
        assert name.rsplit(".", 1)[0] not in f.file.name and f.original_name == name
    else:
        assert r.status_code == 400 and f"文件“{name}”" in r.content.decode()
        assert not Milestone.objects.exists() and not MilestoneFile.objects.exists()
        building.refresh_from_db()
        assert building.progress == 0


def test_photos_and_documents_are_kept_served_safely_and_only_photos_are_public(
    client, cast, building, make_user
):
    client.force_login(cast["street"])
    files = [SimpleUploadedFile("验收.pdf", PDF, "text/html"),
             SimpleUploadedFile("清单.xlsx", _xlsx([["项", "金额"]]), "image/png"),
             SimpleUploadedFile("现场.jpg", hostile.jpeg(exif=hostile.gps_exif()), "image/jpeg")]
    assert _milestone(client, building, files).status_code == 302
    by_type = {f.content_type: f for f in MilestoneFile.objects.all()}
    assert set(by_type) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/jpeg",
    }
    assert _stored(by_type["application/pdf"]) == PDF
    assert b"Phone Maker" not in _stored(by_type["image/jpeg"])  # re-encoded: no EXIF, no GPS
    entry = Entry.objects.filter(action="microprojects.project.milestone").latest("id")
    assert sorted(entry.after["files"]) == sorted(f.pk for f in by_type.values())
    for f in by_type.values():
        r = client.get(reverse("microprojects:milestone_file", args=[f.pk]))
        assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
        assert (
            r["Content-Security-Policy"] == "default-src 'none'; sandbox" and "html" not in r["Content-Type"]
        )
        assert r["Content-Disposition"].startswith("inline") == (f.content_type == "image/jpeg")
    assert "验收.pdf" in client.get(reverse("microprojects:project", args=[building.pk])).content.decode()
    client.force_login(cast["other_community"])
    assert (
        client.get(reverse("microprojects:milestone_file", args=[by_type["application/pdf"].pk])).status_code
        == 404
    )
    client.logout()
    photo, pdf = by_type["image/jpeg"], by_type["application/pdf"]
    assert client.get(reverse("microprojects:public_milestone_file", args=[photo.pk])).status_code == 200
    assert client.get(reverse("microprojects:public_milestone_file", args=[pdf.pk])).status_code == 404
    assert client.get(reverse("microprojects:public_milestone_file", args=["99999"])).status_code == 404
    page = client.get(reverse("microprojects:public_community", args=[building.unit.code])).content.decode()
    assert reverse("microprojects:public_milestone_file", args=[photo.pk]) in page


def test_damaged_files_and_too_many_are_refused_before_anything_is_stored(cast, building):
    for name, content in [("cut.pdf", b"%PDF-1.4\n1 0 obj"), ("archive.zip", b"PK\x03\x04" + b"\x00" * 40),
                          ("empty.jpg", b"")]:
        with pytest.raises(ApplicationError) as exc:
            services.milestone_record(
                project=building,
                actor=cast["street"],
                on=MONDAY,
                title="x",
                progress=10,
                files=[SimpleUploadedFile(name, content, "image/jpeg")],
            )
        assert exc.value.field == "files" and name in exc.value.message
    many = [SimpleUploadedFile(f"{i}.pdf", PDF, "application/pdf") for i in range(MAX_FILES + 1)]
    with pytest.raises(ApplicationError) as exc:
        services.milestone_record(project=building, actor=cast["street"], on=MONDAY, title="x", progress=10,
                                  files=many)
    assert exc.value.code == "too_many_files"
    assert not Milestone.objects.exists() and not MilestoneFile.objects.exists()


@pytest.mark.parametrize(("name", "content", "declared"), HOSTILE_CASES, ids=IDS)
def test_the_import_page_refuses_each_hostile_file(client, cast, name, content, declared):
    client.force_login(cast["community"])
    for filename in (name, "history.csv", "history.xlsx"):
        r = client.post(reverse("microprojects:suggestions_import"),
                        {"file": SimpleUploadedFile(filename, content, declared)})
        assert r.status_code == 400, filename
    assert not Suggestion.objects.exists()


def test_the_import_page_imports_a_csv_and_an_xlsx_deduplicated_and_classified(client, cast):
    client.force_login(cast["community"])
    csv_bytes = ("社区,标题,内容,建议人\nGY-DTL,修补楼道破损台阶,台阶破损有安全隐患,张三\n"
                 "GY-DTL,修补楼道破损台阶,台阶破损有安全隐患,李四\n").encode()
    r = client.post(reverse("microprojects:suggestions_import"),
                    {"file": SimpleUploadedFile("h.csv", csv_bytes, "text/csv")})
    assert r.status_code == 200 and "导入 1 条，重复 1 条" in r.content.decode()
    xlsx = _xlsx([["社区", "标题", "内容"], ["GY-DTL", "修补楼道破损台阶", "台阶破损有安全隐患"],
                  ["GY-DTL", "开展长者健康讲座", "社区长者健康服务"]])
    r = client.post(reverse("microprojects:suggestions_import"), {"file": SimpleUploadedFile("h.xlsx", xlsx)})
    assert r.status_code == 200 and "导入 1 条，重复 1 条" in r.content.decode()
    assert Suggestion.objects.count() == 2 and Suggestion.objects.filter(channel="import").count() == 2
    assert any(s.areas for s in Suggestion.objects.all())
    # an XLSX named .csv (or the reverse) is refused: the bytes decide, and must agree with the name
    r = client.post(reverse("microprojects:suggestions_import"), {"file": SimpleUploadedFile("h.csv", xlsx)})
    assert r.status_code == 400
    # a bad row refuses the whole file naming row and column
    bad = "社区,标题\nGY-DTL,好建议\nNOPE,另一个建议\n".encode()
    r = client.post(reverse("microprojects:suggestions_import"), {"file": SimpleUploadedFile("b.csv", bad)})
    assert r.status_code == 400 and "第 3 行" in r.content.decode() and Suggestion.objects.count() == 2
