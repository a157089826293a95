"""Personal-data protection on public pages (issue 5 §4): names masked, IDs/phones/e-mails removed."""

import datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from zhengwu.core.privacy import (
    MARKER,
    contains_personal_data,
    is_valid_id_number,
    mask_id_number,
    mask_person_name,
    mask_phone,
    scrub_text,
)

# Filler text that contains no digits, no Latin letters and no phone labels (电话, 联系, Tel …).
FILLER = st.text(
    alphabet="罗湖区城管局行政处罚决定书当事人经营场所街道罚款没收违法所得，。；、（）《》 ", max_size=20
)
REGIONS = ["440303", "440301", "440304", "110101", "310104", "420111", "510107", "650102"]


@st.composite
def id_numbers(draw):
    """A valid 18-character resident ID number (correct birth date and check digit)."""
    region = draw(st.sampled_from(REGIONS))
    born = draw(st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2010, 12, 31)))
    seq = draw(st.integers(min_value=0, max_value=999))
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


@st.composite
def written_id_numbers(draw):
    """An ID number as people write it: plain, lowercase x, or grouped with spaces / hyphens."""
    number = draw(id_numbers())
    style = draw(st.sampled_from(["plain", "lower", "6-8-4 spaces", "6-8-4 hyphens", "4-4-4-4-2"]))
    if style == "lower":
        return number.lower()
    if style == "6-8-4 spaces":
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    if style == "6-8-4 hyphens":
        return f"{number[:6]}-{number[6:14]}-{number[14:]}"
    if style == "4-4-4-4-2":
        return " ".join(number[i:i + 4] for i in range(0, 18, 4))
    return number


@st.composite
def mobiles(draw):
    """A mainland mobile number as written: plain, 3-4-4 with spaces/hyphens, with +86 / 86 / (+86)."""
    digits = "1" + draw(st.sampled_from("3456789")) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))
    sep = draw(st.sampled_from(["", " ", "-"]))
    number = f"{digits[:3]}{sep}{digits[3:7]}{sep}{digits[7:]}"
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "86-", "(+86)", "（+86）", "0086 "]))
    return prefix + number


@st.composite
def credit_codes(draw):
    """A valid 统一社会信用代码 (GB 32100) — an organisation, not a person: must be kept."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    head = draw(st.sampled_from("1235789")) + draw(st.sampled_from("1239"))
    region = draw(st.sampled_from(REGIONS))
    org = "".join(draw(st.lists(st.sampled_from(alphabet), min_size=9, max_size=9)))
    body = head + region + org
    return body + uscc.calc_check_digit(body)


@st.composite
def non_personal_numbers(draw):
    """Numbers that are not personal data: document numbers, amounts, dates, service numbers."""
    kind = draw(
        st.sampled_from(["doc", "amount", "amount_commas", "date", "date_cn", "date_compact", "hotline"])
    )
    if kind == "doc":
        agency = draw(st.sampled_from(["城管罚", "市监罚", "卫监罚", "安监罚"]))
        return f"罗{agency}字〔{draw(st.integers(2011, 2026))}〕第{draw(st.integers(1, 99999))}号"
    if kind == "amount":
        cents = draw(st.integers(0, 99))
        return f"{draw(st.integers(0, 9_999_999_999))}.{cents:02d}元"
    if kind == "amount_commas":
        return f"{draw(st.integers(0, 999_999_999_999)):,}元"
    d = draw(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31)))
    if kind == "date":
        return d.isoformat()
    if kind == "date_cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if kind == "date_compact":
        return f"{d:%Y%m%d}"
    return draw(st.sampled_from(["12345", "12315", "400-820-8820", "800-830-8300"]))


# --- scrub_text ------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(before=FILLER, number=written_id_numbers(), after=FILLER)
def test_id_numbers_in_free_text_are_removed_and_nothing_else_changes(before, number, after):
    assert scrub_text(before + number + after) == before + MARKER + after


@settings(max_examples=200, deadline=None)
@given(before=FILLER, number=mobiles(), after=FILLER)
def test_mobile_numbers_in_free_text_are_removed_and_nothing_else_changes(before, number, after):
    assert scrub_text(before + number + after) == before + MARKER + after


@settings(max_examples=200, deadline=None)
@given(before=FILLER, code=credit_codes(), after=FILLER)
def test_credit_codes_are_kept(before, code, after):
    assert uscc.is_valid(code)
    assume(not is_valid_id_number(code))
    text = before + code + after
    assert scrub_text(text) == text
    assert contains_personal_data(text) == []


@settings(max_examples=300, deadline=None)
@given(before=FILLER, value=non_personal_numbers(), after=FILLER)
def test_document_numbers_amounts_and_dates_are_kept(before, value, after):
    text = before + value + after
    assert scrub_text(text) == text


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(
        st.one_of(FILLER, written_id_numbers(), mobiles(), credit_codes(), non_personal_numbers()), max_size=8
    )
)
def test_scrubbed_text_has_no_detectable_personal_data_and_scrubbing_is_idempotent(parts):
    text = "，".join(parts)
    once = scrub_text(text)
    assert contains_personal_data(once) == []
    assert scrub_text(once) == once


@pytest.mark.parametrize(("text", "expected"), [
    ("联系电话13812345678，身份证440301199001011234", f"联系电话{MARKER}，身份证{MARKER}"),
    ("电话：0755-12345678转123。", f"电话：{MARKER}。"),
    ("座机 (0755)25666666", f"座机 {MARKER}"),
    ("（0755）2566 6666", MARKER),  # a space inside the local part (issue 12: separators are normalised)
    ("办公电话0755 25666666", f"办公电话{MARKER}"),
    ("Tel: 82201234", f"Tel: {MARKER}"),
    ("联系电话：82201234", f"联系电话：{MARKER}"),
    ("传真 010-12345678", f"传真 {MARKER}"),
    ("邮箱 zhang.san@example.com.cn。", f"邮箱 {MARKER}。"),
    ("旧身份证440301900101123住址", f"旧身份证{MARKER}住址"),
    ("校验位写错的身份证440301199001011235也要隐去", f"校验位写错的身份证{MARKER}也要隐去"),
    ("联系人：张三，罚款15000000元", "联系人：张三，罚款15000000元"),
    ("金额0.13812345678万元", "金额0.13812345678万元"),
    ("13812345678.00元", "13812345678.00元"),
    ("工商注册号440301103456781", "工商注册号440301103456781"),
    ("罗城管罚字〔2016〕第123号", "罗城管罚字〔2016〕第123号"),
    ("统一社会信用代码91440300MA5DC7XR39", "统一社会信用代码91440300MA5DC7XR39"),
    ("", ""),
])
def test_scrub_text_table(text, expected):
    assert scrub_text(text) == expected


def test_scrub_text_handles_none():
    assert scrub_text(None) == ""


def test_registration_number_is_kept_only_with_its_label_and_check_digit():
    from stdnum.iso7064 import mod_11_10

    assert mod_11_10.is_valid("440301103456781")  # the kept number in the table really is a valid 注册号
    assert mod_11_10.is_valid("440301900101122")  # … and so is this one, which also looks like an old ID
    assert scrub_text("注册号440301900101122") == "注册号440301900101122"
    assert scrub_text("身份证440301900101122") == f"身份证{MARKER}"
    assert scrub_text("注册号440301900101123") == f"注册号{MARKER}"  # wrong check digit: treated as an ID


# --- contains_personal_data --------------------------------------------------------------------------


def test_detector_finds_ids_and_mobiles_in_html_and_json():
    html = '<td>张*明</td><td data-x="440301199001011234">x</td><p>电话 138-1234-5678</p>'
    json_text = '{"id_number": "4403 0119 9001 0112 34", "phone": "+8613912345678"}'
    assert contains_personal_data(html) == ["440301199001011234", "138-1234-5678"]
    assert contains_personal_data(json_text) == ["4403 0119 9001 0112 34", "+8613912345678"]


def test_detector_ignores_masked_values_credit_codes_and_invalid_ids():
    text = ('138****5678 4403**********1234 91440300MA5DC7XR39 张*明 '
            '440301199001011235 {"csrf": "abc13812345678def"} 2016-06-30')
    assert contains_personal_data(text) == []
    assert contains_personal_data("") == []
    assert contains_personal_data(None) == []


def test_is_valid_id_number_uses_the_check_digit():
    assert is_valid_id_number("440301199001011234")
    assert not is_valid_id_number("440301199001011235")
    assert not is_valid_id_number("440301199013011234")  # month 13


# --- names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张*"),
    ("张三明", "张*明"),
    ("王小明华", "王**华"),
    ("欧阳明", "欧阳*"),
    ("欧阳明华", "欧阳*华"),
    ("欧阳小明华", "欧阳**华"),
    ("司马懿", "司马*"),
    ("诸葛孔明", "诸葛*明"),
    ("买买提·艾力", "买**·*力"),
    ("阿依古丽·吐尔逊", "阿***·**逊"),
    ("John Smith", "J*** S****"),
    ("Madonna", "M******"),
    ("Mary-Jane O'Neil", "M***-J*** O'N***"),
    (" 李四 ", "李*"),
    ("李", "*"),
    ("", ""),
    (None, ""),
])
def test_mask_person_name(name, masked):
    assert mask_person_name(name) == masked


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="张王李赵刘陈杨黄周吴明华小建国丽娟伟强", min_size=2, max_size=6))
def test_masked_chinese_name_keeps_length_and_reveals_at_most_first_and_last(name):
    masked = mask_person_name(name)
    assert len(masked) == len(name)
    assert masked[0] == name[0]
    assert "*" in masked
    assert masked.count("*") >= len(name) - 2


# --- partial masks (internal pages only) -------------------------------------------------------------


@pytest.mark.parametrize(("value", "masked"), [
    ("13812345678", "138****5678"),
    ("+86 138-1234-5678", "138****5678"),
    ("0755-12345678", "0755-****5678"),
    ("(0755)2566666", "0755-***6666"),
    ("82201234", "****1234"),
    ("", ""),
])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_mask_id_number():
    assert mask_id_number("440301199001011234") == "4403**********1234"
    assert mask_id_number("4403 0119 9001 0112 3x") == "4403**********123X"
    assert mask_id_number("") == ""
    assert contains_personal_data(mask_id_number("440301199001011234")) == []
