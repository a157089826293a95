"""Issue 12 §1 at 双公示's upload points: the upload page and the import API.

A spreadsheet upload is judged by its bytes (XLSX zip with a workbook, or CSV/JSON text carrying the
standard's headers), never by its name or declared type; it is stored under a generated name with the
extension of what it is, and nothing uploaded is ever served back inline.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import ImportBatch
from zhengwu.credit.services import imports as services
from zhengwu.credit.standard import LICENSE
from zhengwu.credit.tests.factories import credit_key, license_row, raises_code
from zhengwu.credit.tests.test_services import upload
from zhengwu.org.roles import Role
from zhengwu.testing import hostile_files as hostile

pytestmark = pytest.mark.django_db
HOSTILE_CASES = list(hostile.cases())
IDS = [f"{name}-as-{declared}" for name, _c, declared in HOSTILE_CASES]


@pytest.mark.parametrize(("name", "content", "declared"), HOSTILE_CASES, ids=IDS)
def test_upload_page_refuses_each_hostile_file(client, units, make_user, name, content, declared):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    r = client.post("/credit/upload/", {"unit": units["QFGJ"].pk, "kind": "license",
                                        "file": SimpleUploadedFile(name, content, declared)})
    assert r.status_code == 400 and f"文件“{name}”" in r.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(("name", "content", "declared"), HOSTILE_CASES, ids=IDS)
def test_import_api_refuses_each_hostile_file(client, units, make_user, name, content, declared):
    key = credit_key(unit=units["QFGJ"], user=make_user("QFGJ", Role.OPERATOR), name="审批系统")
    r = client.post(
        "/credit/api/imports/",
        {"kind": "license", "file": SimpleUploadedFile(name, content, declared)},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert r.status_code == 400 and r.json()["error"]["fields"] == {"file": [r.json()["error"]["message"]]}
    assert name in r.json()["error"]["message"]
    assert not ImportBatch.objects.exists()


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(rows[0]))
    for row in rows:
        ws.append(list(row.values()))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "content", "extension"), [
    ("许可.json", None, ".csv"),  # a CSV whatever it is called
    ("report.html", None, ".csv"),
    ("许可.csv", "xlsx", ".xlsx"),  # a workbook whatever it is called
    ("data.csv", b'[{"XK_XH": "LIC-1"}]', ".json"),
])
def test_the_format_and_stored_name_come_from_the_content(units, name, content, extension):
    if content is None:
        content = upload([license_row()]).read()
    elif content == "xlsx":
        content = _xlsx([license_row()])
    batch = services.import_create(unit=units["QFGJ"], kind="license", upload=ContentFile(content, name=name),
                                   check_role=False)
    stored = batch.source.name.rsplit("/", 1)[-1]
    assert stored.endswith(extension) and len(stored) == 32 + len(extension)  # generated: 128 random bits
    assert batch.original_name == name  # kept for people to read, never used as a storage name


def test_a_workbook_disguised_as_csv_imports(units):
    batch = services.import_create(
        unit=units["QFGJ"],
        kind="license",
        upload=ContentFile(_xlsx([license_row()]), name="许可.csv"),
        check_role=False,
    )
    assert services.import_run(batch).valid_rows == 1


@pytest.mark.parametrize(("content", "code"), [
    (b"", "invalid_file"),
    (b"PK\x03\x04 broken", "invalid_file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "invalid_file"),
    ("序号,名称\n".encode("utf-16"), "invalid_file"),
    (b"\xef\xbb\xbf<html><body>x</body></html>", "invalid_file"),
    (b"XK_XH,XK_XDR\n1,<script>alert(1)</script>\n", "invalid_file"),
    (b"Dear colleagues, please find the data attached.\n", "no_header"),
])
def test_files_that_are_not_tables_are_refused_by_content(units, content, code):
    import zipfile

    with raises_code(code, ApplicationError) as exc:
        services.import_create(unit=units["QFGJ"], kind="license", upload=ContentFile(content, name="x.csv"),
                               check_role=False)
    assert exc.value.field == "file" and "x.csv" in exc.value.message  # names the file
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with raises_code("invalid_file", ApplicationError):  # a .docx is a zip, not a workbook
        services.import_create(
            unit=units["QFGJ"],
            kind="license",
            upload=ContentFile(docx.getvalue(), name="x.xlsx"),
            check_role=False,
        )
    assert not ImportBatch.objects.exists()


def test_gbk_csv_with_chinese_headers_is_accepted(units):
    header = ",".join(f.name for f in LICENSE.fields[:3])
    batch = services.import_create(
        unit=units["QFGJ"],
        kind="license",
        check_role=False,
        upload=ContentFile((header + "\nLIC-1,罗许〔16〕1号,食品经营许可\n").encode("gbk"), name="许可.csv"),
    )
    assert batch.source.name.endswith(".csv")


def test_error_report_is_a_download_with_nosniff_and_a_sandbox(client, units, make_user):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    f = upload([license_row(), license_row(XK_XH="LIC-2", DFBM="1")])
    client.post("/credit/upload/", {"unit": units["QFGJ"].pk, "kind": "license",
                                    "file": SimpleUploadedFile("许可.csv", f.read(), "text/html")})
    batch = ImportBatch.objects.get()
    r = client.get(f"/credit/imports/{batch.pk}/errors.xlsx")
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert r["Content-Disposition"].startswith("attachment;")
    assert (
        r["X-Content-Type-Options"] == "nosniff"
        and r["Content-Security-Policy"] == "default-src 'none'; sandbox"
    )
