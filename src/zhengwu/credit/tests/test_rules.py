"""Every rule of issue 4 §2, each with a case that fails if the rule is broken."""

from datetime import date

import polars as pl
import pytest
from stdnum.cn import ric, uscc

from zhengwu.credit import rules
from zhengwu.credit.rules import checksums, sample
from zhengwu.credit.rules.divisions import valid_codes
from zhengwu.credit.standard import LICENSE, PENALTY
from zhengwu.credit.tests.factories import ORG, RIC, USCC, frame, license_row, penalty_row

STREETS = {"桂园街道": "桂园街道", "桂园": "桂园街道", "东门街道": "东门街道"}
CTX = rules.Context(streets=STREETS, divisions=valid_codes(), today=date(2026, 1, 1))


def errors(row: dict, std=LICENSE, ctx=CTX) -> set[tuple[str, str]]:
    result = rules.validate(frame(row), std, ctx)
    assert result.valid[0] is (len(result.errors) == 0)
    return {(e["field"], e["rule"]) for e in result.errors.iter_rows(named=True)}


def test_valid_rows_pass():
    assert errors(license_row()) == set()
    assert errors(penalty_row(), PENALTY) == set()


@pytest.mark.parametrize("code", [f.code for f in LICENSE.fields if f.required and f.code != "XK_ZT"])
def test_license_required_fields(code):
    assert (code, "required") in errors(license_row(**{code: "  "}))


@pytest.mark.parametrize("code", [f.code for f in PENALTY.fields if f.required and f.code != "CF_ZT"])
def test_penalty_required_fields(code):
    assert (code, "required") in errors(penalty_row(**{code: None}), PENALTY)


def test_max_length_counts_characters_not_bytes():
    assert errors(license_row(XK_WSH="罗" * 12)) == set()
    assert errors(license_row(XK_WSH="罗" * 13)) == {("XK_WSH", "max_length")}
    assert ("CF_XDR_MC", "max_length") in errors(penalty_row(CF_XDR_MC="名" * 129), PENALTY)


@pytest.mark.parametrize("value", ["普通", "特许", "认可", "核准", "登记", "其他（备案）", "其他:告知承诺"])
def test_license_categories_accepted(value):
    assert errors(license_row(XK_SPLB=value)) == set()


def test_license_category_rejected_and_other_needs_explanation():
    assert errors(license_row(XK_SPLB="审批")) == {("XK_SPLB", "enum")}
    assert errors(license_row(XK_SPLB="其他")) == {("XK_SPLB", "other_explanation")}


def test_penalty_categories_with_misprint_alias_and_several_values():
    assert errors(penalty_row(CF_CFLB="没收非法财物"), PENALTY) == set()
    result = rules.validate(frame(penalty_row(CF_CFLB="没手非法财物、罚款")), PENALTY, CTX)
    assert result.valid[0] and result.clean["CF_CFLB"][0] == "没收非法财物、罚款"
    assert errors(penalty_row(CF_CFLB="罚没"), PENALTY) == {("CF_CFLB", "enum")}
    assert errors(penalty_row(CF_CFLB="警告、其他"), PENALTY) == {("CF_CFLB", "other_explanation")}
    assert errors(penalty_row(CF_CFLB="其他（通报批评）"), PENALTY) == set()


def test_status_blank_means_normal_and_3_needs_a_note():
    result = rules.validate(frame(penalty_row(CF_ZT=None)), PENALTY, CTX)
    assert result.valid[0] and result.clean["CF_ZT"][0] == "0"
    assert errors(penalty_row(CF_ZT="4"), PENALTY) == {("CF_ZT", "enum")}
    assert errors(penalty_row(CF_ZT="3"), PENALTY) == {("CF_ZT", "status_note")}
    assert errors(penalty_row(CF_ZT="3", BZ="更正决定"), PENALTY) == set()
    for status in "012":
        assert errors(penalty_row(CF_ZT=status), PENALTY) == set()


def test_dates_format_long_term_impossible_and_order():
    ok = rules.validate(frame(license_row(XK_JZQ="2099/12/31", XK_GSQX="2099-12-31")), LICENSE, CTX)
    assert ok.valid[0] and ok.clean["XK_JZQ"][0] == "2099-12-31"
    assert errors(license_row(XK_SXQ="2016/03/01")) == {
        ("XK_SXQ", "date_format")
    }  # only 2099/12/31 may use "/"
    assert errors(license_row(XK_SXQ="2019-02-29")) == {("XK_SXQ", "date_format")}
    assert errors(license_row(XK_SXQ="2016-3-1")) == {("XK_SXQ", "date_format")}
    assert errors(license_row(XK_JZQ="2016-02-29")) == {("XK_JZQ", "date_order")}
    assert errors(license_row(XK_GSQX="2016-01-01")) == {("XK_GSQX", "date_order")}
    assert errors(penalty_row(CF_JZQ="2016-02-01"), PENALTY) == {("CF_JZQ", "date_order")}
    assert errors(penalty_row(SJC="2016-03-02 10:15:00"), PENALTY) == set()


def test_uscc_check_character():
    assert errors(license_row(XK_XDR_SHXYM=USCC[:-1] + ("1" if USCC[-1] != "1" else "2"))) == {
        ("XK_XDR_SHXYM", "uscc")}
    assert errors(license_row(XK_XDR_SHXYM=USCC.lower())) == set()


def test_org_code_with_or_without_hyphen():
    assert errors(license_row(XK_XDR_ZDM=ORG)) == set()
    assert errors(license_row(XK_XDR_ZDM=ORG.replace("-", ""))) == set()
    assert errors(license_row(XK_XDR_ZDM=ORG[:-1] + "0" if ORG[-1] != "0" else ORG[:-1] + "1")) == {
        ("XK_XDR_ZDM", "org_code")}
    assert errors(license_row(XK_XDR_ZDM="MA5D-C1231")) == {("XK_XDR_ZDM", "org_code")}


def test_ric_check_character_and_birth_date():
    natural = {"XK_XDR_SHXYM": None, "XK_FR": None, "XK_XDR": "王伟", "XK_XDR_SFZ": RIC}
    assert errors(license_row(**natural)) == set()
    bad = RIC[:-1] + ("1" if RIC[-1] != "1" else "2")
    assert errors(license_row(**(natural | {"XK_XDR_SFZ": bad}))) == {("XK_XDR_SFZ", "ric")}
    body = "44030319800231123"  # 1980-02-31 does not exist
    assert errors(license_row(**(natural | {"XK_XDR_SFZ": body + checksums.ric_check(body)}))) == {
        ("XK_XDR_SFZ", "ric")}
    future = "44030320300101123"
    assert errors(license_row(**(natural | {"XK_XDR_SFZ": future + checksums.ric_check(future)}))) == {
        ("XK_XDR_SFZ", "ric")}


def test_legal_person_needs_one_of_codes_1_to_3():
    assert errors(license_row(XK_XDR_SHXYM=None, XK_XDR_GSDJ="440301103456789")) == set()
    assert errors(license_row(XK_XDR_SHXYM=None)) == {("XK_XDR_SHXYM", "legal_person_code")}  # has 法定代表人
    assert errors(license_row(XK_XDR_SHXYM=None, XK_FR=None, XK_XDR_SWDJ="440303123456789")) == {
        ("XK_XDR_SHXYM", "legal_person_code")}


def test_natural_person_gives_the_id_number():
    assert errors(license_row(XK_XDR_SHXYM=None, XK_FR=None)) == {("XK_XDR_SFZ", "natural_person")}
    assert errors(penalty_row(CF_XDR_SHXYM=None, CF_FR=None), PENALTY) == {("CF_XDR_SFZ", "natural_person")}


def test_division_code_must_exist():
    assert errors(license_row(DFBM="440304")) == set()
    assert errors(license_row(DFBM="449999")) == {("DFBM", "division")}
    assert errors(license_row(DFBM="44030")) == {("DFBM", "division")}
    assert errors(license_row(DFBM="440302")) == {("DFBM", "division")}  # 沙头角区办事处, retired 1990


def test_street_of_the_district_normalised():
    result = rules.validate(frame(license_row(JD="桂园")), LICENSE, CTX)
    assert result.valid[0] and result.clean["JD"][0] == "桂园街道"
    assert errors(license_row(JD="南山街道")) == {("JD", "street")}


def test_item_code_in_the_units_catalog_or_none():
    ctx = rules.Context(streets=STREETS, divisions=CTX.divisions, items=frozenset({"SX001"}))
    assert errors(license_row(SXBM="SX001"), ctx=ctx) == set()
    assert errors(license_row(SXBM="无"), ctx=ctx) == set()
    assert errors(license_row(SXBM=None), ctx=ctx) == {
        ("SXBM", "none_required")
    }  # 无, never blank (issue 13)
    assert errors(license_row(SXBM="SX002"), ctx=ctx) == {("SXBM", "item_catalog")}


def test_duplicate_key_in_one_file():
    f = frame(license_row(), license_row(XK_XDR="另一公司"), license_row(XK_XH="LIC-2"))
    ctx = rules.Context(streets=STREETS, divisions=CTX.divisions, duplicate_keys=rules.duplicates(f["XK_XH"]))
    result = rules.validate(f, LICENSE, ctx)
    assert result.valid.to_list() == [False, False, True]
    assert set(result.errors["rule"]) == {"duplicate_key"}


def test_penalty_with_several_counterparties_linked_by_decision_number():
    rows = [penalty_row(), penalty_row(CF_XH="PEN-2", CF_XDR_MC="深圳市东方物流有限公司"),
            penalty_row(CF_XH="PEN-3")]  # PEN-3 names the same party twice under one decision
    f = frame(*rows)
    ctx = rules.Context(streets=STREETS, divisions=CTX.divisions,
                        duplicate_parties=rules.duplicates(rules.party_keys(f, PENALTY)))
    result = rules.validate(f, PENALTY, ctx)
    assert result.valid.to_list() == [False, True, False]
    assert set(result.errors["rule"]) == {"duplicate_party"}


def test_error_rows_are_1_based_data_rows_with_offset():
    result = rules.validate(frame(license_row(), license_row(XK_WSH=None)), LICENSE, CTX, row_offset=100)
    assert result.errors.select("row", "field", "rule").to_dicts() == [
        {"row": 102, "field": "XK_WSH", "rule": "required"}]
    assert "行政许可决定书文号" in result.errors["message"][0]


def test_vectorised_check_characters_agree_with_python_stdnum():
    import numpy as np

    rng = np.random.default_rng(7)
    codes = sample.uscc(rng, 300).to_list() + sample.ric(rng, 300).to_list()
    mutated = [c[:-1] + ("0" if c[-1] != "0" else "1") for c in codes]
    s = pl.Series(codes[:300] + mutated[:300])
    assert checksums.uscc_ok(s).to_list() == [uscc.is_valid(c) for c in s]
    r = pl.Series(codes[300:] + mutated[300:])
    # stdnum's is_valid also demands that the birth place code existed in the birth year; the check
    # character itself is what GB 11643 defines, so compare that
    assert checksums.ric_ok(r).to_list() == [ric.calc_check_digit(c) == c[-1] for c in r]
    assert checksums.org_check("D2143569") == "X"  # GB 11714 worked example


@pytest.mark.parametrize("std", [LICENSE, PENALTY], ids=["license", "penalty"])
def test_generated_sample_defects_are_exactly_what_the_validator_finds(std):
    f, planted = sample.generate(std, rows=3000, defect_rate=0.1, seed=3)
    ctx = rules.Context(streets={s: s for s in sample.STREETS}, divisions=CTX.divisions)
    result = rules.validate(f, std, ctx)
    found = result.errors.select("row", "field", "rule").sort("row", "field")
    assert found.equals(planted.select("row", "field", "rule").sort("row", "field"))
