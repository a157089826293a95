"""Web pages and API: scoping, upload → background import → progress → error report, template download."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from zhengwu.credit import services
from zhengwu.credit.models import ImportBatch, Record
from zhengwu.credit.tests.factories import credit_key, license_row
from zhengwu.credit.tests.test_services import run, upload
from zhengwu.org.roles import Role


@pytest.mark.django_db
def test_index_shows_only_the_users_units_records(client, units, make_user):
    run(units["QFGJ"], [license_row(XK_XDR="深圳市发改可见有限公司")])
    run(units["QCGJ"], [license_row(XK_XDR="深圳市城管不可见有限公司", XK_XZJG="深圳市罗湖区城市管理局")])
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    body = client.get("/credit/").content.decode()
    assert "深圳市发改可见有限公司" in body and "深圳市城管不可见有限公司" not in body
    other = Record.objects.get(unit=units["QCGJ"])
    assert client.get(f"/credit/records/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_upload_runs_the_import_and_offers_the_error_report(client, units, make_user):
    user = make_user("QFGJ", Role.OPERATOR)
    client.force_login(user)
    f = upload([license_row(), license_row(XK_XH="LIC-2", DFBM="1")])
    response = client.post("/credit/upload/", {"unit": units["QFGJ"].pk, "kind": "license",
                                               "file": SimpleUploadedFile("许可.csv", f.read())})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == f"/credit/imports/{batch.pk}/"
    assert (batch.status, batch.valid_rows, batch.created, batch.uploaded_by) == ("done", 1, 1, user)
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "errors.xlsx" in page and "hx-trigger" not in page  # finished: no more polling
    report = client.get(f"/credit/imports/{batch.pk}/errors.xlsx")
    ws = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert ws.max_row == 2


@pytest.mark.django_db
def test_running_import_page_polls_for_progress(client, units, make_user):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    batch = services.import_create(
        unit=units["QFGJ"], kind="license", upload=upload([license_row()]), check_role=False
    )
    body = client.get(f"/credit/imports/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in body


@pytest.mark.django_db
def test_reviewer_cannot_upload(client, units, make_user):
    client.force_login(make_user("QFGJ", Role.REVIEWER))
    assert client.get("/credit/upload/").status_code == 403


@pytest.mark.django_db
def test_template_download_has_headers_comments_and_dropdowns(client, units, make_user):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    response = client.get("/credit/template/license.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    assert ws["A1"].value == "序号" and "XK_XH" in ws["A1"].comment.text and "必填" in ws["A1"].comment.text
    assert ws.cell(row=1, column=4).value == "审批类别"
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert len(formulas) >= 3  # 审批类别, 当前状态, 街道
    options = wb.worksheets[1]
    assert "桂园街道" in [c.value for c in options[options.max_column][:]] or any(
        c.value == "桂园街道" for row in options.iter_rows() for c in row)
    # dates typed as dates, everything else kept as typed text (codes keep their leading zeros), whole columns
    from openpyxl.utils import get_column_letter

    from zhengwu.credit.standard import Type, standard_for

    for col, f in enumerate(standard_for("license").fields, start=1):
        expected = "yyyy-mm-dd" if f.type in (Type.DATE, Type.TIMESTAMP) else "@"
        assert ws.column_dimensions[get_column_letter(col)].number_format == expected, f.code


@pytest.mark.django_db
def test_api_token_upload_and_status(client, units, make_user):
    user = make_user("QFGJ", Role.OPERATOR)
    key = credit_key(unit=units["QFGJ"], user=user, name="审批系统")
    f = upload([license_row()])
    response = client.post(
        "/credit/api/imports/",
        {"kind": "license", "file": SimpleUploadedFile("a.csv", f.read())},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 202 and response.json()["unit"] == "QFGJ"
    status = client.get(
        f"/credit/api/imports/{response.json()['id']}/", headers={"Authorization": f"Bearer {key}"}
    )
    assert status.json()["status"] == "done" and status.json()["created"] == 1
    bad = client.post("/credit/api/imports/", {"kind": "license"}, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "invalid_token"


@pytest.mark.django_db
def test_api_session_upload_needs_csrf(units, make_user):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(make_user("QFGJ", Role.OPERATOR))
    f = upload([license_row()])
    r = c.post(
        "/credit/api/imports/",
        {"kind": "license", "unit": "QFGJ", "file": SimpleUploadedFile("a.csv", f.read())},
    )
    assert r.status_code == 403 and not ImportBatch.objects.exists()
