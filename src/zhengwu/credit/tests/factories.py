"""Rows that pass every rule, to be broken one cell at a time by the tests."""

from contextlib import contextmanager

import polars as pl
import pytest

from zhengwu.core.services import api_key_issue
from zhengwu.credit.permissions import API_SCOPE
from zhengwu.credit.rules import checksums
from zhengwu.credit.standard import LICENSE, PENALTY

USCC_BODY = "91440303MA5DC1234"
USCC = USCC_BODY + checksums.uscc_check(USCC_BODY)
ORG = "MA5DC123" + "-" + checksums.org_check("MA5DC123")
RIC_BODY = "44030319800101123"
RIC = RIC_BODY + checksums.ric_check(RIC_BODY)


def license_row(**over) -> dict:
    row = {f.code: None for f in LICENSE.fields}
    row.update(
        {
            "XK_XH": "LIC-1",
            "XK_WSH": "罗许〔16〕1号",
            "XK_XMMC": "食品经营许可",
            "XK_SPLB": "核准",
            "XK_NR": "准予食品经营许可",
            "XK_XDR": "深圳市鹏城商贸有限公司",
            "XK_XDR_SHXYM": USCC,
            "XK_FR": "王伟",
            "XK_SXQ": "2016-03-01",
            "XK_JZQ": "2021-02-28",
            "XK_XZJG": "深圳市罗湖区发展和改革局",
            "XK_ZT": "0",
            "DFBM": "440303",
            "JD": "桂园街道",
            "SJC": "2016-03-02",
            "BZ": "无",
            "SBLSH": "无",
            "SXBM": "无",
        }
    )
    row.update(over)
    return row


def penalty_row(**over) -> dict:
    row = {f.code: None for f in PENALTY.fields}
    row.update(
        {
            "CF_XH": "PEN-1",
            "CF_WSH": "深罗城罚决字〔2016〕第1号",
            "CF_AJMC": "占道经营案",
            "CF_CFLB": "罚款",
            "CF_SY": "占道经营",
            "CF_YJ": "《深圳经济特区市容和环境卫生管理条例》第六十二条",
            "CF_XDR_MC": "深圳市鹏城商贸有限公司",
            "CF_XDR_SHXYM": USCC,
            "CF_FR": "王伟",
            "CF_JG": "罚款人民币2000元",
            "CF_SXQ": "2016-03-01",
            "CF_JZQ": "2016-03-01",
            "CF_XZJG": "深圳市罗湖区城市管理局",
            "CF_ZT": "0",
            "DFBM": "440303",
            "CF_JD": "东门街道",
            "SJC": "2016-03-02",
            "SXBM": "无",
        }
    )
    row.update(over)
    return row


def frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema={k: pl.Utf8 for k in rows[0]})


def credit_key(*, unit, user, name: str = "审批系统") -> str:
    """A machine client's key for the credit APIs (core.ApiKey,
    scope credit.import); returns the key itself."""
    _obj, key = api_key_issue(name=name, scope=API_SCOPE, unit=unit, user=user, actor=None)
    return key


@contextmanager
def raises_code(code: str, exc_type: type[BaseException] = Exception):
    """Like pytest.raises, and the error's stable `code` must be `code` (tests never match message text)."""
    with pytest.raises(exc_type) as caught:
        yield caught
    assert getattr(caught.value, "code", None) == code, (
        getattr(caught.value, "code", None),
        str(caught.value),
    )
