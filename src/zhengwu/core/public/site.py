"""What every page of the public side shows: the footer from settings, and the display mode.

The footer is what 国办发〔2017〕47号 asks of a government website — 主办单位, 承办单位, contact,
网站标识码, ICP 备案 and 公安备案 (linked to their registers) — each from a setting declared by core
(`core.conf`), empty by default: nothing about the operator is written in the code.

The display mode is a cookie (no JavaScript): "large" switches every page to 长辈版 / 大字版.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from zhengwu.core.conf import setting

DISPLAY_COOKIE = "zw_display"
LARGE = "large"
DISPLAY_MODES = ("normal", LARGE)
ICP_REGISTER = "https://beian.miit.gov.cn/"
PSB_REGISTER = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


@dataclass(frozen=True)
class Footer:
    sponsor: str = ""
    operator: str = ""
    contact: str = ""
    identifier: str = ""
    icp: str = ""
    icp_url: str = ""
    psb_record: str = ""
    psb_record_url: str = ""


def footer() -> Footer:
    """The footer's fields from the settings (empty ones are not shown)."""
    icp, psb = str(setting("SITE_ICP")).strip(), str(setting("SITE_PSB_RECORD")).strip()
    psb_url = str(setting("SITE_PSB_RECORD_URL")).strip()
    if psb and not psb_url:
        digits = "".join(re.findall(r"\d", psb))
        psb_url = PSB_REGISTER.format(code=digits) if digits else ""
    return Footer(
        sponsor=str(setting("SITE_SPONSOR")).strip(),
        operator=str(setting("SITE_OPERATOR")).strip(),
        contact=str(setting("SITE_CONTACT")).strip(),
        identifier=str(setting("SITE_IDENTIFIER")).strip(),
        icp=icp,
        icp_url=ICP_REGISTER if icp else "",
        psb_record=psb,
        psb_record_url=psb_url,
    )


def is_large(request) -> bool:
    return request.COOKIES.get(DISPLAY_COOKIE) == LARGE


def remember_display(response, mode: str):
    """Set (or clear) the display-mode cookie on `response` for a year; readable without JavaScript."""
    if mode == LARGE:
        response.set_cookie(DISPLAY_COOKIE, LARGE, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=settings.SESSION_COOKIE_SECURE)
    else:
        response.delete_cookie(DISPLAY_COOKIE, samesite="Lax")
    return response
