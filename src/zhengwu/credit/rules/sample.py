"""Realistic synthetic licence/penalty files with known defects,
built column-wise (numpy), for tests and benchmarks.

    frame, defects = generate(LICENSE, rows=1_000_000, defect_rate=0.05, seed=1)

`defects` is a DataFrame (row, field, rule) of the defects planted: each defective row gets exactly one,
so a validator should report exactly those rows. Identity codes carry valid check characters,
streets are Luohu's, names look real but are invented (no real person's data).
"""

import numpy as np
import polars as pl

from zhengwu.credit.rules import checksums
from zhengwu.credit.rules.validation import Rule
from zhengwu.credit.standard import LICENSE, Standard

STREETS = (
    "桂园街道",
    "黄贝街道",
    "东门街道",
    "翠竹街道",
    "东晓街道",
    "南湖街道",
    "笋岗街道",
    "东湖街道",
    "莲塘街道",
    "清水河街道",
)
ROADS = (
    "深南东路",
    "人民南路",
    "东门中路",
    "宝安南路",
    "笋岗路",
    "布心路",
    "爱国路",
    "沿河北路",
    "太宁路",
    "翠竹路",
    "红岭中路",
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁"
    "任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严"
    "欧莫孔向常汤康易乔赖文"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏志宏建国文辉力永健世广海晓俊峰雪梅琳颖"
    "婷宇浩然子轩欣怡嘉豪思远"
)
BRANDS = (
    "鹏城",
    "罗湖",
    "深港",
    "南粤",
    "华润",
    "嘉宝",
    "东方",
    "金色",
    "翠竹",
    "莲塘",
    "宏达",
    "盛世",
    "新亚",
    "永盛",
    "恒通",
    "瑞丰",
    "德信",
    "万象",
    "祥和",
    "汇丰",
)
TRADES = (
    "餐饮管理",
    "商贸",
    "电子科技",
    "物业管理",
    "珠宝首饰",
    "建筑工程",
    "医疗器械",
    "文化传播",
    "投资咨询",
    "物流",
    "食品",
    "药房连锁",
    "酒店管理",
    "装饰设计",
    "汽车服务",
)
LICENSE_ITEMS = (
    ("食品经营许可", "核准"),
    ("公共场所卫生许可", "核准"),
    ("城市道路挖掘许可", "普通"),
    ("户外广告设置许可", "普通"),
    ("排水许可", "普通"),
    ("建设工程规划许可", "核准"),
    ("医疗机构执业登记", "登记"),
    ("民办学校办学许可", "认可"),
    ("烟草专卖零售许可", "特许"),
    ("固定资产投资项目核准", "核准"),
)
PENALTY_CASES = (("未按规定设置户外广告", "罚款", "《深圳市户外广告管理办法》第二十九条"),
                 ("占道经营", "警告", "《深圳经济特区市容和环境卫生管理条例》第六十二条"),
                 ("无证经营食品", "没收违法所得、罚款", "《中华人民共和国食品安全法》第一百二十二条"),
                 ("违法建设", "责令停产停业", "《深圳市查处违法建筑若干规定》第十条"),
                 ("销售假冒商品", "没收非法财物、罚款", "《中华人民共和国产品质量法》第五十条"))
AUTHORITIES = ("深圳市罗湖区发展和改革局", "深圳市罗湖区城市管理局", "罗湖区桂园街道办事处")

LICENSE_DEFECTS = (
    ("XK_WSH", Rule.MAX_LENGTH),
    ("XK_XMMC", Rule.REQUIRED),
    ("XK_SPLB", Rule.ENUM),
    ("XK_SPLB", Rule.OTHER_EXPLANATION),
    ("XK_SXQ", Rule.DATE_FORMAT),
    ("XK_JZQ", Rule.DATE_ORDER),
    ("XK_XDR_SHXYM", Rule.USCC),
    ("XK_XDR_ZDM", Rule.ORG_CODE),
    ("XK_XDR_SFZ", Rule.RIC),
    ("DFBM", Rule.DIVISION),
    ("JD", Rule.STREET),
    ("XK_ZT", Rule.ENUM),
)
PENALTY_DEFECTS = (
    ("CF_AJMC", Rule.REQUIRED), ("CF_CFLB", Rule.ENUM), ("CF_CFLB", Rule.OTHER_EXPLANATION),
    ("CF_SXQ", Rule.DATE_FORMAT), ("CF_JZQ", Rule.DATE_ORDER), ("CF_XDR_SHXYM", Rule.USCC),
    ("CF_XDR_ZDM", Rule.ORG_CODE), ("CF_XDR_SFZ", Rule.RIC), ("DFBM", Rule.DIVISION), ("CF_JD", Rule.STREET),
    ("CF_ZT", Rule.ENUM),
)


def _pick(rng, options, n) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.integers(0, len(options), n)]


def _codes(rng, n: int, alphabet: str, width: int, check) -> np.ndarray:
    """n random well-formed code bodies (vectorised) completed by their check character."""
    letters = np.frombuffer(alphabet.encode(), dtype=np.uint8)
    body = letters[rng.integers(0, len(letters), (n, width))]
    return body, check(body)


def uscc(rng, n: int) -> pl.Series:
    """Valid 统一社会信用代码 (91 + Luohu division + org-code body)."""
    alphabet = np.frombuffer(checksums.USCC_ALPHABET.encode(), dtype=np.uint8)
    body = np.empty((n, 17), dtype=np.uint8)
    body[:, :8] = np.frombuffer(b"91440303", dtype=np.uint8)
    body[:, 8:] = alphabet[rng.integers(0, 31, (n, 9))]
    values = checksums._USCC_VALUE[body]
    check = alphabet[(31 - (values @ np.array(checksums.USCC_WEIGHTS)) % 31) % 31]
    full = np.concatenate([body, check[:, None]], axis=1)
    return pl.Series(full.view("S18").ravel()).cast(pl.Utf8)


def org_code(rng, n: int) -> pl.Series:
    """Valid 组织机构代码 written as XXXXXXXX-C."""
    digits = np.frombuffer(b"0123456789", dtype=np.uint8)
    body = digits[rng.integers(0, 10, (n, 8))]
    c = 11 - ((body.astype(np.int64) - 48) @ np.array(checksums.ORG_WEIGHTS)) % 11
    check = np.where(c == 10, ord("X"), np.where(c == 11, ord("0"), c + 48)).astype(np.uint8)
    full = np.concatenate([body, np.full((n, 1), ord("-"), dtype=np.uint8), check[:, None]], axis=1)
    return pl.Series(full.view("S10").ravel()).cast(pl.Utf8)


def ric(rng, n: int) -> pl.Series:
    """Valid 居民身份证号码 with Luohu-area prefixes and birth dates 1950–2000."""
    days = np.datetime64("1950-01-01") + rng.integers(0, 18262, n).astype("timedelta64[D]")
    births = np.datetime_as_string(days).astype("S10")
    bm = births.view(np.uint8).reshape(n, 10)
    body = np.empty((n, 17), dtype=np.uint8)
    body[:, :6] = np.frombuffer(b"440303", dtype=np.uint8)
    body[:, 6:10], body[:, 10:12], body[:, 12:14] = bm[:, 0:4], bm[:, 5:7], bm[:, 8:10]
    body[:, 14:17] = rng.integers(48, 58, (n, 3))
    table = np.frombuffer(checksums.RIC_CHECK.encode(), dtype=np.uint8)
    check = table[((body.astype(np.int64) - 48) @ np.array(checksums.RIC_WEIGHTS)) % 11]
    full = np.concatenate([body, check[:, None]], axis=1)
    return pl.Series(full.view("S18").ravel()).cast(pl.Utf8)


def _dates(rng, n, start="2016-01-01", span=3650) -> np.ndarray:
    return np.datetime64(start) + rng.integers(0, span, n).astype("timedelta64[D]")


def _person_names(rng, n) -> pl.Series:
    s = pl.Series(_pick(rng, list(SURNAMES), n).astype(str))
    g1 = pl.Series(_pick(rng, list(GIVEN), n).astype(str))
    g2 = pl.Series(np.where(rng.random(n) < 0.7, _pick(rng, list(GIVEN), n), "").astype(str))
    return s + g1 + g2


def generate(
    std: Standard,
    *,
    rows: int,
    defect_rate: float = 0.0,
    seed: int = 1,
    first_date: str = "2016-01-01",
    span_days: int = 3650,
    authority: str | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A frame of `rows` records (field-code columns) and the defects planted in it; decisions fall in
    [first_date, first_date + span_days). `authority`: every record's 许可/处罚机关
    (谁产生谁负责: the unit that will import the file); None = one of AUTHORITIES at random."""
    rng = np.random.default_rng(seed)
    n = rows
    natural = rng.random(n) < 0.2
    company = (pl.Series(["深圳市"] * n) + pl.Series(_pick(rng, BRANDS, n).astype(str))
               + pl.Series(_pick(rng, TRADES, n).astype(str)) + pl.Series(["有限公司"] * n))
    person = _person_names(rng, n)
    name = pl.select(pl.when(pl.Series(natural)).then(person).otherwise(company)).to_series()
    street = _pick(rng, STREETS, n).astype(str)
    address = (
        pl.Series(["深圳市罗湖区"] * n)
        + pl.Series(street)
        + pl.Series(_pick(rng, ROADS, n).astype(str))
        + pl.Series(rng.integers(1, 3000, n)).cast(pl.Utf8)
        + "号"
    )
    start = _dates(rng, n, start=first_date, span=span_days)
    end = start + rng.integers(365, 365 * 5, n).astype("timedelta64[D]")
    long_term = rng.random(n) < 0.1
    blank = pl.Series([None] * n, dtype=pl.Utf8)
    legal = pl.Series(~natural)
    when = pl.select(pl.when(legal).then(uscc(rng, n)).otherwise(blank)).to_series()
    org = pl.select(
        pl.when(legal & pl.Series(rng.random(n) < 0.5)).then(org_code(rng, n)).otherwise(blank)
    ).to_series()
    sfz = pl.select(pl.when(~legal).then(ric(rng, n)).otherwise(blank)).to_series()
    rep = pl.select(pl.when(legal).then(_person_names(rng, n)).otherwise(blank)).to_series()
    seq = pl.Series(np.arange(1, n + 1)).cast(pl.Utf8)
    start_s = pl.Series(np.datetime_as_string(start)).cast(pl.Utf8)
    end_s = pl.Series(np.where(long_term, "2099/12/31", np.datetime_as_string(end)).astype(str))
    year = pl.Series(start.astype("datetime64[Y]").astype(int) + 1970).cast(pl.Utf8)
    if std is LICENSE:
        items = rng.integers(0, len(LICENSE_ITEMS), n)
        frame = pl.DataFrame(
            {
                "XK_XH": "LIC" + seq.str.zfill(9),
                "XK_WSH": "罗许〔" + year.str.slice(2, 2) + "〕" + seq.str.slice(-5) + "号",
                "XK_XMMC": pl.Series(np.array([i[0] for i in LICENSE_ITEMS])[items]),
                "XK_SPLB": pl.Series(np.array([i[1] for i in LICENSE_ITEMS])[items]),
                "XK_NR": pl.Series(np.array([i[0] for i in LICENSE_ITEMS])[items])
                + "，准予许可，经营场所："
                + address,
                "XK_XDR": name,
                "XK_XDR_SHXYM": when,
                "XK_XDR_ZDM": org,
                "XK_XDR_GSDJ": blank,
                "XK_XDR_SWDJ": blank,
                "XK_XDR_SFZ": sfz,
                "XK_FR": rep,
                "XK_SXQ": start_s,
                "XK_JZQ": end_s,
                "XK_XZJG": _authorities(rng, n, authority),
                "XK_ZT": pl.Series(["0"] * n),
                "DFBM": pl.Series(["440303"] * n),
                "JD": pl.Series(street),
                "XK_GSQX": end_s,
                "SJC": start_s,
                "BZ": pl.Series(["无"] * n),
                "SBLSH": pl.Series(["无"] * n),
                "SXBM": pl.Series(["无"] * n),
                "FZRQ": start_s,
                "ZZYXQX": blank,
                "ZZTP": blank,
                "ZCDZ": address,
                "JYDZ": address,
            }
        )
        kinds = LICENSE_DEFECTS
    else:
        cases = rng.integers(0, len(PENALTY_CASES), n)
        frame = pl.DataFrame(
            {
                "CF_XH": "PEN" + seq.str.zfill(9),
                "CF_WSH": "深罗城罚决字〔" + year + "〕第" + seq + "号",
                "CF_AJMC": name + pl.Series(np.array([c[0] for c in PENALTY_CASES])[cases]) + "案",
                "CF_CFLB": pl.Series(np.array([c[1] for c in PENALTY_CASES])[cases]),
                "CF_SY": pl.Series(np.array([c[0] for c in PENALTY_CASES])[cases]),
                "CF_YJ": pl.Series(np.array([c[2] for c in PENALTY_CASES])[cases]),
                "CF_XDR_MC": name,
                "CF_XDR_SHXYM": when,
                "CF_XDR_ZDM": org,
                "CF_XDR_GSDJ": blank,
                "CF_XDR_SWDJ": blank,
                "CF_XDR_SFZ": sfz,
                "CF_FR": rep,
                "CF_JG": "罚款人民币" + pl.Series(rng.integers(1, 50, n) * 1000).cast(pl.Utf8) + "元",
                "CF_SXQ": start_s,
                "CF_JZQ": end_s,
                "CF_XZJG": _authorities(rng, n, authority),
                "CF_ZT": pl.Series(["0"] * n),
                "DFBM": pl.Series(["440303"] * n),
                "CF_JD": pl.Series(street),
                "CF_GSQX": pl.Series(np.datetime_as_string(end)).cast(pl.Utf8),
                "SJC": start_s,
                "BZ": blank,
                "QYDZ": address,
                "SXBM": pl.Series(["无"] * n),
            }
        )
        kinds = PENALTY_DEFECTS
    return _plant(frame, std, kinds, rng, defect_rate)


def _authorities(rng, n: int, authority: str | None) -> pl.Series:
    drawn = pl.Series(
        _pick(rng, AUTHORITIES, n).astype(str)
    )  # drawn anyway: the same seed, the same other columns
    return drawn if authority is None else pl.Series([authority] * n, dtype=pl.Utf8)


def _plant(frame, std, kinds, rng, rate) -> tuple[pl.DataFrame, pl.DataFrame]:
    n = len(frame)
    rows = np.flatnonzero(rng.random(n) < rate)
    which = rng.integers(0, len(kinds), len(rows))
    planted = []
    for k, (code, rule) in enumerate(kinds):
        idx = rows[which == k]
        if rule in (Rule.USCC, Rule.ORG_CODE, Rule.RIC):  # only where a code is written
            idx = idx[frame[code].gather(idx).is_not_null().to_numpy()]
        if not len(idx):
            continue
        value = _defect_value(frame, std, code, rule, idx)
        frame = frame.with_columns(frame[code].scatter(idx, value))
        planted.append(pl.DataFrame({"row": idx + 1, "field": [code] * len(idx), "rule": [rule] * len(idx)}))
    defects = pl.concat(planted).sort("row") if planted else pl.DataFrame(
        schema={"row": pl.Int64, "field": pl.Utf8, "rule": pl.Utf8})
    return frame, defects


def _defect_value(frame, std, code, rule, idx):
    n = len(idx)
    if rule == Rule.MAX_LENGTH:
        return ["罗湖区行政许可决定书第二千零一十六号"] * n
    if rule == Rule.REQUIRED:
        return [None] * n
    if rule == Rule.ENUM:
        return ["9"] * n if code == std.status else ["审批"] * n
    if rule == Rule.OTHER_EXPLANATION:
        return ["其他"] * n
    if rule == Rule.DATE_FORMAT:
        return ["2019-02-30"] * n
    if rule == Rule.DATE_ORDER:
        return ["2010-01-01"] * n
    if rule in (Rule.USCC, Rule.RIC):
        s = frame[code].gather(idx)
        last = s.str.slice(-1)
        swapped = pl.select(pl.when(last == "1").then(pl.lit("2")).otherwise(pl.lit("1"))).to_series()
        return s.str.slice(0, len(s[0]) - 1) + swapped
    if rule == Rule.ORG_CODE:
        s = frame[code].gather(idx)
        last = s.str.slice(-1)
        swapped = pl.select(pl.when(last == "1").then(pl.lit("2")).otherwise(pl.lit("1"))).to_series()
        return s.str.slice(0, 9) + swapped
    if rule == Rule.DIVISION:
        return ["449999"] * n
    if rule == Rule.STREET:
        return ["南山街道"] * n
    raise ValueError(rule)


def write(frame: pl.DataFrame, path, *, encoding: str = "utf-8") -> None:
    """Write a sample as .csv (utf-8, utf-8-sig or gbk), .xlsx or .json (an array of objects)."""
    from pathlib import Path

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append(frame.columns)
        for row in frame.iter_rows():
            ws.append(list(row))
        wb.save(path)
    elif suffix == ".json":
        path.write_text(frame.write_json(), encoding="utf-8")
    elif encoding == "gbk":
        path.write_bytes(frame.write_csv().encode("gbk"))
    else:
        frame.write_csv(path, include_bom=encoding == "utf-8-sig")
