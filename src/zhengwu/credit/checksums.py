"""Check characters of Chinese identity codes, vectorised over whole columns (numpy over Arrow buffers).

- 统一社会信用代码 GB 32100-2015: 18 chars over a 31-char alphabet, weights 3^i mod 31, check = (31 - Σ) mod 31.
- 组织机构代码 GB 11714-1997: 8 chars (digits, A–Z) + check, weights 3,7,9,10,5,8,4,2, check = 11 - Σ mod 11
  (10 → X, 11 → 0), written with or without the hyphen before the check character.
- 居民身份证号码 GB 11643-1999: 17 digits + check, weights 2^(17-i) mod 11, check "10X98765432"[Σ mod 11].

Each `*_ok(series)` takes a polars Utf8 series and returns a boolean series (null stays null). The format is
checked by a regex first; only well-formed values (ASCII, fixed width) reach the weighted sum, so the
strings can be viewed as an (n × width) byte matrix without a Python loop. The scalar functions
(`uscc_check`, …) are the readable reference used by the generator and the tests.
"""

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_PATTERN = r"^[0-9A-Z]{8}-?[0-9X]$"
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_CHECK = "10X98765432"
RIC_PATTERN = r"^[0-9]{17}[0-9X]$"

# byte → value lookup tables (255 = not allowed)
_USCC_VALUE = np.full(256, 255, dtype=np.int64)
for _i, _c in enumerate(USCC_ALPHABET):
    _USCC_VALUE[ord(_c)] = _i
_ALNUM_VALUE = np.full(256, 255, dtype=np.int64)
for _i, _c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
    _ALNUM_VALUE[ord(_c)] = _i


def uscc_check(body: str) -> str:
    """Check character of the first 17 chars of a 统一社会信用代码."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=False))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_check(body: str) -> str:
    """Check character of the 8-char body of a 组织机构代码 (e.g. "D2143569" → "X")."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def ric_check(body: str) -> str:
    """Check character of the first 17 digits of a 居民身份证号码."""
    return RIC_CHECK[sum(int(c) * w for c, w in zip(body, RIC_WEIGHTS, strict=True)) % 11]


def _matrix(series: pl.Series, width: int) -> np.ndarray:
    """An (n × width) uint8 view of a series whose values are all exactly `width` ASCII chars."""
    arr = series.to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = pc.cast(arr, pa.large_string())
    if len(arr) == 0:
        return np.zeros((0, width), dtype=np.uint8)
    _validity, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0]: offsets[-1]]
    return data.reshape(len(arr), width)


def _apply(series: pl.Series, pattern: str, width: int, prepare, check) -> pl.Series:
    """Run `check(matrix) -> bool array` on the well-formed values; malformed → False, null → null."""
    upper = series.str.to_uppercase()
    well_formed = upper.str.contains(pattern).fill_null(False)
    s = prepare(upper)
    out = np.zeros(len(s), dtype=bool)
    idx = np.flatnonzero(well_formed.to_numpy())
    if len(idx):
        out[idx] = check(_matrix(s.filter(well_formed), width))
    result = pl.Series(series.name, out)
    return pl.select(pl.when(series.is_null()).then(None).otherwise(result)).to_series().alias(series.name)


def _uscc(m: np.ndarray) -> np.ndarray:
    body = _USCC_VALUE[m[:, :17]].astype(np.float64)  # exact: Σ < 2^53; float matmul uses BLAS
    total = (body @ np.array(USCC_WEIGHTS, dtype=np.float64)).astype(np.int64)
    return (31 - total % 31) % 31 == _USCC_VALUE[m[:, 17]]


def _org(m: np.ndarray) -> np.ndarray:
    values = _ALNUM_VALUE[m[:, :8]].astype(np.float64)
    c = 11 - (values @ np.array(ORG_WEIGHTS, dtype=np.float64)).astype(np.int64) % 11
    expected = np.where(c == 10, ord("X"), np.where(c == 11, ord("0"), c + ord("0")))
    return expected == m[:, 8]


def _ric(m: np.ndarray) -> np.ndarray:
    digits = m[:, :17].astype(np.float64) - ord("0")
    table = np.frombuffer(RIC_CHECK.encode(), dtype=np.uint8)
    return table[(digits @ np.array(RIC_WEIGHTS, dtype=np.float64)).astype(np.int64) % 11] == m[:, 17]


def uscc_ok(series: pl.Series) -> pl.Series:
    """统一社会信用代码 well-formed and with the right check character (GB 32100)."""
    return _apply(series, USCC_PATTERN, 18, lambda s: s, _uscc)


def org_code_ok(series: pl.Series) -> pl.Series:
    """组织机构代码 well-formed (with or without "-") and with the right check character (GB 11714)."""
    return _apply(series, ORG_PATTERN, 9, lambda s: s.str.replace("-", "", literal=True), _org)


def ric_ok(series: pl.Series) -> pl.Series:
    """居民身份证号码: 18 chars, right check character (GB 11643); the birth date is checked by the caller."""
    return _apply(series, RIC_PATTERN, 18, lambda s: s, _ric)


# Rust's char::is_whitespace (what polars' strip_chars trims): ASCII 9–13 and 32, and these UTF-8 sequences.
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 32]] = True


def _space2(b0, b1):  # U+0085, U+00A0
    return (b0 == 0xC2) & ((b1 == 0x85) | (b1 == 0xA0))


def _space3(b0, b1, b2):  # U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000
    e2 = (b0 == 0xE2) & (((b1 == 0x80) & (((b2 >= 0x80) & (b2 <= 0x8A)) | (b2 == 0xA8) | (b2 == 0xA9) | (b2 == 0xAF)))
                         | ((b1 == 0x81) & (b2 == 0x9F)))
    return e2 | ((b0 == 0xE1) & (b1 == 0x9A) & (b2 == 0x80)) | ((b0 == 0xE3) & (b1 == 0x80) & (b2 == 0x80))


def has_edge_space(series: pl.Series) -> bool:
    """True if any value starts or ends with whitespace — read from the first/last bytes, nothing copied.

    Decides whether a column needs trimming at all (trimming allocates every string again).
    """
    arr = series.to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = pc.cast(arr, pa.large_string())
    if len(arr) == 0:
        return False
    _validity, offsets_buf, data_buf = arr.buffers()
    if data_buf is None:
        return False
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    data = np.concatenate([np.frombuffer(data_buf, dtype=np.uint8), np.zeros(4, dtype=np.uint8)])
    start, end = offsets[:-1], offsets[1:]
    size = end - start
    start, end, size = start[size > 0], end[size > 0], size[size > 0]
    if not len(start):
        return False
    d = data
    first = _ASCII_SPACE[d[start]] | _space2(d[start], d[start + 1]) | _space3(d[start], d[start + 1], d[start + 2])
    if first.any():
        return True
    last = _ASCII_SPACE[d[end - 1]]
    two, three = size >= 2, size >= 3
    e2, e3 = np.where(two, end - 2, end - 1), np.where(three, end - 3, end - 1)
    last |= two & _space2(d[e2], d[end - 1])
    last |= three & _space3(d[e3], d[e3 + 1], d[end - 1])
    return bool(last.any())
