"""Check characters of Chinese identity codes, vectorised over whole columns (numpy over Arrow buffers).

- 统一社会信用代码 GB 32100-2015: 18 chars over a 31-char
  alphabet, weights 3^i mod 31, check = (31 - Σ) mod 31.
- 组织机构代码 GB 11714-1997: 8 chars (digits, A–Z) + check, weights 3,7,9,10,5,8,4,2, check = 11 - Σ mod 11
  (10 → X, 11 → 0), written with or without the hyphen before the check character.
- 居民身份证号码 GB 11643-1999: 17 digits + check, weights 2^(17-i) mod 11, check "10X98765432"[Σ mod 11].

Each `*_ok(series)` takes a polars Utf8 series and returns a boolean series (null stays null). Only values
of the right length in bytes are looked at; they are viewed as an (n × width) byte matrix, and the format
(the regexes below, kept as the readable definition) and the weighted sum are both checked there with
byte lookup tables — no regex engine, no Python loop, lower case accepted as upper case. The scalar functions
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
    """An (n × width) uint8 view of a series whose values are all exactly `width` bytes."""
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


def _apply(series: pl.Series, widths: tuple[int, ...], check) -> pl.Series:
    """Run `check(upper-cased byte matrix) -> bool array` on
    the values of each width; others False, null null."""
    lengths = series.str.len_bytes().fill_null(0).to_numpy()
    out = np.zeros(len(series), dtype=bool)
    for width in widths:
        idx = np.flatnonzero(lengths == width)
        if len(idx):
            out[idx] = check(_UPPER[_matrix(series.gather(idx), width)])
    result = pl.Series(series.name, out)
    if not series.null_count():
        return result
    return pl.select(pl.when(series.is_null()).then(None).otherwise(result)).to_series().alias(series.name)


# byte → byte upper-casing, and per-position "allowed" tables
_UPPER = np.arange(256, dtype=np.uint8)
_UPPER[ord("a"): ord("z") + 1] -= 32
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[ord("0"): ord("9") + 1] = True
_ORG_CHECK = np.frombuffer(b"0123456789X", dtype=np.uint8)


def _uscc(m: np.ndarray) -> np.ndarray:
    values = _USCC_VALUE[m]
    ok = (values != 255).all(axis=1) & _DIGIT[m[:, 2:8]].all(axis=1)
    total = values[:, :17] @ np.array(USCC_WEIGHTS, dtype=np.int64)
    return ok & ((31 - total % 31) % 31 == values[:, 17])


def _org(m: np.ndarray) -> np.ndarray:
    if m.shape[1] == 10:  # with the hyphen before the check character
        hyphen = m[:, 8] == ord("-")
        m = np.concatenate([m[:, :8], m[:, 9:]], axis=1)
    else:
        hyphen = True
    values = _ALNUM_VALUE[m[:, :8]]
    c = 11 - (values @ np.array(ORG_WEIGHTS, dtype=np.int64)) % 11
    expected = np.where(c == 10, ord("X"), np.where(c == 11, ord("0"), c + ord("0")))
    return hyphen & (values != 255).all(axis=1) & np.isin(m[:, 8], _ORG_CHECK) & (expected == m[:, 8])


def _ric(m: np.ndarray) -> np.ndarray:
    ok = _DIGIT[m[:, :17]].all(axis=1)
    digits = m[:, :17].astype(np.int64) - ord("0")
    table = np.frombuffer(RIC_CHECK.encode(), dtype=np.uint8)
    return ok & (table[(digits @ np.array(RIC_WEIGHTS, dtype=np.int64)) % 11] == m[:, 17])


def uscc_ok(series: pl.Series) -> pl.Series:
    """统一社会信用代码 well-formed and with the right check character (GB 32100)."""
    return _apply(series, (18,), _uscc)


def org_code_ok(series: pl.Series) -> pl.Series:
    """组织机构代码 well-formed (with or without "-") and with the right check character (GB 11714)."""
    return _apply(series, (9, 10), _org)


def ric_ok(series: pl.Series) -> pl.Series:
    """居民身份证号码: 18 chars, right check character (GB 11643); the birth date is checked by the caller."""
    return _apply(series, (18,), _ric)

