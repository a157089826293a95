"""Issue 13, the 双公示 import side (items 2, 4–9, 15, 16): each test fails on the code before the fix.

Tests assert error codes (`rule`, `code`), never Chinese text.
"""

import io
import json
import re
import zipfile
from datetime import date
from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from zhengwu.credit import rules
from zhengwu.credit.formats import national
from zhengwu.credit.formats.ingest import open_table
from zhengwu.credit.models import Contact, ImportBatch, Record
from zhengwu.credit.rules import checking, publicity_versions, sample
from zhengwu.credit.rules.authority import authority_key
from zhengwu.credit.rules.divisions import valid_codes
from zhengwu.credit.rules.validation import _category_checks
from zhengwu.credit.services import imports as services
from zhengwu.credit.standard import LICENSE, PENALTY
from zhengwu.credit.tests.factories import frame, license_row, penalty_row, raises_code
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role

STREETS = {"桂园街道": "桂园街道", "东门街道": "东门街道"}
TODAY = date(2026, 1, 1)
CTX = rules.Context(streets=STREETS, divisions=valid_codes(), today=TODAY)


def found(row: dict, std=LICENSE, ctx=CTX) -> set[tuple[str, str]]:
    result = rules.validate(frame(row), std, ctx)
    return {(e["field"], e["rule"]) for e in result.errors.iter_rows(named=True)}


def upload(rows: list[dict], name="f.csv"):
    from django.core.files.base import ContentFile

    return ContentFile(
        pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}).write_csv().encode(), name=name
    )


def run(unit, rows, kind="license"):
    batch = services.import_create(unit=unit, kind=kind, upload=upload(rows), check_role=False)
    return batch, services.import_run(batch)


# --- item 2: 谁产生、谁负责 -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_authority_other_than_the_importing_unit_is_an_error_naming_both(units):
    batch, rep = run(units["GY"], [license_row(XK_XZJG="深圳市罗湖区城市管理局", JD="桂园街道"),
                                   license_row(XK_XH="LIC-2", XK_XZJG="罗湖区桂园街道办事处")])
    errors = rep.error_frame().to_dicts()
    assert [(e["row"], e["field"], e["rule"]) for e in errors] == [(1, "XK_XZJG", "authority")]
    assert "深圳市罗湖区城市管理局" in errors[0]["message"] and "桂园街道" in errors[0]["message"]
    assert list(Record.objects.filter(unit=units["GY"]).values_list("key", flat=True)) == ["LIC-2"]


@pytest.mark.django_db
def test_the_authority_may_be_a_unit_configured_to_report_for(units):
    row = penalty_row(CF_XZJG="深圳市罗湖区城市管理行政执法监察大队")
    _batch, rep = run(units["QCGZFJ"], [row], kind="penalty")
    assert {e["rule"] for e in rep.error_frame().to_dicts()} == {"authority"}
    with override_settings(CREDIT_REPORTS_FOR={"QCGZFJ": ["QCGZFDD"]}):
        _batch, rep = run(units["QCGZFJ"], [row | {"CF_XH": "PEN-2"}], kind="penalty")
    assert rep.valid_rows == 1 and not rep.errors


def test_authority_names_compare_without_the_city_prefix_spaces_and_bracket_width():
    assert authority_key("深圳市罗湖区城市管理局") == authority_key(" 罗湖区城市管理局") == "罗湖区城市管理局"
    assert authority_key("罗湖区（某）局") == authority_key("罗湖区(某)局")


def test_reports_for_setting_is_checked():
    from zhengwu.credit.checks import reports_for_is_valid

    with override_settings(CREDIT_REPORTS_FOR={"QCGZFJ": ["NOPE"]}):
        assert [e.id for e in reports_for_is_valid(None)] == ["credit.E009"]
    with override_settings(CREDIT_REPORTS_FOR={"QCGZFJ": "QCGZFDD"}):
        assert [e.id for e in reports_for_is_valid(None)] == ["credit.E009"]


@pytest.mark.django_db
def test_the_demo_data_holds_no_record_whose_authority_is_not_its_unit(units):
    from zhengwu.credit import demo
    from zhengwu.credit.selectors.records import reported_authorities

    demo.load()
    records = list(Record.objects.select_related("unit"))
    assert records
    bad = [(r.unit.code, r.authority) for r in records
           if authority_key(r.authority) not in reported_authorities(r.unit)]
    assert bad == []


# --- item 4: SBLSH and SXBM are never blank -----------------------------------------------------------------

def test_sblsh_and_sxbm_blank_is_an_error_and_none_is_accepted():
    assert ("SBLSH", "none_required") in found(license_row(SBLSH=None))
    assert ("SXBM", "none_required") in found(license_row(SXBM="  "))
    assert ("SXBM", "none_required") in found(penalty_row(SXBM=None), PENALTY)
    assert found(license_row(SBLSH="无", SXBM="无")) == set()
    assert found(penalty_row(SXBM="无"), PENALTY) == set()


# --- item 5: dates ----------------------------------------------------------------------------------------

def test_decision_dates_and_timestamps_after_today_are_errors():
    assert ("XK_SXQ", "date_future") in found(license_row(XK_SXQ="2030-01-01", XK_JZQ="2031-01-01"))
    assert ("SJC", "date_future") in found(license_row(SJC="2031-05-01 10:00"))
    assert ("FZRQ", "date_future") in found(license_row(FZRQ="2030-01-01"))
    assert ("CF_SXQ", "date_future") in found(penalty_row(CF_SXQ="2030-01-01", CF_JZQ="2030-01-01"), PENALTY)
    assert ("SJC", "date_future") in found(penalty_row(SJC="2031-01-01"), PENALTY)
    # an end date in the future is normal, and today is not the future
    assert found(license_row(XK_JZQ="2099/12/31", XK_SXQ="2026-01-01", SJC="2026-01-01 23:59:59")) == set()


@pytest.mark.parametrize(
    "value",
    [
        "2025-01-12 25:61",
        "2025-01-12 24:00",
        "2025-01-12 10:60",
        "2025-01-12 10:00:61",
        "2025-02-30 10:00",
        "2025-01-12 1:00",
    ],
)
def test_timestamp_is_validated_as_a_whole(value):
    assert ("SJC", "date_format") in found(license_row(SJC=value))


@pytest.mark.parametrize("value", ["2025-01-12", "2025-01-12 10:00", "2025-01-12T10:00:59"])
def test_valid_timestamps_pass(value):
    assert found(license_row(SJC=value)) == set()


def test_each_date_error_says_what_that_field_accepts():
    def msg(code, value, std=LICENSE, row=license_row):
        result = rules.validate(frame(row(**{code: value})), std, CTX)
        return next(e["message"] for e in result.errors.iter_rows(named=True) if e["field"] == code)

    assert "2099/12/31" in msg("XK_JZQ", "bad")  # long-term is allowed there
    assert "2099/12/31" not in msg("XK_SXQ", "bad")
    assert "2099/12/31" not in msg("SJC", "bad")
    assert "2099/12/31" not in msg("CF_SXQ", "bad", PENALTY, penalty_row)
    assert "HH:MM" in msg("SJC", "2025-01-12 25:61")
    assert "2099/12/31" not in msg("SJC", "2099/12/31")  # not a long-term field: refused as the future


# --- item 6: the publicity policy names only what the standard can carry --------------------------------

def test_every_kind_in_a_publicity_rule_can_be_written_in_the_2016_standard():
    f = PENALTY.field("CF_CFLB")
    named = set()
    for version in publicity_versions.VERSIONS:
        named |= set(version.type_tiers)
    named |= {"通报批评", "责令关闭", "限制从业"}
    for kind in sorted(named):
        written = national.KINDS_TO_2016.get(kind) or f"其他（{kind}）"
        bad_enum, bare_other = _category_checks(f, pl.lit(written))
        ok = pl.select(~bad_enum & ~bare_other).item()
        assert ok, f"{kind} cannot be written as a 处罚类别 the standard accepts ({written})"
        assert kind in national.kinds_from_2016(written, "吊销许可证 暂扣许可证"), (kind, written)


# --- item 7: files as clerks make them ------------------------------------------------------------------

HEADER = ",".join(f.code for f in LICENSE.fields)


def _line(row: dict) -> str:
    return ",".join(row.get(f.code) or "" for f in LICENSE.fields)


@pytest.mark.django_db
@pytest.mark.parametrize("blank", ["", ",,,,,", " , ,"])
def test_blank_lines_are_no_rows(tmp_path, units, blank):
    text = "\n".join([HEADER, _line(license_row()), blank, _line(license_row(XK_XH="LIC-2")), blank, ""])
    (tmp_path / "f.csv").write_text(text, encoding="utf-8")
    ctx = rules.Context(streets=STREETS, divisions=valid_codes(), today=TODAY)
    rep = checking.validate_table(open_table(tmp_path / "f.csv", LICENSE), LICENSE, ctx)
    assert (rep.rows, rep.valid_rows, rep.error_frame().to_dicts()) == (2, 2, [])


@pytest.mark.django_db
def test_a_long_row_is_reported_on_its_own_row_and_the_others_are_still_checked(tmp_path, units, make_user):
    rows = [_line(license_row()), _line(license_row(XK_XH="LIC-2")) + ",extra,more",
            _line(license_row(XK_XH="LIC-3", XK_SXQ="bad"))]
    (tmp_path / "f.csv").write_text("\n".join([HEADER, *rows, ""]), encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("credit", "validate", str(tmp_path / "f.csv"), "--kind", "license", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert exc.value.code == 1
    assert [(e["row"], e["field"], e["rule"]) for e in result["errors"]] == [
        (2, None, "columns"), (3, "XK_SXQ", "date_format")]
    human = StringIO()
    with pytest.raises(SystemExit):
        call_command("credit", "validate", str(tmp_path / "f.csv"), "--kind", "license", stdout=human)
    assert "None" not in human.getvalue()


@pytest.mark.django_db
def test_an_empty_required_cell_is_red_in_the_error_report(units):
    batch, _rep = run(units["QFGJ"], [license_row(XK_XMMC=None), license_row(XK_XH="LIC-2")])
    batch.refresh_from_db()
    with batch.error_report.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    headers = [f.code for f in LICENSE.fields]
    from openpyxl.utils import get_column_letter

    column = get_column_letter(headers.index("XK_XMMC") + 2)  # 行号 comes first
    assert re.search(rf'<c r="{column}2" s="1"', sheet), "the empty XK_XMMC cell is not marked"


# --- item 8: the operators' contacts --------------------------------------------------------------------

@pytest.mark.django_db
def test_a_unit_reports_its_contacts_and_the_lead_unit_sees_every_units_list(client, units, make_user):
    from zhengwu.credit.services.contacts import contact_save

    operator = make_user("QCGJ", Role.OPERATOR)
    contact_save(unit=units["QCGJ"], role="leader", name="王伟", position="副局长", phone="0755-25666666",
                 actor=operator)
    contact_save(unit=units["QCGJ"], role="leader", name="李娜", mobile="13800138000", actor=operator)
    assert list(Contact.objects.filter(unit=units["QCGJ"]).values_list("role", "name")) == [
        ("leader", "李娜")
    ]
    entries = Entry.objects.filter(action="credit.contact.saved")
    assert entries.count() == 2 and entries.order_by("seq").last().before["name"] == "王伟"
    with raises_code("contact_required"):
        contact_save(unit=units["QCGJ"], role="business", name="张三", actor=operator)
    with raises_code("invalid_phone"):
        contact_save(unit=units["QCGJ"], role="business", name="张三", phone="call me", actor=operator)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        contact_save(unit=units["GY"], role="leader", name="赵六", phone="0755-1234567", actor=operator)

    lead = make_user("QFGJ", Role.LEADER)
    client.force_login(lead)
    page = client.get(reverse("credit:contacts")).content.decode()
    assert "李娜" in page and "13800138000" in page and "桂园街道" in page  # GY listed as not reported
    other = make_user("GY", Role.OPERATOR)
    client.force_login(other)
    page = client.get(reverse("credit:contacts")).content.decode()
    assert "李娜" not in page
    response = client.post(reverse("credit:contact_save"), {"unit": units["GY"].pk, "role": "technical",
                                                            "name": "赵六", "email": "x@example.com"})
    assert response.status_code == 302 and Contact.objects.filter(unit=units["GY"], role="technical").exists()
    response = client.post(
        reverse("credit:contact_save"), {"unit": units["QCGJ"].pk, "role": "leader", "name": "x"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("credit:contact_save"), {"unit": units["GY"].pk, "role": "nope", "name": ""}
    )
    assert response.status_code == 400


# --- item 9: who ran the CLI import ---------------------------------------------------------------------

@pytest.mark.django_db
def test_cli_import_writes_the_actor_to_the_ledger_and_refuses_without_one_in_production(
    tmp_path, units, make_user
):
    sample.write(
        pl.DataFrame([license_row()], schema={k: pl.Utf8 for k in license_row()}), tmp_path / "f.csv"
    )
    args = ["credit", "import", str(tmp_path / "f.csv"), "--kind", "license", "--unit", "QFGJ", "--json"]
    err = StringIO()
    with override_settings(DEBUG=False), pytest.raises(SystemExit) as exc:
        call_command(*args, stdout=StringIO(), stderr=err)
    assert exc.value.code == 2 and not ImportBatch.objects.exists()
    with pytest.raises(SystemExit) as exc:
        call_command(*args, "--actor", "nobody", stdout=StringIO(), stderr=StringIO())
    assert exc.value.code == 2
    user = make_user("QFGJ", Role.OPERATOR, username="fgj_clerk")
    with pytest.raises(SystemExit) as exc:
        call_command(*args, "--actor", "fgj_clerk", stdout=StringIO())
    assert exc.value.code == 0
    batch = ImportBatch.objects.get()
    actors = set(
        Entry.objects.filter(
            action__in=["credit.import.created", "credit.records.created", "credit.import.finished"]
        ).values_list("actor_id", flat=True)
    )
    assert actors == {user.pk}
    assert batch.uploaded_by == user
    with override_settings(DEBUG=True), pytest.raises(SystemExit) as exc:  # a developer's machine
        call_command(*args, stdout=StringIO())
    assert exc.value.code == 0


# --- items 15 and 16: the command line ------------------------------------------------------------------

def _fails(*args) -> str:
    err = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("credit", *args, stdout=StringIO(), stderr=err)
    assert exc.value.code == 2, args
    text = err.getvalue().strip()
    assert text and "\n" not in text and "Traceback" not in text, text
    return text


@pytest.mark.django_db
def test_ordinary_mistakes_are_one_line_and_exit_2(tmp_path, units):
    _fails("template", "--kind", "license", "--out", "/nonexistent/x.xlsx")
    _fails("generate-sample", "--kind", "license", "--rows", "5", "--out", "/nonexistent/x.csv")
    _fails("generate-sample", "--kind", "license", "--rows", "-5", "--out", str(tmp_path / "s.csv"))
    _fails("generate-sample", "--kind", "license", "--rows", "5", "--defect-rate", "7",
           "--out", str(tmp_path / "s.csv"))
    assert not (tmp_path / "s.csv").exists()


@pytest.mark.django_db
def test_a_corrupt_xlsx_is_said_in_the_users_language(tmp_path, units):
    with zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as z:
        z.writestr("a.txt", "not a workbook")
    text = _fails("validate", str(tmp_path / "bad.xlsx"), "--kind", "license")
    assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{3,}", text.split("：", 1)[-1]), text  # no English sentence


@pytest.mark.django_db
def test_cli_import_prints_where_its_error_report_is(tmp_path, units, make_user, settings):
    from pathlib import Path

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {  # the tests' in-memory storage has no path to print
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    rows = [license_row(), license_row(XK_XH="LIC-2", XK_SXQ="bad")]
    sample.write(pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}), tmp_path / "f.csv")
    make_user("QFGJ", Role.OPERATOR, username="fgj_clerk2")
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("credit", "import", str(tmp_path / "f.csv"), "--kind", "license", "--unit", "QFGJ",
                     "--actor", "fgj_clerk2", "--json", stdout=out)
    where = json.loads(out.getvalue())["error_report_path"]
    assert where and Path(where).is_file() and Path(where).read_bytes()[:2] == b"PK"
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("credit", "import", str(tmp_path / "f.csv"), "--kind", "license", "--unit", "QFGJ",
                     "--actor", "fgj_clerk2", stdout=out)
    printed = [p for p in re.findall(r"(/\S+\.xlsx)", out.getvalue())]
    assert printed and Path(printed[0]).is_file()
