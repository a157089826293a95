"""Issue 12 §2: personal data written in odd forms (full-width, dots, slashes, zero-width characters) and a
person's own values (name, ID number, address and its parts) are removed from free text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhengwu.core import privacy
from zhengwu.core.privacy import (
    MARKER,
    address_fragments,
    contains_personal_data,
    fold,
    known_values,
    scrub_text,
)

ID = "440301199001011234"  # valid check digit
ID_X = "11010519491231002X"  # valid, ends in X


@pytest.mark.parametrize(
    "written",
    [
        # mobile numbers
        "13812345678",
        "138.1234.5678",
        "138/1234/5678",
        "138 1234 5678",
        "138-1234-5678",
        "138 - 1234 - 5678",
        "138_1234_5678",
        "138·1234·5678",
        "138—1234—5678",
        "138–1234–5678",
        "138－1234－5678",
        "138　1234　5678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+86.138.1234.5678",
        "+8613812345678",
        "0086 13812345678",
        "(+86)13812345678",
        "（+86）138 1234 5678",
        "＋８６ １３８ １２３４ ５６７８",
        "１３８１２３４５６７８",
        "1\u200b3\u200b8\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8",
        "138\u00ad1234\u00ad5678",
        "138\u00a01234\u00a05678",
        "①③⑧①②③④⑤⑥⑦⑧",
        "138\x001234\x005678",
        # e-mail addresses
        "a@b.com",
        "a＠b.com",
        "a﹫b.com",
        "zhang.san @ example.com.cn",
        "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ",
        "a@b。com",
        # ID numbers
        ID,
        ID.lower(),
        ID_X,
        ID_X.lower(),
        "4403 0119 9001 0112 34",
        "440301 19900101 1234",
        "440301-19900101-1234",
        "440301.19900101.1234",
        "４４０３０１１９９００１０１１２３４",
        "11010519491231002ｘ",
        "110105 19491231 002X",
        "440301900101123",  # 15-digit first-generation number
        # landlines
        "0755-12345678",
        "0755 2566 6666",
        "(0755)2566-6666",
        "（０７５５）２５６６６６６６",
        "0755.25666666",
        "0755-12345678转123",
    ],
)
def test_personal_numbers_in_every_written_form_are_removed_whole(written):
    text = f"当事人联系方式：{written}，请核实。"
    assert scrub_text(text) == f"当事人联系方式：{MARKER}，请核实。", written
    assert scrub_text(scrub_text(text)) == scrub_text(text)


@pytest.mark.parametrize(
    "written",
    [
        "１３８１２３４５６７８",
        "＋８６ １３８ １２３４ ５６７８",
        "４４０３０１１９９００１０１１２３４",
        "138.1234.5678",
    ],
)
def test_nothing_of_a_full_width_number_is_left_behind(written):
    scrubbed = scrub_text(f"电话{written}")
    assert scrubbed == f"电话{MARKER}"
    assert not any(ch.isdigit() for ch in scrubbed)  # no ６７８ left over


@pytest.mark.parametrize(
    "kept",
    [
        # dates
        "2016-06-30",
        "2016.06.30",
        "2016/06/30",
        "2016年6月30日",
        "20160630",
        "2016-06-30至2017-06-29",
        "2016.06.30-2016.12.31",
        "２０１６年６月３０日",
        # money
        "15000元",
        "1,500,000.00元",
        "13812345678.00元",
        "138123456.78元",
        "金额0.13812345678万元",
        "罚款人民币5000元",
        "１５０００元",
        # document numbers and codes of legal persons
        "罗城管罚字〔2016〕第123号",
        "深罗城罚决字〔2016〕第13号",
        "罗许〔24〕00142号",
        "91440300MA5DC7XR39",
        "914403001922038216",
        "MA5DC7XR-3",
        "工商注册号440301103456781",
        "JY14403030012345",
        # service numbers
        "12345",
        "12315",
        "400-820-8820",
        "800-830-8300",
    ],
)
def test_dates_amounts_document_numbers_and_legal_persons_codes_are_kept(kept):
    text = f"经核实，{kept}。"
    assert scrub_text(text) == text


def test_the_page_keeps_its_full_width_punctuation_around_what_is_removed():
    assert scrub_text("（电话：１３８１２３４５６７８）。") == f"（电话：{MARKER}）。"


def test_fold_maps_back_to_the_original_characters():
    folded, origin = fold("电话１３８－")
    assert folded == "电话138-"
    assert origin == [0, 1, 2, 3, 4, 5]
    assert fold("abc") == ("abc", None)
    assert fold("a\x00b") == ("a b", None)  # a NUL in the input never looks like a claimed match


def test_detector_folds_too():
    assert contains_personal_data("电话１３８１２３４５６７８") == ["１３８１２３４５６７８"]
    assert contains_personal_data("138.1234.5678 与 4403 0119 9001 0112 34") == ["4403 0119 9001 0112 34",
                                                                              "138.1234.5678"]


# --- A person's own values ------------------------------------------------------------------------------


def test_address_fragments_keep_the_street_and_number_never_a_bare_number_or_district():
    parts = address_fragments("深圳市罗湖区南湖街道东门中路142号3栋502")
    assert {"东门中路142号", "东门中路142号3栋", "东门中路142号3栋502", "南湖街道东门中路142号",
            "深圳市罗湖区南湖街道东门中路142号3栋502"} <= set(parts)
    assert not {"142号", "3栋502", "深圳市", "罗湖区", "深圳市罗湖区", "东门中路"} & set(parts)
    assert address_fragments("深圳市罗湖区") == ()  # only administrative units: nothing specific
    assert address_fragments("深圳市罗湖区东门老街") == ("东门老街", "罗湖区东门老街", "深圳市罗湖区东门老街")
    assert address_fragments("") == address_fragments(None) == ()
    assert "新秀村12栋" in address_fragments("深圳市罗湖区黄贝街道新秀社区新秀村12栋")


ADDRESS = "深圳市罗湖区南湖街道东门中路142号"
KNOWN = known_values(names=("张三明",), numbers=(ID,), addresses=(ADDRESS,))


@pytest.mark.parametrize(("text", "expected"), [
    (f"食品经营许可，准予许可，经营场所：{ADDRESS}", f"食品经营许可，准予许可，经营场所：{MARKER}"),
    ("经营场所：罗湖区东门中路142号", f"经营场所：罗湖区{MARKER}"),  # a partial repetition
    ("经营场所：东门中路 142 号", f"经营场所：{MARKER}"),
    ("经营场所：东门中路１４２号", f"经营场所：{MARKER}"),
    ("经营场所：东门中路142号之一", f"经营场所：{MARKER}之一"),
    ("张三明在东门中路占道经营", "张*明在东门中路占道经营"),  # the road alone is no one's address
    ("当事人张 三 明", "当事人张*明"),
    (f"身份证{ID[:6]}-{ID[6:14]}-{ID[14:]}", f"身份证{MARKER}"),
    ("罗许〔24〕00142号，东门中路142号", f"罗许〔24〕00142号，{MARKER}"),  # the document number is kept
    (f"号码{ID}1", f"号码{ID}1"),  # a longer number is not this ID (and has no ID structure)
])
def test_a_persons_own_values_are_removed_wherever_they_appear(text, expected):
    assert scrub_text(text, KNOWN) == expected


def test_known_values_ignore_what_is_too_short_to_be_specific():
    known = known_values(names=("李",), numbers=("无", "12345"), addresses=("罗湖区",))
    assert not known
    assert scrub_text("李先生，编号12345，罗湖区", known) == "李先生，编号12345，罗湖区"


def test_latin_names_and_numbers_by_value_match_whole_words_only():
    known = known_values(names=("Li Ming",), numbers=("A1234567",))
    assert scrub_text("Li Ming, permit A1234567", known) == f"L* M***, permit {MARKER}"
    assert scrub_text("Liming2 XA1234567", known) == "Liming2 XA1234567"


# --- The fast path -----------------------------------------------------------------------------------

ODD = (
    "0123456789０１２３４５６７８９①③⑧⑽㉑٣𝟏 -./_·—－．／　@＠﹫ab.com"
    "电话联系号码张三明深圳市东门中路号（）：转\u200b\u0301\x00"
)
KNOWN_ODD = known_values(names=("张三明",), numbers=("13812345",), addresses=("深圳市罗湖区东门中路142号",))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ODD, max_size=40))
def test_the_fast_path_never_skips_what_the_slow_path_would_remove(text):
    folded, _origin = fold(text)
    assert privacy.quick_fold(text) == folded  # the cheap test sees exactly what the matching sees
    slow = privacy._fill_patterns(folded)
    if privacy.FILL in slow:
        assert privacy._MAYBE_PERSONAL.search(privacy.quick_fold(text)), text
        assert privacy._folding()[2].search(text), text  # the same test on the original text
    if KNOWN_ODD.spans(folded):
        assert KNOWN_ODD.appear_in(privacy.quick_fold(text)), text
