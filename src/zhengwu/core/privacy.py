"""Personal-data protection for public pages (双公示 §4 of issue 5, issue 12 §2): pure functions, no ORM.

For a natural person the ID number, address and contact details are *removed* on public pages
(not shown partly); the name is shown masked as is common practice; phone numbers, ID numbers and
e-mail addresses found inside free text are removed too — by pattern (anyone's) and by value (the
person's own name, ID number, codes and address, also a part of the address such as 东门中路142号).
Both are matched on *folded* text (`fold`: NFKC, every decimal digit as ASCII, invisible characters
dropped; values also without separators), and replaced in the original text.

    mask_person_name("张三明")                 -> "张*明"
    scrub_text("联系电话13812345678，身份证440301199001011236")
                                              -> "联系电话【已隐去】，身份证【已隐去】"
    scrub_text("电话１３８.１２３４.５６７８")       -> "电话【已隐去】"
    known = known_values(names=("张三明",), addresses=("深圳市罗湖区南湖街道东门中路142号",))
    scrub_text("张三明，经营场所：东门中路 142 号", known)
                                              -> "张*明，经营场所：【已隐去】"
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
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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


# --- Folding: what the patterns and values are matched against -----------------------------------------
#
# Text is matched in a *folded* form and replaced in the original, so a page keeps its full-width
# punctuation while `１３８１２３４５６７８`, `a＠b.com` or `138\u200b1234\u200b5678` are found like
# their plain forms. Each character is folded on its own: NFKC (full-width → ASCII, ① → 1,
# ideographic space → space), any other decimal digit → its ASCII digit, invisible format characters
# and combining marks dropped. The characters that fold to something else (~4,400: the BMP plus the
# mathematical and enclosed alphanumerics) are one table and one character class, built on first use
# (~0.1 s); text without any of them — most list values, every ASCII text — is its own folded form.

FILL = "\x00"  # marks folded characters already claimed by a match (input NULs fold to a space)
_SEPARATORS = " \t\r\n-\u2010\u2011\u2012\u2013\u2014\u2015\u2212./_\u00b7\u30fb"  # dropped from skeletons
_SEPARATOR_RE = re.compile("[" + re.escape(_SEPARATORS) + "]")
_FOLD_RANGES = (range(0x80, 0x10000), range(0x1D400, 0x1D800), range(0x1F100, 0x1F200))


def _fold_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):  # combining marks, zero-width spaces and joiners, soft hyphens
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    return unicodedata.normalize("NFKC", ch)


@lru_cache(maxsize=1)
def _folding() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """{character: its folded form} for every character that changes; a pattern matching any of them; and
    `maybe_raw`, which finds in the *original* text everything `_MAYBE_PERSONAL` could find in the folded one.

    In regex classes BMP characters are listed one by one (sre matches such a class with a bitmap) and astral
    ones as ranges in a separate class: one class holding both is matched range by range, ~8x slower.
    """
    table = {FILL: " "}
    for cp in itertools.chain(*_FOLD_RANGES):
        ch = chr(cp)
        folded = _fold_char(ch)
        if folded != ch:
            table[ch] = folded
    bmp = {ch: f for ch, f in table.items() if ord(ch) < 0x10000}
    astral = "".join(f"{re.escape(chr(r.start))}-{re.escape(chr(r.stop - 1))}" for r in _FOLD_RANGES[1:])
    changing = re.compile(f"[{''.join(map(re.escape, bmp))}]|[{astral}]")
    # a character folding to one digit; to several digits or digits and more (any astral one counts as such);
    # to text with "@"; to separators only (or nothing)
    digit = "0123456789" + "".join(ch for ch, f in bmp.items() if len(f) == 1 and f.isdigit())
    several = "".join(
        ch for ch, f in bmp.items() if any(c.isdigit() for c in f) and not (len(f) == 1 and f.isdigit())
    )
    at = "@" + "".join(ch for ch, f in bmp.items() if "@" in f)
    gap = _SEPARATORS + "".join(ch for ch, f in bmp.items() if all(c in _SEPARATORS for c in f))

    def cls(chars: str) -> str:
        return "[" + "".join(map(re.escape, chars)) + "]"

    maybe_raw = re.compile(f"{cls(at + several)}|[{astral}]|{cls(digit)}(?:{cls(gap)}*{cls(digit)}){{5}}")
    return table, changing, maybe_raw


def fold(text: str) -> tuple[str, list[int] | None]:
    """(folded text, origin) — origin[i] is the index in
    `text` of folded character i; None = the same index."""
    if text.isascii():
        return text.replace(FILL, " "), None
    table, changing, _maybe = _folding()
    parts: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in changing.finditer(text):
        start = m.start()
        parts.append(text[pos:start])
        origin.extend(range(pos, start))
        folded = table.get(m.group(), m.group())  # an unassigned astral code point folds to itself
        parts.append(folded)
        origin.extend([start] * len(folded))
        pos = start + 1
    if not pos:
        return text, None
    parts.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return "".join(parts), origin


def quick_fold(text: str) -> str:
    """What `fold` gives, without the map back: to decide cheaply whether anything needs replacing at all."""
    if text.isascii():
        return text.replace(FILL, " ")
    table, changing, _maybe = _folding()
    if not changing.search(text):
        return text
    return changing.sub(lambda m: table.get(m.group(), m.group()), text)


_UPPER = re.compile("[A-Z]+")


def _lower(text: str) -> str:
    """ASCII letters lower-cased (str.lower may change the length of other text: İ → i̇)."""
    if text.isascii():
        return text.lower()
    return _UPPER.sub(lambda m: m.group().lower(), text) if _UPPER.search(text) else text


def _skeleton(folded: str) -> tuple[str, list[int] | None]:
    """The folded text without separators and spaces, lower-cased, with the folded index of each character
    (None: the same index)."""
    if not _SEPARATOR_RE.search(folded):
        return _lower(folded), None
    keep = [i for i, ch in enumerate(folded) if ch not in _SEPARATORS]
    return _lower("".join(folded[i] for i in keep)), keep


def _skeleton_of(text: str) -> str:
    return _skeleton(fold(text)[0])[0]


# --- Finding numbers in text ------------------------------------------------------------------------
#
# The patterns run on folded text (ASCII digits only). Between any two digits of a number there may be up
# to three spaces or dashes (`138 - 1234 - 5678`); dots, slashes, underscores and middle dots only between
# the groups of a phone number (`138.1234.5678`, `138/1234/5678`) or anywhere inside an 18-/15-character ID
# number — never inside an amount (`138123456.78元` stays).

_SA = r"[ \t\-\u2010-\u2015\u2212]"  # separators allowed between any two digits
_SG = r"[ \t\-\u2010-\u2015\u2212./_\u00b7\u30fb]"  # separators allowed between groups
_GAP = _SA + "{0,3}"
_ID_GAP = _SG + "{0,3}"
_NOT_BEFORE = r"(?<![0-9A-Za-z_])"
_NOT_AFTER = r"(?![0-9A-Za-z_])"
# 18 characters (17 digits + digit/X) or 15 digits
_ID18 = re.compile(_NOT_BEFORE + r"[0-9](?:" + _ID_GAP + r"[0-9]){16}" + _ID_GAP + r"[0-9Xx]" + _NOT_AFTER)
_ID15 = re.compile(_NOT_BEFORE + r"[0-9](?:" + _ID_GAP + r"[0-9]){14}" + _NOT_AFTER)
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z_+])(?<![0-9]\.)(?:(?:\+|00)?86[ \t\-./]{0,3}|\(\+?86\)[ \t\-]{0,3})?"
    r"1[3-9][0-9](?:(?:" + _GAP + r"[0-9]){8}|" + _SG + r"{1,3}[0-9]{4}" + _SG + r"{1,3}[0-9]{4})"
    + _NOT_AFTER + r"(?!\.[0-9])"
)
_LOCAL = r"[0-9](?:" + _SA + r"?[0-9]){6,7}(?:(?:-|转)[0-9]{1,6})?"  # 7–8 digits (+ extension)
_LANDLINE = re.compile(_NOT_BEFORE + r"(?:\(0[0-9]{2,3}\)" + _SG + r"{0,3}|0[0-9]{2,3}" + _SG + r"{1,3})"
                       + _LOCAL + _NOT_AFTER)
_LABELLED_NUMBER = re.compile(
    r"(?P<label>(?:电话|联系|手机|座机|传真|热线|号码|致电|来电|(?i:tel|fax|phone|mobile))"
    r"[\s:：是为（）()/电话号码机人]{0,6})(?P<number>(?:0[0-9]{2,3}"
    + _SG
    + r"{0,3})?"
    + _LOCAL
    + r")"
    + _NOT_AFTER
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+ ?@ ?[A-Za-z0-9\-]+(?:[.。][A-Za-z0-9\-]+)*[.。][A-Za-z]{2,}")
_REGISTRATION_LABEL = re.compile(r"(注册号|登记码|登记号|注册码)[^0-9\n]{0,6}$")
#: everything the patterns remove has an "@" or six digits close together: a cheap test on `quick_fold`
_MAYBE_PERSONAL = re.compile("@|[0-9](?:" + _SG + "{0,3}[0-9]){5}")


def _compact(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", fold(text)[0]).upper()


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


_FILLED = re.compile(FILL + "+")


def _fill(m: re.Match) -> str:
    return FILL * len(m.group())


def _fill_ids(text: str) -> str:
    def repl18(m: re.Match) -> str:
        number = _compact(m.group())
        if is_valid_id_number(number):
            return _fill(m)
        if _is_uscc(number):
            return m.group()
        return _fill(m) if _looks_like_id18(number) else m.group()

    def repl15(m: re.Match) -> str:
        number = _compact(m.group())
        if not _looks_like_id15(number):
            return m.group()
        if _REGISTRATION_LABEL.search(text[max(0, m.start() - 12):m.start()]) and mod_11_10.is_valid(number):
            return m.group()  # a 15-digit business registration number (工商注册号), not a person
        return _fill(m)

    text = _ID18.sub(repl18, text)
    return _ID15.sub(repl15, text)


def _fill_patterns(work: str) -> str:
    """The folded text with every pattern match (e-mail,
    ID, mobile, landline, labelled number) set to FILL."""
    if "@" in work:
        work = _EMAIL.sub(_fill, work)
    work = _fill_ids(work)
    work = _MOBILE.sub(_fill, work)
    work = _LANDLINE.sub(_fill, work)
    return _LABELLED_NUMBER.sub(lambda m: m.group("label") + FILL * len(m.group("number")), work)


# --- A person's own values ------------------------------------------------------------------------------

_ADMIN = re.compile(
    "特别行政区|自治区|自治州|自治县|街道办事处|街道办|街道|社区居委会|居委会|村委会|社区|省|市|区|县|旗|盟|"
    "镇|乡|村"
)
_UNIT = re.compile("号楼|号院|单元|号|栋|幢|座|楼|层|室|房|铺|档|弄|巷|组")
_NUMBERED = re.compile(r"[^0-9]{2,}[0-9]")  # two characters of a name (a road) before a house number


def address_fragments(address: str | None) -> tuple[str, ...]:
    """The parts of an address that identify it when repeated alone (skeletons: folded, no separators).

    The whole address; every tail that starts after an administrative unit (深圳市 / 罗湖区 / 南湖街道 …);
    and each of those cut after a house-number unit (号, 栋, 单元, 室 …). A part is kept only when two
    characters of a name come before a number in it (东门中路142号, not 142号, never 深圳市罗湖区) — or, for
    an address without any number, when it ends in something other than an administrative unit (东门老街).

        address_fragments("深圳市罗湖区南湖街道东门中路142号3栋502")
        → 东门中路142号, 东门中路142号3栋, 东门中路142号3栋502, 南湖街道东门中路142号, … (shortest first)
    """
    skel = _skeleton_of(address or "")
    if len(skel) < 4:
        return ()
    ends = [0] + [m.end() for m in _ADMIN.finditer(skel)]
    tails = {skel[e:] for e in ends if e < len(skel)}
    candidates = set(tails)
    for tail in tails:
        candidates |= {tail[:m.end()] for m in _UNIT.finditer(tail)}
    if any(ch.isdigit() for ch in skel):
        kept = {c for c in candidates if _NUMBERED.match(c)}
    else:
        admin_ends = {m.end() for m in _ADMIN.finditer(skel)}
        kept = {c for c in tails if len(c) >= 4 and len(skel) not in admin_ends}
    return tuple(sorted(kept, key=lambda c: (len(c), c)))


@dataclass(frozen=True)
class Known:
    """One person's own values, removed from free text wherever they appear (matched as skeletons)."""

    names: tuple[tuple[str, str], ...] = ()  # (skeleton of the name, its mask): replaced by the mask
    removals: tuple[str, ...] = ()  # skeletons of ID numbers, codes and address fragments: removed

    def __bool__(self) -> bool:
        return bool(self.names or self.removals)

    def appear_in(self, quick: str) -> bool:
        """Whether any value may occur in text folded by
        `quick_fold` (no word boundaries: a cheap superset)."""
        skel = _lower(_SEPARATOR_RE.sub("", quick) if _SEPARATOR_RE.search(quick) else quick)
        return any(name in skel for name, _mask in self.names) or any(
            value in skel for value in self.removals
        )

    def spans(self, folded: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) in folded coordinates of every occurrence of a known value."""
        skel, keep = _skeleton(folded)
        out: list[tuple[int, int, str]] = []
        needles = [*self.names, *((value, MARKER) for value in self.removals)]
        for value, replacement in needles:
            word = value.isascii() and value.isalnum()  # numbers and Latin names: whole words only
            pos = skel.find(value)
            while pos >= 0:
                start, end = (keep[pos], keep[pos + len(value) - 1] + 1) if keep else (pos, pos + len(value))
                inside_a_name = any(s <= start and end <= e and r != MARKER for s, e, r in out)
                if not inside_a_name and not (
                    word and (_alnum_at(folded, start - 1) or _alnum_at(folded, end))
                ):
                    out.append((start, end, replacement))
                pos = skel.find(value, pos + 1)
        return out


def _alnum_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()


@lru_cache(maxsize=4096)
def known_values(*, names: tuple[str, ...] = (), numbers: tuple[str, ...] = (),
                 addresses: tuple[str, ...] = ()) -> Known:
    """A person's values to remove by value: names (shown masked), ID numbers and codes, addresses (in parts).

    Values too short to be specific are ignored: names under 2 characters, numbers under 6.
    """
    masked = {}
    for name in names:
        skel = _skeleton_of(name or "")
        if len(skel) >= 2:
            masked[skel] = mask_person_name((name or "").strip())
    removals = {
        s for s in (_skeleton_of(n or "") for n in numbers) if len(s) >= 6 and any(c.isdigit() for c in s)
    }
    for address in addresses:
        removals.update(address_fragments(address))
    # longer names first: 欧阳小明 is masked whole, and 小明 (a second name) is not masked again inside it
    ordered = tuple(sorted(masked.items(), key=lambda kv: -len(kv[0])))
    return Known(names=ordered, removals=tuple(sorted(removals, key=len, reverse=True)))


# --- Scrubbing --------------------------------------------------------------------------------------


def _apply(text: str, origin: list[int] | None, spans: list[tuple[int, int, str]]) -> str:
    """Replace folded spans in the original text; overlapping spans become one 【已隐去】."""
    if origin is not None:
        spans = [(origin[s], origin[e - 1] + 1, r) for s, e, r in spans]
    merged: list[list] = []
    for start, end, replacement in sorted(spans):
        last = merged[-1] if merged else None
        if last and (start < last[1] or (start == last[1] and replacement == MARKER == last[2])):
            if start < last[1] and (start, end, replacement) != tuple(last):
                last[2] = MARKER  # a name overlapping a removal (or another name): remove the whole
            last[1] = max(last[1], end)
            continue
        merged.append([start, end, replacement])
    out, pos = [], 0
    for start, end, replacement in merged:
        out += [text[pos:start], replacement]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def scrub_text(text: str | None, known: Known | None = None) -> str:
    """Free text with a person's own values (`known`) and ID numbers, mobile and landline numbers and e-mail
    addresses of anyone replaced by 【已隐去】 (a known name by its mask), matched after folding."""
    if not text:
        return text or ""
    text = str(text)
    if text.isascii():
        possible = _MAYBE_PERSONAL.search(text.replace(FILL, " "))
    else:
        possible = _folding()[2].search(text)
    if not possible and not (known and known.appear_in(quick_fold(text))):
        return text  # fast path: nothing to remove (lists render thousands of short values)
    folded, origin = fold(text)
    spans = known.spans(folded) if known else []
    work = folded
    removed = [(start, end) for start, end, replacement in spans if replacement == MARKER]
    if removed:
        chars = list(folded)
        for start, end in removed:
            chars[start:end] = FILL * (end - start)
        work = "".join(chars)
    names = [s for s in spans if s[2] != MARKER]
    work = _fill_patterns(work)
    if FILL not in work and not names:
        return text
    filled = [(m.start(), m.end(), MARKER) for m in _FILLED.finditer(work)]
    return _apply(text, origin, names + filled)


def contains_personal_data(text: str | None) -> list[str]:
    """Unmasked ID numbers (checked with stdnum cn.ric) and mobile numbers found in any HTML/JSON text.

    Matched after folding (full-width digits, odd separators). Used by tests that render every public
    page and API response: the list must be empty. Masked values (138****5678, 4403**********1234) and
    统一社会信用代码 are not reported.
    """
    if not text:
        return []
    folded, origin = fold(text)

    def original(m: re.Match) -> str:
        if origin is None:
            return m.group()
        return text[origin[m.start()]:origin[m.end() - 1] + 1]

    found = [original(m) for m in _ID18.finditer(folded) if is_valid_id_number(m.group())]
    found += [original(m) for m in _MOBILE.finditer(folded)]
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
