"""The national exchange formats as data (issue 16 §1) and the validation of a national-format row."""

from datetime import date

import polars as pl
import pytest

from zhengwu.credit.formats import national as nat
from zhengwu.credit.rules import checksums, publicity
from zhengwu.credit.standard import PENALTY_CATEGORIES, Check, Field, Type

LICENSE_CODES = [
    "XK_XDR_MC",
    "XK_XDR_LB",
    "XK_XDR_SHXYM",
    "XK_XDR_GSZC",
    "XK_XDR_ZZJG",
    "XK_XDR_SWDJ",
    "XK_XDR_SYDW",
    "XK_XDR_SHZZ",
    "XK_FRDB",
    "XK_FR_ZJLX",
    "XK_FR_ZJHM",
    "XK_XDR_ZJLX",
    "XK_XDR_ZJHM",
    "XK_XKWS",
    "XK_WSH",
    "XK_XKLB",
    "XK_XKZS",
    "XK_XKBH",
    "XK_NR",
    "XK_JDRQ",
    "XK_YXQZ",
    "XK_YXQZI",
    "XK_XKJG",
    "XK_XKJGDM",
    "XK_ZT",
    "XK_LYDW",
    "XK_LYDWDM",
    "BZ",
]
PENALTY_CODES = [
    "CF_XDR_MC",
    "CF_XDR_LB",
    "CF_XDR_SHXYM",
    "CF_XDR_GSZC",
    "CF_XDR_ZZJG",
    "CF_XDR_SWDJ",
    "CF_XDR_SYDW",
    "CF_XDR_SHZZ",
    "CF_FRDB",
    "CF_FR_ZJLX",
    "CF_FR_ZJHM",
    "CF_XDR_ZJLX",
    "CF_XDR_ZJHM",
    "CF_WSH",
    "CF_WFXW",
    "CF_SY",
    "CF_YJ",
    "CF_CFLB",
    "CF_NR",
    "CF_NR_FK",
    "CF_NR_WFFF",
    "CF_NR_ZKDX",
    "CF_JDRQ",
    "CF_YXQ",
    "CF_GSJZQ",
    "CF_CFJG",
    "CF_CFJGDM",
    "CF_SJLY",
    "CF_SJLYDM",
    "BZ",
]


def uscc(body: str) -> str:
    return body + checksums.uscc_check(body)


def ric(body: str) -> str:
    return body + checksums.ric_check(body)


ORG_USCC = uscc("91440303MA5F00001")
SHOP_USCC = uscc("92440303MA5F00002")
ORGAN_USCC = uscc("11440303MB2C92840")  # a 机关 registered in 罗湖 (440303)
ID = ric("44030319800101001")


def test_the_formats_have_the_issues_field_counts_and_codes():
    assert [f.code for f in nat.LICENSE.fields] == LICENSE_CODES and len(LICENSE_CODES) == 28
    assert [f.code for f in nat.PENALTY.fields] == PENALTY_CODES and len(PENALTY_CODES) == 30
    for fmt in nat.FORMATS.values():
        assert [f.no for f in fmt.fields] == list(range(1, len(fmt.fields) + 1))
        for f in fmt.fields:  # every field says how long it may be, or is a date/number
            assert isinstance(f, Field) and (f.max_length or f.type in (Type.DATE, Type.DECIMAL)), f.code


def test_the_identity_block_is_declared_once_for_both_kinds():
    lic, pen = nat.identity_fields("XK"), nat.identity_fields("CF")
    assert len(lic) == 13
    strip = lambda f: (f.code[3:], f.name, f.max_length, f.required, f.check, f.enum, f.personal)  # noqa: E731
    assert [strip(f) for f in lic] == [strip(f) for f in pen]
    assert nat.LICENSE.fields[:13] == lic and nat.PENALTY.fields[:13] == pen
    assert len(nat.PENALTY.identity.code_slots) == 6


def test_enumerations_as_data():
    assert nat.SUBJECT_CATEGORIES == ("法人及非法人组织", "自然人", "个体工商户")
    assert nat.CERT_TYPES == (
        "身份证",
        "护照",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "外国人永久居留身份证",
        "其他",
    )
    assert nat.LICENSE_TYPES == ("普通", "特许", "认可", "核准", "登记", "其他")
    # 《行政处罚法》(2021) 第九条, items (一)–(六), 13 named kinds and 其他
    assert [len(kinds) for _item, kinds in nat.ARTICLE_9] == [2, 3, 3, 4, 1, 1]
    assert len(nat.PENALTY_TYPES) == 14 and nat.PENALTY.field("CF_CFLB").multi


def test_personal_numbers_are_marked_as_personal():
    personal = {f.code for fmt in nat.FORMATS.values() for f in fmt.fields if f.personal}
    assert personal == {"XK_FR_ZJHM", "XK_XDR_ZJHM", "CF_FR_ZJHM", "CF_XDR_ZJHM"}


def test_every_disputed_length_says_what_was_chosen():
    for code in ("CF_XDR_ZZJG", "CF_XDR_SWDJ", "CF_CFLB", "CF_NR_FK", "CF_XDR_LB", "CF_XDR_SYDW"):
        assert nat.PENALTY.field(code).length_note, code


def penalty_row(**values) -> dict:
    row = {
        "CF_XDR_MC": "深圳市某某餐饮管理有限公司",
        "CF_XDR_LB": nat.LEGAL,
        "CF_XDR_SHXYM": ORG_USCC,
        "CF_FRDB": "张三",
        "CF_WSH": "深罗城罚决字〔2026〕第1号",
        "CF_WFXW": "未按规定设置户外广告",
        "CF_SY": "擅自设置户外广告",
        "CF_YJ": "《深圳市户外广告管理办法》第二十九条",
        "CF_CFLB": "罚款",
        "CF_NR": "罚款人民币2000元",
        "CF_NR_FK": "0.200000",
        "CF_JDRQ": "2026/05/10",
        "CF_YXQ": "2026/06/10",
        "CF_GSJZQ": "2027/05/10",
        "CF_CFJG": "深圳市罗湖区城市管理和综合执法局",
        "CF_CFJGDM": ORGAN_USCC,
        "CF_SJLY": "深圳市罗湖区发展和改革局",
        "CF_SJLYDM": ORGAN_USCC,
    }
    return row | values


def check(*rows) -> list[tuple[int, str, str]]:
    frame = pl.DataFrame(list(rows), schema={c: pl.Utf8 for c in PENALTY_CODES})
    result = nat.validate(frame, nat.PENALTY, today=date(2026, 12, 4))
    return [(e["row"], e["field"], e["rule"]) for e in result.errors.to_dicts()]


def test_a_complete_row_is_valid():
    assert check(penalty_row()) == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"CF_XDR_LB": None}, ("CF_XDR_LB", "required")),
        ({"CF_XDR_LB": "企业"}, ("CF_XDR_LB", "enum")),
        # legal person: a real 统一社会信用代码 and the 法定代表人
        ({"CF_XDR_SHXYM": None}, ("CF_XDR_SHXYM", "required_when")),
        ({"CF_XDR_SHXYM": ORG_USCC[:-1] + ("1" if ORG_USCC[-1] != "1" else "2")}, ("CF_XDR_SHXYM", "uscc")),
        ({"CF_XDR_SHXYM": nat.PLACEHOLDER_USCC}, ("CF_XDR_SHXYM", "uscc_placeholder")),
        ({"CF_FRDB": None}, ("CF_FRDB", "required_when")),
        ({"CF_XDR_ZJLX": "身份证", "CF_XDR_ZJHM": ID}, ("CF_XDR_ZJLX", "must_be_blank")),
        ({"CF_XDR_ZZJG": "12345678-0"}, ("CF_XDR_ZZJG", "org_code")),
        # the 法定代表人's document: type and number together, an ID number checked
        ({"CF_FR_ZJLX": "身份证"}, ("CF_FR_ZJHM", "cert_pair")),
        ({"CF_FR_ZJHM": ID}, ("CF_FR_ZJLX", "cert_pair")),
        (
            {"CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": ID[:-1] + ("0" if ID[-1] != "0" else "1")},
            ("CF_FR_ZJHM", "ric"),
        ),
        ({"CF_FR_ZJLX": "其他", "CF_FR_ZJHM": "X1"}, ("CF_FR_ZJLX", "other_explanation")),
        # amounts, kinds and their conditions
        ({"CF_NR_FK": None}, ("CF_NR_FK", "required_when")),
        ({"CF_NR_FK": "2000元"}, ("CF_NR_FK", "decimal")),
        ({"CF_NR_FK": "0.2000001"}, ("CF_NR_FK", "decimal")),
        ({"CF_CFLB": "罚款;没收违法所得"}, ("CF_NR_WFFF", "required_when")),
        ({"CF_CFLB": "罚款;吊销许可证件"}, ("CF_NR_ZKDX", "required_when")),
        ({"CF_CFLB": "罚款;罚没"}, ("CF_CFLB", "enum")),
        ({"CF_CFLB": "罚款;其他"}, ("CF_CFLB", "other_explanation")),
        # dates
        ({"CF_JDRQ": "2026/02/30"}, ("CF_JDRQ", "date_format")),
        ({"CF_GSJZQ": "2026/05/09"}, ("CF_GSJZQ", "date_order")),
        ({"CF_YXQ": "2026/01/01"}, ("CF_YXQ", "date_order")),
        (
            {"CF_JDRQ": "2027/01/01", "CF_YXQ": "2099/12/31", "CF_GSJZQ": "2028/01/01"},
            ("CF_JDRQ", "future_date"),
        ),
        # the organisation's codes
        ({"CF_SJLYDM": None}, ("CF_SJLYDM", "required")),
        ({"CF_CFJGDM": "11440303MB2C9284XX"}, ("CF_CFJGDM", "uscc")),
        ({"CF_WFXW": "违" * 2001}, ("CF_WFXW", "max_length")),
    ],
)
def test_each_rule_of_a_legal_persons_row(values, expected):
    assert (1, *expected) in check(penalty_row(**values))


def test_a_natural_person_gives_a_document_and_no_codes():
    person = {
        "CF_XDR_LB": nat.NATURAL,
        "CF_XDR_SHXYM": None,
        "CF_FRDB": None,
        "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": ID,
    }
    assert check(penalty_row(**person)) == []
    assert (1, "CF_XDR_ZJHM", "required_when") in check(penalty_row(**(person | {"CF_XDR_ZJHM": None})))
    assert (1, "CF_XDR_ZJLX", "required_when") in check(penalty_row(**(person | {"CF_XDR_ZJLX": None})))
    assert (1, "CF_XDR_SHXYM", "must_be_blank") in check(penalty_row(**(person | {"CF_XDR_SHXYM": ORG_USCC})))
    assert (1, "CF_FRDB", "must_be_blank") in check(penalty_row(**(person | {"CF_FRDB": "张三"})))
    passport = person | {"CF_XDR_ZJLX": "护照", "CF_XDR_ZJHM": "E12345678"}
    assert check(penalty_row(**passport)) == []  # only an ID card's number has a check character to test


def test_an_individual_business_without_a_code_uses_the_placeholder_and_its_registration_number():
    shop = {"CF_XDR_LB": nat.INDIVIDUAL, "CF_XDR_SHXYM": nat.PLACEHOLDER_USCC, "CF_FRDB": "李四"}
    assert (1, "CF_XDR_GSZC", "required_when") in check(penalty_row(**shop))
    assert check(penalty_row(**(shop | {"CF_XDR_GSZC": "440303600123456"}))) == []
    assert check(penalty_row(**{"CF_XDR_LB": nat.INDIVIDUAL, "CF_XDR_SHXYM": SHOP_USCC})) == []


def test_dates_are_accepted_with_slashes_or_hyphens_and_org_codes_with_or_without_the_hyphen():
    org_code = "12345678-" + checksums.org_check("12345678")
    assert check(penalty_row(CF_JDRQ="2026-05-10", CF_XDR_ZZJG=org_code)) == []
    clean = nat.normalise(pl.DataFrame([penalty_row(CF_XDR_ZZJG=org_code)]), nat.PENALTY)
    assert clean["CF_XDR_ZZJG"][0] == org_code.replace("-", "") and clean["CF_JDRQ"][0] == "2026-05-10"


def test_rows_are_numbered_and_every_row_checked():
    errors = check(penalty_row(), penalty_row(CF_WSH=None), penalty_row(CF_XDR_LB="企业"))
    assert {(r, f) for r, f, _rule in errors} == {(2, "CF_WSH"), (3, "CF_XDR_LB")}


def test_the_2016_categories_read_as_national_kinds():
    """Issue 13 item 6: every kind the publicity policy names is a national kind, and every 2016 category
    (and the seed's misprint) reads as national kinds."""
    national = set(nat.PENALTY_TYPES)
    for category in PENALTY_CATEGORIES:
        if category == "其他":
            continue
        kinds = nat.kinds_from_2016(category, "暂扣许可证")
        assert kinds and set(kinds) <= national, category
    assert nat.kinds_from_2016("没手非法财物") == [nat.CONFISCATE_PROPERTY]
    rule = publicity.DEFAULT_POLICY.rule_version(date(2026, 12, 4))
    assert set(rule.type_tiers) <= national
    assert {"通报批评", "责令关闭", "限制从业"} <= set(rule.type_tiers)


@pytest.mark.parametrize(("category", "result", "kinds"), [
    ("罚款、暂扣或者吊销许可证", "罚款2000元，吊销食品经营许可证", [nat.FINE, nat.REVOKE_LICENCE]),
    ("暂扣或者吊销执照", "暂扣营业执照三个月", [nat.SUSPEND_LICENCE]),
    ("暂扣或者吊销许可证", "罚款", [nat.UNDETERMINED]),  # neither word: reported by the conversion
    ("其他（通报批评）", "", [nat.CRITICISM]),
    ("其他(责令关闭)", "", [nat.CLOSE_DOWN]),
    ("其他：责令退还", "", ["其他-责令退还"]),
    ("警告；罚款；罚款", "", [nat.WARNING, nat.FINE]),
    ("其他", "", ["其他"]),
])
def test_kinds_from_2016_scalar_and_column_wise(category, result, kinds):
    assert nat.kinds_from_2016(category, result) == kinds
    got = pl.select(nat.kinds_from_2016_expr(pl.lit(category), pl.lit(result))).item().to_list()
    assert got == kinds


def test_the_checks_are_declared_on_the_fields():
    assert nat.PENALTY.field("CF_XDR_SHXYM").check is Check.USCC
    assert nat.PENALTY.field("CF_XDR_ZJHM").check is Check.CERT_NUMBER
    assert nat.PENALTY.field("CF_NR_FK").required_when.values == (nat.FINE,)
