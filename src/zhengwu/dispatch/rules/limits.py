"""What the limits of the public forms mean to people (the counting itself is core.throttle, driven by
services.public): the names of the dispatcher's alerts and the words of a refusal."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REPORT_CLIENT, REPORT_ALL = "dispatch.report.client", "dispatch.report.all"
LOOKUP_CLIENT, LOOKUP_CASE = "dispatch.lookup.client", "dispatch.lookup.case"

#: What each alert means, for the dispatcher (scope → description).
ALERT_NAMES = {
    REPORT_CLIENT: gettext_lazy("同一来源提交反映过多，已拒绝"),
    REPORT_ALL: gettext_lazy("网上反映总量异常，已拒绝"),
    LOOKUP_CLIENT: gettext_lazy("同一来源查询进度时号码错误过多，已拒绝"),
    LOOKUP_CASE: gettext_lazy("一个受理编号被多次以错误电话查询，已锁定"),
}


def merged(defaults: dict, overrides: dict | None) -> dict:
    """The standard's limits with the configured ones replacing them key by key."""
    return defaults | (overrides or {})


def report_refused(scope: str, wait: str) -> str:
    """Why a report was refused, and when to try again."""
    if scope == REPORT_ALL:
        return _("当前网上反映提交量异常，暂停受理，本次反映未保存。请在 %(wait)s后再试；"
                 "如情况紧急，请拨打热线电话反映。") % {"wait": wait}
    return _("同一来源提交反映过于频繁，本次反映未保存。请在 %(wait)s后再试；"
             "如情况紧急，请拨打热线电话反映。") % {"wait": wait}


def lookup_refused(scope: str, wait: str) -> str:
    """Why a lookup was refused; for a locked case number the same words whether it exists or not."""
    if scope == LOOKUP_CASE:
        return _("该受理编号的查询错误次数过多，已暂时锁定。请在 %(wait)s后再试。") % {"wait": wait}
    return _("查询错误次数过多，请在 %(wait)s后再试。") % {"wait": wait}
