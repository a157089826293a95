"""Personal-data protection for public pages (双公示 §4 of issue 5): pure functions, no ORM.

For a natural person the ID number, address and contact details are *removed* on public pages
(not shown partly); the name is shown masked as is common practice; phone numbers, ID numbers and
e-mail addresses found inside free text are removed too.

    mask_person_name("张三明")                 -> "张*明"
    scrub_text("联系电话13812345678，身份证440301199001011236")
                                              -> "联系电话【已隐去】，身份证【已隐去】"
    contains_personal_data(html)              -> ["13812345678", ...]   (for tests over public output)

`mask_id_number` / `mask_phone` show *partial* values (138****5678) and are for internal pages
only — never use them on a public page, where the value must be dropped entirely.

What `scrub_text` deliberately keeps: 统一社会信用代码 (validated with stdnum.cn.uscc), decision
document numbers (罗城管罚字〔2016〕第123号), amounts (15000元, 1,500,000.00), dates
(2016-06-30, 20160630), 400/800 service numbers. 15-digit numbers that look like an old (1st
generation) ID card number are removed unless a 注册号/登记码 label precedes them and they pass the
business-registration-number check (ISO 7064 MOD 11,10).
"""

import datetime
import re

from stdnum.cn import ric, uscc
from stdnum.iso7064 import mod_11_10

MARKER = "【已隐去】"

# --- Names ------------------------------------------------------------------------------------------

COMPOUND_SURNAMES = frozenset(
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 公冶 "
    "太叔 申屠 公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 "
    "漆雕 乐正 宰父 谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 公户 公玉 公仪 梁丘 公仲 "
    "公上 公门 公山 公坚 左丘 公伯 西门 公祖 第五 公乘 贯丘 公皙 南荣 东里 东宫 仲长 子书 子桑 即墨 达奚 "
    "褚师 吴铭".split()
)
_NAME_SEPARATORS = "·•・‧. "


def _is_latin(text: str) -> bool:
    return all(ch.isascii() for ch in text)


def _mask_keep_first_last(chars: str) -> str:
    if len(chars) <= 1:
        return "*" * len(chars)
    if len(chars) == 2:
        return chars[0] + "*"
    return chars[0] + "*" * (len(chars) - 2) + chars[-1]


def mask_person_name(name: str | None) -> str:
    """A natural person's name masked for publication: 张* / 张*明 / 王**华 / 欧阳*华 / J*** S****.

    Rules (decided here, documented in docs/privacy.md):
    - 2 characters: surname + "*" (张三 -> 张*); 3: first and last kept (张三明 -> 张*明);
      4 or more: first and last kept, one "*" per hidden character (王小明华 -> 王**华).
    - A compound surname (欧阳, 司马, 上官 …) is kept whole and the given name is masked like the
      tail of a 2-/3-character name: 欧阳明 -> 欧阳*, 欧阳明华 -> 欧阳*华, 欧阳小明华 -> 欧阳**华.
    - Names with a middle dot (买买提·艾力): first and last character kept, separators kept,
      everything else "*" (买**·*力).
    - Latin-script names: each word keeps its first letter (John Smith -> J*** S****).
    - Empty or blank -> "".
    """
    name = (name or "").strip()
    if not name:
        return ""
    if _is_latin(name):
        words = re.split(r"(\s+|[.\-'])", name)
        return "".join(w if not w or not w[0].isalnum() else w[0] + "*" * (len(w) - 1) for w in words)
    if any(sep in name for sep in "·•・‧"):
        letters = [i for i, ch in enumerate(name) if ch not in _NAME_SEPARATORS]
        keep = {letters[0], letters[-1]} if len(letters) > 2 else {letters[0]}
        return "".join(ch if (i in keep or ch in _NAME_SEPARATORS) else "*" for i, ch in enumerate(name))
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        given = name[2:]
        return name[:2] + ("*" if len(given) == 1 else "*" * (len(given) - 1) + given[-1])
    return _mask_keep_first_last(name)


# --- Finding numbers in text ------------------------------------------------------------------------

_SEP = r"[ \-\u00a0]?"  # at most one space / hyphen between two characters of a number
# 18 characters (17 digits + digit/X) or 15 digits, optionally with single separators inside.
_ID18 = re.compile(r"(?<![0-9A-Za-z_])\d(?:" + _SEP + r"\d){16}" + _SEP + r"[\dXx](?![0-9A-Za-z_])")
_ID15 = re.compile(r"(?<![0-9A-Za-z_])\d(?:" + _SEP + r"\d){14}(?![0-9A-Za-z_])")
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z_+])(?<!\d\.)(?:(?:\+|00)?86[ \-]?|[(（]\+?86[)）][ \-]?)?"
    r"1[3-9]\d(?:[ \-]?\d){8}(?![0-9A-Za-z_])(?!\.\d)"
)
_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z_])(?:[(（]0\d{2,3}[)）][ \-]?|0\d{2,3}[ \-])\d{7,8}(?:[-转]\d{1,6})?(?![0-9A-Za-z_])"
)
_LABELLED_NUMBER = re.compile(
    r"(?P<label>(?:电话|联系|手机|座机|传真|热线|号码|致电|来电|[Tt]el|TEL|[Ff]ax|FAX|[Pp]hone|PHONE|Mobile|mobile)"
    r"[\s:：是为（）()/电话号码机人]{0,6})(?P<number>(?:0\d{2,3}[ \-]?)?\d{7,8}(?:[-转]\d{1,6})?)(?![0-9A-Za-z_])"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_REGISTRATION_LABEL = re.compile(r"(注册号|登记码|登记号|注册码)[^\d\n]{0,6}$")


def _compact(text: str) -> str:
    return re.sub(r"[ \-\u00a0]", "", text).upper()


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        d = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= d <= datetime.date.today()


def _looks_like_id18(number: str) -> bool:
    """ID structure: 6-digit region, a real birth date; the check digit may be mistyped (privacy first)."""
    if not number[:17].isdigit() or number[0] == "0":
        return False
    return _valid_date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def _looks_like_id15(number: str) -> bool:
    """First-generation 15-digit ID: 6-digit region + YYMMDD + 3-digit sequence."""
    return number[0] != "0" and _valid_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def is_valid_id_number(value: str) -> bool:
    """An 18-character resident ID number with a correct check digit and birth date (stdnum cn.ric)."""
    number = _compact(value)
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        ric.get_birth_date(number)
    except ric.ValidationError:
        return False
    return number[-1] == ric.calc_check_digit(number)


def _is_uscc(number: str) -> bool:
    return uscc.is_valid(number)


def _scrub_ids(text: str) -> str:
    def repl18(m: re.Match) -> str:
        number = _compact(m.group())
        if is_valid_id_number(number):
            return MARKER
        if _is_uscc(number):
            return m.group()
        return MARKER if _looks_like_id18(number) else m.group()

    def repl15(m: re.Match) -> str:
        number = _compact(m.group())
        if not _looks_like_id15(number):
            return m.group()
        if _REGISTRATION_LABEL.search(text[max(0, m.start() - 12):m.start()]) and mod_11_10.is_valid(number):
            return m.group()  # a 15-digit business registration number (工商注册号), not a person
        return MARKER

    return _ID15.sub(repl15, _ID18.sub(repl18, text))


def scrub_text(text: str | None) -> str:
    """Free text with ID numbers, mobile and landline numbers and e-mail addresses replaced by 【已隐去】."""
    if not text:
        return text or ""
    text = _EMAIL.sub(MARKER, text)
    text = _scrub_ids(text)
    text = _MOBILE.sub(MARKER, text)
    text = _LANDLINE.sub(MARKER, text)
    text = _LABELLED_NUMBER.sub(lambda m: m.group("label") + MARKER, text)
    return text


def contains_personal_data(text: str | None) -> list[str]:
    """Unmasked ID numbers (checked with stdnum cn.ric) and mobile numbers found in any HTML/JSON text.

    Used by tests that render every public page and API response: the list must be empty.
    Masked values (138****5678, 4403**********1234) and 统一社会信用代码 are not reported.
    """
    if not text:
        return []
    found = [m.group() for m in _ID18.finditer(text) if is_valid_id_number(m.group())]
    found += [m.group() for m in _MOBILE.finditer(text)]
    return found


# --- Partial masks for internal pages only ------------------------------------------------------------


def mask_id_number(value: str | None) -> str:
    """NOT for public pages. An ID number with its middle hidden: 4403**********1234 (first 4, last 4)."""
    number = _compact(value or "")
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(value: str | None) -> str:
    """NOT for public pages. A phone number with its middle hidden: 138****5678, 0755-****5678."""
    raw = (value or "").strip()
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) == 11 and digits[0] == "1":
        return digits[:3] + "****" + digits[-4:]
    area = re.match(r"[(（]?(0\d{2,3})[)）]?[ \-]?(\d{7,8})$", raw)
    if area:
        local = area.group(2)
        return area.group(1) + "-" + "*" * (len(local) - 4) + local[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]
