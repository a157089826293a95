"""The public forms, limited on the shared throttle (core.throttle): the citizen's report and the case lookup.

- **Report form**: counted per client (its address as the server saw it, never X-Forwarded-For unless
  `TRUSTED_PROXY_COUNT` says a proxy wrote it) and for everyone together. Past the client's free rate
  the browser must solve a proof of work (core.pow) — a resident sending one or two reports never
  sees it; past a `most` rate the report is refused (429, nothing stored) and the dispatcher finds an
  alert on the triage page (`ThrottleAlert`, with a ledger entry).
- **Lookup**: only wrong (case number, phone) pairs count — per client, and per case number whoever
  asks, so a case number gets at most `case_most` wrong phones per window from all addresses
  together. A locked number answers 429 with the same words whether it exists or not, and even the
  right phone waits (the session that already proved the case keeps seeing it).

Limits: `standard.REPORT_LIMITS` / `LOOKUP_LIMITS`, overridden key by key by the settings
`DISPATCH_REPORT_LIMITS` / `DISPATCH_LOOKUP_LIMITS`; their meaning in words is `rules.limits`.
"""

from django.db import transaction

from zhengwu.core import throttle
from zhengwu.core.conf import setting
from zhengwu.core.throttle import Check
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.rules import limits as words
from zhengwu.dispatch.selectors.events import event_public_get
from zhengwu.dispatch.services.intake import event_intake
from zhengwu.dispatch.standard import LOOKUP_LIMITS, REPORT_LIMITS, Channel

REPORT_FORM, LOOKUP_FORM = "dispatch.report", "dispatch.lookup"


def report_limits() -> dict:
    return words.merged(REPORT_LIMITS, setting("DISPATCH_REPORT_LIMITS"))


def lookup_limits() -> dict:
    return words.merged(LOOKUP_LIMITS, setting("DISPATCH_LOOKUP_LIMITS"))


def _source(client: str, scope: str) -> str:
    return "#" + throttle.digest(scope, client)[:8]  # staff can tell sources apart, not who they are


def report_checks(client: str) -> list[Check]:
    limits = report_limits()
    return [Check(words.REPORT_CLIENT, client, free=limits["client_free"], most=limits["client_most"],
                  label=_source(client, words.REPORT_CLIENT)),
            Check(words.REPORT_ALL, "*", most=limits["all_most"], label="*")]


def lookup_checks(client: str, case_no: str) -> list[Check]:
    limits = lookup_limits()
    case_no = (case_no or "").strip().upper()[:32]
    return [Check(words.LOOKUP_CLIENT, client, free=limits["client_free"], most=limits["client_most"],
                  label=_source(client, words.LOOKUP_CLIENT)),
            Check(words.LOOKUP_CASE, case_no, most=limits["case_most"], label=case_no[:20])]


def _report_refused(check: Check, wait: str) -> str:
    return words.report_refused(check.scope, wait)


def _lookup_refused(check: Check, wait: str) -> str:
    return words.lookup_refused(check.scope, wait)


def event_report(*, client: str, proof: tuple[str, str] = ("", ""), photos=(), **fields) -> Event:
    """The public web form: limits first (raise `throttle.Throttled` or `pow.ChallengeRequired`), then
    `event_intake` and the count, in one transaction. `fields` as for event_intake."""
    checks = report_checks(client)
    throttle.guard(checks, form=REPORT_FORM, refused_message=_report_refused, proof=proof)
    with transaction.atomic():
        event = event_intake(channel=Channel.WEB, photos=photos, actor="public", require_phone=True, **fields)
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
    event = event_public_get(case_no=case_no, phone=phone)
    if event is None:
        throttle.hit(checks)
    return event


def lookup_challenge(client: str, case_no: str = ""):
    return throttle.challenge_for(lookup_checks(client, case_no), form=LOOKUP_FORM)
