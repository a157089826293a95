"""Limits of the public report form and the citizen's case lookup, on the shared throttle (core.throttle).

- **Report form**: counted per client (its address as the server saw it, never X-Forwarded-For unless
  `TRUSTED_PROXY_COUNT` says a proxy wrote it) and for everyone together. Past the client's free rate
  the browser must solve a proof of work (core.pow) — a resident sending one or two reports never
  sees it; past a `most` rate the report is refused (429, nothing stored) and the dispatcher finds an
  alert on the triage page (`ThrottleAlert`, with a ledger entry).
- **Lookup**: only wrong (case number, phone) pairs count — per client, and per case number whoever
  asks, so a case number gets at most `case_most` wrong phones per window from all addresses
  together. A locked number answers 429 with the same words whether it exists or not, and even the
  right phone waits (the session that already proved the case keeps seeing it).

Limits: `standard.REPORT_LIMITS` / `LOOKUP_LIMITS`, overridden key by key by settings
`DISPATCH_REPORT_LIMITS` / `DISPATCH_LOOKUP_LIMITS`.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.core import throttle
from zhengwu.core.throttle import Check
from zhengwu.dispatch import selectors, services
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.standard import LOOKUP_LIMITS, REPORT_LIMITS, Channel

REPORT_FORM, LOOKUP_FORM = "dispatch.report", "dispatch.lookup"

#: What each alert means, for the dispatcher (scope → description).
ALERT_NAMES = {
    "dispatch.report.client": gettext_lazy("同一来源提交反映过多，已拒绝"),
    "dispatch.report.all": gettext_lazy("网上反映总量异常，已拒绝"),
    "dispatch.lookup.client": gettext_lazy("同一来源查询进度时号码错误过多，已拒绝"),
    "dispatch.lookup.case": gettext_lazy("一个受理编号被多次以错误电话查询，已锁定"),
}


def report_limits() -> dict:
    return REPORT_LIMITS | getattr(settings, "DISPATCH_REPORT_LIMITS", {})


def lookup_limits() -> dict:
    return LOOKUP_LIMITS | getattr(settings, "DISPATCH_LOOKUP_LIMITS", {})


def _source(client: str, scope: str) -> str:
    return "#" + throttle.digest(scope, client)[:8]  # staff can tell sources apart, not who they are


def report_checks(client: str) -> list[Check]:
    limits = report_limits()
    return [Check("dispatch.report.client", client, free=limits["client_free"], most=limits["client_most"],
                  label=_source(client, "dispatch.report.client")),
            Check("dispatch.report.all", "*", most=limits["all_most"], label="*")]


def lookup_checks(client: str, case_no: str) -> list[Check]:
    limits = lookup_limits()
    case_no = (case_no or "").strip().upper()[:32]
    return [Check("dispatch.lookup.client", client, free=limits["client_free"], most=limits["client_most"],
                  label=_source(client, "dispatch.lookup.client")),
            Check("dispatch.lookup.case", case_no, most=limits["case_most"], label=case_no[:20])]


def _report_refused(check: Check, wait: str) -> str:
    if check.scope == "dispatch.report.all":
        return _("当前网上反映提交量异常，暂停受理，本次反映未保存。请在 %(wait)s后再试；"
                 "如情况紧急，请拨打热线电话反映。") % {"wait": wait}
    return _("同一来源提交反映过于频繁，本次反映未保存。请在 %(wait)s后再试；"
             "如情况紧急，请拨打热线电话反映。") % {"wait": wait}


def _lookup_refused(check: Check, wait: str) -> str:
    if check.scope == "dispatch.lookup.case":
        # the same words whether the number exists or not
        return _("该受理编号的查询错误次数过多，已暂时锁定。请在 %(wait)s后再试。") % {"wait": wait}
    return _("查询错误次数过多，请在 %(wait)s后再试。") % {"wait": wait}


def event_report(*, client: str, proof: tuple[str, str] = ("", ""), photos=(), **fields) -> Event:
    """The public web form: limits first (raise `throttle.Throttled` or `pow.ChallengeRequired`), then
    `services.event_intake` and the count, in one transaction. `fields` as for event_intake."""
    checks = report_checks(client)
    throttle.guard(checks, form=REPORT_FORM, refused_message=_report_refused, proof=proof)
    with transaction.atomic():
        event = services.event_intake(channel=Channel.WEB, photos=photos, actor="public", require_phone=True,
                                      **fields)
        throttle.hit(checks)
    return event


def report_challenge(client: str):
    """The proof of work to put in the form when this client is already past its free rate, else None."""
    return throttle.challenge_for(report_checks(client), form=REPORT_FORM)


def event_lookup(*, case_no: str, phone: str, client: str, proof: tuple[str, str] = ("", "")) -> Event | None:
    """The citizen's lookup: the event when the case number and the phone match, else None (counted
    against the client and the case number). Raises `throttle.Throttled` / `pow.ChallengeRequired`."""
    checks = lookup_checks(client, case_no)
    throttle.guard(checks, form=LOOKUP_FORM, refused_message=_lookup_refused, proof=proof)
    event = selectors.event_public_get(case_no=case_no, phone=phone)
    if event is None:
        throttle.hit(checks)
    return event


def lookup_challenge(client: str, case_no: str = ""):
    return throttle.challenge_for(lookup_checks(client, case_no), form=LOOKUP_FORM)


def recent_alerts() -> list:
    """The last day's alerts of the public forms, newest first, each with `name` for the dispatcher."""
    rows = list(throttle.alerts(scope_prefix="dispatch.")[:20])
    for row in rows:
        row.name = ALERT_NAMES.get(row.scope, row.scope)
    return rows
