"""Conversion between the 2016 standard and the national format (issue 16 §2): derivations, money,
dates, configuration, the publicity end, round trips, and the `credit convert` contract."""

import json
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command
from django.test import override_settings

from zhengwu.credit.formats import convert as cv
from zhengwu.credit.formats import national as nat
from zhengwu.credit.rules import checksums, divisions, publicity
from zhengwu.credit.rules import publicity_versions as pv
from zhengwu.credit.rules import validation as rules
from zhengwu.credit.standard import LICENSE, PENALTY

TODAY = date(2026, 12, 4)


def uscc(body: str) -> str:
    return body + checksums.uscc_check(body)


def ric(body: str) -> str:
    return body + checksums.ric_check(body)


ORG_USCC = uscc("91440303MA5F00001")
SHOP_USCC = uscc("92440303MA5F00002")
SOCIETY_USCC = uscc("51440303MJL000003")  # 民政-registered 社会团体
ORGAN_USCC = uscc("11440303MB2C92840")  # 区城管局: a 机关 registered in 罗湖 (440303)
SOURCE_USCC = uscc("11440303MB2C92859")
ID = ric("44030319800101001")
AUTHORITY = "深圳市罗湖区城市管理和综合执法局"
ORG = cv.OrgConfig("深圳市罗湖区发展和改革局", SOURCE_USCC, {AUTHORITY: ORGAN_USCC})
CTX = rules.Context(streets={"桂园街道": "桂园街道"}, divisions=divisions.valid_codes())


def penalty_2016(**values) -> dict:
    row = {
        "CF_XH": "PEN000000001", "CF_WSH": "深罗城罚决字〔2026〕第1号", "CF_AJMC": "未按规定设置户外广告",
        "CF_CFLB": "罚款", "CF_SY": "擅自设置户外广告", "CF_YJ": "《深圳市户外广告管理办法》第二十九条",
        "CF_XDR_MC": "深圳市某某餐饮管理有限公司", "CF_XDR_SHXYM": ORG_USCC, "CF_FR": "张三",
        "CF_JG": "罚款人民币2000元", "CF_SXQ": "2026-05-10", "CF_JZQ": "2026-06-10", "CF_XZJG": AUTHORITY,
        "CF_ZT": "0", "DFBM": "440303", "CF_JD": "桂园街道", "SJC": "2026-05-11",
    }
    return row | values


def license_2016(**values) -> dict:
    row = {
        "XK_XH": "LIC000000001", "XK_WSH": "罗许〔26〕1号", "XK_XMMC": "食品经营许可", "XK_SPLB": "核准",
        "XK_NR": "食品经营许可，准予许可", "XK_XDR": "深圳市某某餐饮管理有限公司", "XK_XDR_SHXYM": ORG_USCC,
        "XK_FR": "张三", "XK_SXQ": "2026-05-10", "XK_JZQ": "2031-05-09", "XK_XZJG": AUTHORITY, "XK_ZT": "0",
        "DFBM": "440303", "JD": "桂园街道", "SJC": "2026-05-11", "BZ": "无",
    }
    return row | values


def frame_of(std, *rows) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema={f.code: pl.Utf8 for f in std.fields})


def national(*rows, kind="penalty", org=ORG, **kw) -> cv.Conversion:
    std = PENALTY if kind == "penalty" else LICENSE
    return cv.to_national(frame_of(std, *rows), kind, org=org, today=TODAY, **kw)


def errors(done: cv.Conversion) -> set[tuple[int, str, str]]:
    return {(e["row"], e["field"], e["rule"]) for e in done.errors.to_dicts()}


def test_a_complete_2016_penalty_converts_without_error():
    done = national(penalty_2016())
    assert done.errors.is_empty() and (done.rows, done.converted) == (1, 1)
    row = done.frame.row(0, named=True)
    assert list(row) == [f.code for f in nat.PENALTY.fields]
    assert row["CF_XDR_LB"] == nat.LEGAL and row["CF_FRDB"] == "张三"
    assert (row["CF_WFXW"], row["CF_NR"], row["CF_CFLB"]) == (
        "未按规定设置户外广告",
        "罚款人民币2000元",
        "罚款",
    )
    assert (row["CF_CFJGDM"], row["CF_SJLY"], row["CF_SJLYDM"]) == (
        ORGAN_USCC,
        "深圳市罗湖区发展和改革局",
        SOURCE_USCC,
    )


def test_a_2000_yuan_fine_is_0_2_wan_yuan():
    row = national(penalty_2016()).frame.row(0, named=True)
    assert row["CF_NR_FK"] == "0.200000" and Decimal(row["CF_NR_FK"]) == Decimal("0.2")
    assert cv.yuan_to_wan(2000) == "0.200000"


@pytest.mark.parametrize(("yuan", "wan"), [
    (Decimal("2000"), "0.200000"), (Decimal("1"), "0.000100"), (Decimal("0.01"), "0.000001"),
    (Decimal("12345678.9"), "1234.567890"), (Decimal("0"), "0.000000"), (Decimal("1000000"), "100.000000"),
])
def test_yuan_to_wan_is_exact(yuan, wan):
    assert cv.yuan_to_wan(yuan) == wan
    assert pl.select(cv.wan_to_fen(pl.lit(wan))).item() == int(yuan * 100)


@pytest.mark.parametrize(("category", "result", "fine", "confiscated"), [
    ("罚款", "罚款人民币2,000元", "0.200000", None),
    ("罚款", "处罚如下：罚款1.5万元", "1.500000", None),
    ("罚款", "决定给予罚款 3000.50 元的处罚", "0.300050", None),
    ("没收违法所得、罚款", "没收违法所得3000元，并处罚款5000元", "0.500000", "0.300000"),
    ("没收违法所得、罚款", "没收违法所得3000元，并处5000元罚款", "0.500000", "0.300000"),
    ("罚款", "处2,000元罚款（深罗城罚决字〔2026〕第1号）", "0.200000", None),
    ("没收非法财物", "没收非法财物，折合人民币800元", None, "0.080000"),
])
def test_amounts_are_read_from_the_2016_result(category, result, fine, confiscated):
    row = national(penalty_2016(CF_CFLB=category, CF_JG=result)).frame.row(0, named=True)
    assert (row["CF_NR_FK"], row["CF_NR_WFFF"]) == (fine, confiscated)


def test_a_fine_without_an_amount_is_reported_not_invented():
    done = national(penalty_2016(CF_JG="罚款（金额见决定书）"))
    assert done.frame["CF_NR_FK"][0] is None
    assert (1, "CF_NR_FK", "amount_not_found") in errors(done) and done.converted == 0


@pytest.mark.parametrize(("identity", "category"), [
    ({"CF_XDR_SHXYM": SHOP_USCC, "CF_FR": "李四"}, nat.INDIVIDUAL),  # 9 工商 + 2 个体工商户
    ({"CF_XDR_SHXYM": ORG_USCC}, nat.LEGAL),  # 9 + 1 企业
    ({"CF_XDR_SHXYM": SOCIETY_USCC}, nat.LEGAL),  # 5 民政 + 1 社会团体
    ({"CF_XDR_SHXYM": None, "CF_XDR_ZDM": "12345678-" + checksums.org_check("12345678")}, nat.LEGAL),
    ({"CF_XDR_SHXYM": None, "CF_FR": None, "CF_XDR_SFZ": ID}, nat.NATURAL),
])
def test_the_subjects_category_is_derived(identity, category):
    done = national(penalty_2016(**identity))
    assert done.frame["CF_XDR_LB"][0] == category


def test_an_individual_business_needs_its_real_code_in_the_2016_file():
    """Only the USCC tells a 个体工商户 apart; its 2016 row converts completely."""
    assert national(penalty_2016(CF_XDR_SHXYM=SHOP_USCC, CF_FR="李四")).errors.is_empty()


def test_a_legal_person_without_a_uscc_is_reported():
    done = national(penalty_2016(CF_XDR_SHXYM=None, CF_XDR_ZDM="12345678-" + checksums.org_check("12345678")))
    assert (1, "CF_XDR_SHXYM", "required_when") in errors(done)
    assert done.frame["CF_XDR_ZZJG"][0] == "12345678" + checksums.org_check("12345678")


def test_a_record_with_no_identity_at_all_is_reported():
    done = national(penalty_2016(CF_XDR_SHXYM=None, CF_FR=None))
    assert (1, "CF_XDR_LB", "subject_category_undetermined") in errors(done)


def test_the_legal_representative_is_split_into_name_and_document():
    done = national(penalty_2016(CF_FR=f"张三（身份证：{ID}）"), penalty_2016(CF_XDR_SFZ=ID))
    first, second = done.frame.to_dicts()
    assert (first["CF_FRDB"], first["CF_FR_ZJLX"], first["CF_FR_ZJHM"]) == ("张三", "身份证", ID)
    assert (second["CF_FRDB"], second["CF_FR_ZJLX"], second["CF_FR_ZJHM"]) == ("张三", "身份证", ID)
    assert first["CF_XDR_ZJHM"] is None and done.errors.is_empty()


def test_a_natural_person_gets_a_document_and_no_codes():
    row = national(penalty_2016(CF_XDR_SHXYM=None, CF_FR=None, CF_XDR_SFZ=ID, CF_XDR_MC="王五")).frame.row(
        0, named=True
    )
    assert (row["CF_XDR_LB"], row["CF_XDR_ZJLX"], row["CF_XDR_ZJHM"]) == (nat.NATURAL, "身份证", ID)
    assert all(row[c] is None for c in nat.PENALTY.identity.code_slots) and row["CF_FRDB"] is None


def test_dates_are_written_with_slashes_and_long_term_is_2099_12_31():
    row = national(penalty_2016(CF_JZQ="2099/12/31")).frame.row(0, named=True)
    assert (row["CF_JDRQ"], row["CF_YXQ"]) == ("2026/05/10", "2099/12/31")


def test_codes_and_source_unit_come_from_configuration_only():
    done = national(penalty_2016(CF_XZJG="深圳市罗湖区某某局"), org=cv.OrgConfig())
    assert {(1, "CF_CFJGDM", "not_configured"), (1, "CF_SJLY", "not_configured"),
            (1, "CF_SJLYDM", "not_configured")} <= errors(done)
    assert done.frame.row(0, named=True)["CF_CFJGDM"] is None


@pytest.mark.parametrize(
    ("values", "gsjzq", "rule"),
    [
        ({}, "2027/05/10", None),  # 一般: the maximum, 1 year, counted as the Civil Code counts
        ({"CF_GSQX": "2026-06-01"}, "2026/08/10", None),  # a shorter 公示期限: never below the minimum
        ({"CF_GSQX": "2030-01-01"}, "2027/05/10", None),  # a longer one: never above the maximum
        ({"CF_GSQX": "2026-12-01"}, "2026/12/01", None),  # inside the window: kept
        (
            {"CF_CFLB": "罚款、吊销许可证件", "CF_JG": "罚款2000元，吊销许可证"},
            "2029/05/10",
            None,
        ),  # 严重: 3 years
        ({"CF_CFLB": "警告", "CF_JG": "警告"}, None, "not_published"),  # 轻微: not published in principle
        (
            {"CF_CFLB": "警告", "CF_JG": "警告", "CF_GSQX": "2026-07-01"},
            "2026/07/01",
            None,
        ),  # published by the unit
        (
            {"CF_CFLB": "警告", "CF_JG": "警告", "CF_GSQX": "2027-01-01"},
            "2026/08/10",
            None,
        ),  # … at most 3 months
        (
            {"CF_JG": "依据《行政处罚法》第五十一条当场处罚，罚款200元"},
            None,
            "not_published",
        ),  # simplified procedure
    ],
)
def test_the_publicity_end_is_computed_by_the_rule_in_force(values, gsjzq, rule):
    done = national(penalty_2016(**values))
    assert done.frame["CF_GSJZQ"][0] == gsjzq
    if rule:
        assert (1, "CF_GSJZQ", rule) in errors(done)


def test_the_publicity_end_follows_the_configured_rule_version():
    pinned = publicity.Policy(rule="ndrc-order-58")
    assert national(penalty_2016(), policy=pinned).frame["CF_GSJZQ"][0] == "2029/05/10"
    by_decision = publicity.Policy(basis="decided")
    done = national(
        penalty_2016(CF_SXQ="2024-03-01", CF_JZQ="2024-04-01"), penalty_2016(), policy=by_decision
    )
    assert done.frame["CF_GSJZQ"].to_list() == ["2027/03/01", "2027/05/10"]  # 第58号 then 第36号


def test_an_undetermined_suspend_or_revoke_is_reported_and_the_licence_named_is_asked_for():
    done = national(penalty_2016(CF_CFLB="暂扣或者吊销许可证", CF_JG="责令改正"))
    assert {(1, "CF_CFLB", "kind_undetermined"), (1, "CF_NR_ZKDX", "not_derivable")} <= errors(done)
    assert done.frame["CF_GSJZQ"][0] == "2029/05/10"  # the most severe possibility: 严重


TIER_CASES = [
    ("警告", "", "", None), ("其他（通报批评）", "", "", None), ("罚款", "罚款5000元", "", None),
    ("罚款", "罚款人民币100万元", "", None), ("罚款", "罚款200元", "依据第五十一条当场处罚", None),
    ("罚款、暂扣或者吊销许可证", "罚款2000元", "", None), ("暂扣或者吊销执照", "暂扣营业执照", "", None),
    ("其他（责令关闭）", "", "", None), ("其他（限制从业）", "", "", None), ("行政拘留", "", "", None),
    ("没收违法所得、没收非法财物", "没收违法所得100元", "", None), ("警告、罚款", "罚款100元", "", None),
]


@pytest.mark.parametrize("rule", pv.VERSIONS, ids=lambda v: v.code)
def test_the_column_wise_tier_agrees_with_penalty_severity(rule):
    policy = publicity.Policy(rule=rule.code)
    frame = pl.DataFrame({"c": [c[0] for c in TIER_CASES], "r": [c[1] for c in TIER_CASES],
                          "b": [c[2] for c in TIER_CASES]})
    fen = pl.col("r").map_elements(
        lambda t: None if (v := _fine(t)) is None else int(v * 100), return_dtype=pl.Int64
    )
    text = pl.concat_str([pl.col("b"), pl.col("r")], separator=" ")
    kinds = publicity.penalty_kinds_expr(nat.kinds_from_2016_expr(pl.col("c"), pl.col("r")))
    default = pv.default_tier_expr(kinds, policy.rule_version(TODAY))
    got = frame.with_columns(default.alias("d")).select(
        publicity.penalty_severity_expr(pl.col("d"), fen, text, policy)).to_series()
    want = [
        publicity.penalty_severity(
            category=c, fine_yuan=_fine(r), basis=b, result=r, policy=policy, on=TODAY
        ).value
        for c, r, b, _x in TIER_CASES
    ]
    assert got.to_list() == want


def _fine(text: str):
    from zhengwu.credit.rules.publicity import fine_from_text  # the workflow's reading of a 处罚结果

    return fine_from_text(text)


def test_the_2016_categories_that_name_2021_kinds_now_match_the_policy():
    """Issue 13 item 6: 通报批评, 责令关闭, 限制从业 reach the policy through 其他（…）."""
    sev = lambda c: publicity.penalty_severity(category=c, on=TODAY)  # noqa: E731
    assert sev("其他（通报批评）") is publicity.Severity.MINOR
    assert sev("其他（责令关闭）") is publicity.Severity.SERIOUS
    assert sev("其他(限制从业)") is publicity.Severity.SERIOUS
    with pytest.raises(ValueError, match="unknown penalty kind"):
        publicity.policy_from_settings({"serious_categories": ["罚没"]})
    policy = publicity.policy_from_settings({"kind_tiers": {"罚款": "minor"}})
    assert publicity.penalty_severity(category="罚款", policy=policy, on=TODAY) is publicity.Severity.MINOR


# --- national → 2016 and round trips ---------------------------------------------------------------------

def back(frame, kind="penalty") -> cv.Conversion:
    return cv.from_national(frame, kind, ctx=CTX, now=datetime(2026, 12, 4, 10, 30))


BOTH_PENALTY = [
    "CF_WSH",
    "CF_AJMC",
    "CF_CFLB",
    "CF_SY",
    "CF_YJ",
    "CF_XDR_MC",
    "CF_XDR_SHXYM",
    "CF_XDR_ZDM",
    "CF_XDR_GSDJ",
    "CF_XDR_SWDJ",
    "CF_XDR_SFZ",
    "CF_FR",
    "CF_JG",
    "CF_SXQ",
    "CF_JZQ",
    "CF_XZJG",
    "DFBM",
    "CF_GSQX",
    "BZ",
]


def test_a_2016_penalty_file_converts_to_national_and_back_without_loss_where_both_hold_the_data():
    org_code = "12345678" + checksums.org_check("12345678")
    rows = [
        penalty_2016(CF_GSQX="2027-05-10", BZ="已缴纳"),
        penalty_2016(
            CF_XH="PEN2",
            CF_WSH="深罗城罚决字〔2026〕第2号",
            CF_XDR_SHXYM=SHOP_USCC,
            CF_FR="李四",
            CF_XDR_SFZ=ID,
            CF_XDR_ZDM=org_code,
            CF_XDR_GSDJ="440303600123456",
            CF_XDR_SWDJ="440303123456789",
            CF_CFLB="罚款、暂扣或者吊销许可证",
            CF_JG="罚款5000元，吊销食品经营许可证",
            CF_GSQX="2029-05-10",
        ),
        penalty_2016(
            CF_XH="PEN3",
            CF_XDR_SHXYM=None,
            CF_FR=None,
            CF_XDR_SFZ=ID,
            CF_XDR_MC="王五",
            CF_CFLB="其他（通报批评）、罚款",
            CF_JG="通报批评，罚款300元",
            CF_JZQ="2099-12-31",
            CF_GSQX="2027-05-10",
        ),
    ]
    source = frame_of(PENALTY, *rows)
    there = cv.to_national(source, "penalty", org=ORG, today=TODAY)
    assert errors(there) == {(2, "CF_NR_ZKDX", "not_derivable")}  # the licence's name and number: not in 2016
    returned = back(there.frame)
    assert returned.frame.columns == PENALTY.codes
    original = rules.normalise(source, PENALTY, CTX)
    assert returned.frame.select(BOTH_PENALTY).to_dicts() == original.select(BOTH_PENALTY).to_dicts()
    # what only the 2016 standard holds comes back empty and is reported, never invented
    assert {(e["field"], e["rule"]) for e in returned.errors.to_dicts()} == {
        ("CF_XH", "not_derivable"), ("CF_JD", "not_derivable")}
    assert returned.frame["SJC"].to_list() == ["2026-12-04 10:30:00"] * 3


def test_a_2016_licence_converts_to_national_and_back():
    rows = [
        license_2016(),
        license_2016(XK_XH="LIC2", XK_ZT="1", XK_SPLB="其他（备案）", XK_JZQ="2099-12-31"),
        license_2016(XK_XH="LIC3", XK_JZQ="2026-06-30"),
    ]
    there = national(*rows, kind="license")
    assert there.errors.is_empty(), there.errors.to_dicts()
    assert there.frame["XK_ZT"].to_list() == ["1", "2", "2"]  # 正常 → 有效; 撤销 → 无效; expired → 无效
    assert there.frame["XK_XKLB"][1] == "其他-备案"
    assert (there.frame["XK_JDRQ"][0], there.frame["XK_YXQZ"][0], there.frame["XK_XKWS"][0]) == (
        "2026/05/10", "2026/05/10", "食品经营许可")
    returned = back(there.frame, "license")
    both = [
        "XK_WSH",
        "XK_XMMC",
        "XK_SPLB",
        "XK_NR",
        "XK_XDR",
        "XK_XDR_SHXYM",
        "XK_FR",
        "XK_SXQ",
        "XK_JZQ",
        "XK_XZJG",
        "XK_ZT",
        "DFBM",
        "BZ",
    ]
    original = rules.normalise(frame_of(LICENSE, *rows), LICENSE, CTX)
    assert returned.frame.select(both).to_dicts() == original.select(both).to_dicts()
    assert {e["field"] for e in returned.errors.to_dicts()} == {"XK_XH", "JD"}


def test_a_licence_whose_status_is_other_is_reported():
    done = national(license_2016(XK_ZT="3", BZ="变更中"), kind="license")
    assert (1, "XK_ZT", "status_not_held") in errors(done)


def national_row(**values) -> dict:
    row = {c: None for c in nat.PENALTY.codes} | {
        "CF_XDR_MC": "王五",
        "CF_XDR_LB": nat.NATURAL,
        "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": ID,
        "CF_WSH": "深罗城罚决字〔2026〕第9号",
        "CF_WFXW": "占道经营",
        "CF_SY": "占道经营",
        "CF_YJ": "条例第六十二条",
        "CF_CFLB": "通报批评;其他-责令退还",
        "CF_NR": "通报批评，责令退还",
        "CF_JDRQ": "2026/05/10",
        "CF_YXQ": "2026/05/10",
        "CF_GSJZQ": "2026/08/10",
        "CF_CFJG": AUTHORITY,
        "CF_CFJGDM": ORGAN_USCC,
        "CF_SJLY": "x",
        "CF_SJLYDM": SOURCE_USCC,
    }
    return row | values


def test_national_to_2016_reports_what_it_cannot_derive():
    rows = [
        national_row(),
        national_row(CF_XDR_ZJLX="护照", CF_XDR_ZJHM="E12345678"),
        national_row(
            CF_XDR_LB=nat.INDIVIDUAL,
            CF_XDR_ZJLX=None,
            CF_XDR_ZJHM=None,
            CF_XDR_SHXYM=nat.PLACEHOLDER_USCC,
            CF_XDR_GSZC="440303600123456",
            CF_FRDB="李四",
            CF_CFJGDM="11440303MB2C9284XX",
        ),
    ]
    done = back(pl.DataFrame(rows, schema={c: pl.Utf8 for c in nat.PENALTY.codes}))
    first, second, third = done.frame.to_dicts()
    assert first["CF_CFLB"] == "其他（通报批评）、其他（责令退还）" and first["CF_XDR_SFZ"] == ID
    assert first["DFBM"] == "440303" and first["CF_SXQ"] == "2026-05-10"
    assert second["CF_XDR_SFZ"] is None and (2, "CF_XDR_SFZ", "cert_type_not_held") in errors(done)
    assert (third["CF_XDR_SHXYM"], third["CF_XDR_GSDJ"], third["CF_FR"]) == (None, "440303600123456", "李四")
    assert third["DFBM"] is None and (3, "DFBM", "not_derivable") in errors(done)
    assert done.converted == 0 and all((r, "CF_XH", "not_derivable") in errors(done) for r in (1, 2, 3))


def test_conversion_is_column_wise_for_a_large_file_and_keeps_row_order():
    from zhengwu.credit.rules import sample

    frame, _ = sample.generate(PENALTY, rows=3000, seed=5)
    org = cv.OrgConfig("深圳市罗湖区发展和改革局", SOURCE_USCC, dict.fromkeys(sample.AUTHORITIES, ORGAN_USCC))
    done = cv.to_national(frame, "penalty", org=org, today=TODAY)
    assert done.rows == 3000 and done.frame["CF_WSH"].to_list() == frame["CF_WSH"].to_list()
    assert done.converted == 3000 - done.errors["row"].n_unique()


# --- the CLI contract ------------------------------------------------------------------------------------

def run_convert(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("credit", "convert", *map(str, args), stdout=out, stderr=err)
    return exc.value.code, out.getvalue(), err.getvalue()


SETTINGS = {"source_unit": "深圳市罗湖区发展和改革局", "source_unit_code": SOURCE_USCC,
            "authority_codes": {AUTHORITY: ORGAN_USCC}}


@pytest.mark.django_db
@override_settings(CREDIT_NATIONAL_ORG=SETTINGS)
def test_cli_convert_contract(tmp_path, units):
    src, out = tmp_path / "p.csv", tmp_path / "n.csv"
    frame_of(PENALTY, penalty_2016(), penalty_2016(CF_XH="2", CF_JG="罚款（见决定书）")).write_csv(src)
    code, stdout, _err = run_convert(src, "--kind", "penalty", "--to", "national", "--out", out)
    result = json.loads(stdout)
    assert code == 1 and (result["rows"], result["converted"]) == (2, 1)
    assert result["errors"] and all(set(e) == {"row", "field", "message"} for e in result["errors"])
    assert {e["row"] for e in result["errors"]} == {2}
    written = pl.read_csv(out, infer_schema=False)
    assert written.columns == nat.PENALTY.codes and len(written) == 2
    assert written["CF_NR_FK"][0] == "0.200000"

    frame_of(PENALTY, penalty_2016()).write_csv(src)
    code, stdout, _err = run_convert(src, "--kind", "penalty", "--to", "national", "--out", out)
    assert code == 0 and json.loads(stdout) == {"rows": 1, "converted": 1, "errors": []}

    code, stdout, _err = run_convert(
        out, "--kind", "penalty", "--to", "luohu2016", "--out", tmp_path / "b.csv"
    )
    result = json.loads(stdout)
    assert code == 1 and {e["field"] for e in result["errors"]} == {"CF_XH", "CF_JD"}
    assert pl.read_csv(tmp_path / "b.csv", infer_schema=False).columns == PENALTY.codes


@pytest.mark.django_db
def test_cli_convert_unreadable_files_exit_2_with_one_line(tmp_path, units):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02 not a table")
    for path, to in ((junk, "national"), (tmp_path / "missing.csv", "national")):
        code, stdout, err = run_convert(path, "--kind", "penalty", "--to", to, "--out", tmp_path / "o.csv")
        assert code == 2 and stdout == "" and len(err.strip().splitlines()) == 1
    wrong = tmp_path / "national.csv"  # a national file where a 2016 one is expected
    pl.DataFrame([national_row()]).write_csv(wrong)
    code, _stdout, err = run_convert(
        wrong, "--kind", "penalty", "--to", "national", "--out", tmp_path / "o.csv"
    )
    assert code == 2 and "行政处罚信息公示数据标准" in err
    good = tmp_path / "p.csv"
    frame_of(PENALTY, penalty_2016()).write_csv(good)
    code, _stdout, err = run_convert(
        good,
        "--kind",
        "penalty",
        "--to",
        "national",
        "--out",
        tmp_path / "o.csv",
        "--authority-code",
        "broken",
    )
    assert code == 2 and "--authority-code" in err


@pytest.mark.django_db
@override_settings(CREDIT_NATIONAL_ORG=SETTINGS)
def test_cli_convert_cannot_write_the_output_exit_2(tmp_path, units):
    src = tmp_path / "p.csv"
    frame_of(PENALTY, penalty_2016()).write_csv(src)
    code, _stdout, err = run_convert(
        src, "--kind", "penalty", "--to", "national", "--out", tmp_path / "no" / "o.csv"
    )
    assert code == 2 and "无法写入" in err


def test_slices_converted_at_once_give_the_same_rows_errors_and_numbers():
    from zhengwu.credit.rules import sample

    frame, _ = sample.generate(PENALTY, rows=2501, seed=9, defect_rate=0.2)
    org = cv.OrgConfig("深圳市罗湖区发展和改革局", SOURCE_USCC, dict.fromkeys(sample.AUTHORITIES, ORGAN_USCC))
    whole = cv.to_national(frame, "penalty", org=org, today=TODAY, parts=1)
    sliced = cv.to_national(frame, "penalty", org=org, today=TODAY, parts=3)
    assert sliced.frame.equals(whole.frame) and sliced.errors.equals(whole.errors) and len(whole.errors)
    back_whole = back(whole.frame)
    back_sliced = cv.from_national(
        whole.frame, "penalty", ctx=CTX, now=datetime(2026, 12, 4, 10, 30), parts=4
    )
    assert back_sliced.frame.equals(back_whole.frame) and back_sliced.errors.equals(back_whole.errors)
