"""Open311 GeoReport v2 writes (issue 15 §5): a POSTed service request becomes an event through the one
intake (`services.intake.event_intake`: the same validation, classification, routing and same-matter
check as every channel), with what only Open311 carries (service code, answers, token) beside it; and
the rate limits of the public endpoints on the shared throttle (core.throttle).

The caller's key is a core.ApiKey of scope "dispatch.events" (the intake API's keys): its name is the
events' source system, its channel their channel (a key issued without one is another system's)."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core import throttle
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.throttle import Check
from zhengwu.dispatch.models import Open311Request
from zhengwu.dispatch.rules import limits as words
from zhengwu.dispatch.rules import open311 as o311
from zhengwu.dispatch.selectors.open311 import category_for_code, place_for_id
from zhengwu.dispatch.services.intake import event_intake
from zhengwu.dispatch.standard import OPEN311_LIMITS, Channel

READ, WRITE = "dispatch.open311.read", "dispatch.open311.write"


def open311_limits() -> dict:
    return words.merged(OPEN311_LIMITS, setting("DISPATCH_OPEN311_LIMITS"))


def open311_throttle(client: str, *, write: bool) -> None:
    """Count one call of this client; past its limit raise core.throttle.Throttled (429, with an alert)."""
    limits = open311_limits()
    scope = WRITE if write else READ
    checks = [Check(scope, client, most=limits["write_most" if write else "read_most"],
                    label="#" + throttle.digest(scope, client)[:8])]
    throttle.guard(checks, form=scope, refused_message=lambda check, wait: _(
        "Open311 接口调用过于频繁，请在 %(wait)s后再试。") % {"wait": wait})
    with transaction.atomic():
        throttle.hit(checks)


def _answers_text(category, answers: dict) -> str:
    names = {q.get("code"): q.get("description", q.get("code")) for q in category.questions or []
             if isinstance(q, dict)}
    lines = []
    for code, value in answers.items():
        shown = "、".join(value) if isinstance(value, list) else value
        lines.append(f"{names.get(code, code)}：{shown}")
    return "\n".join(lines)


def open311_submit(*, api_key, params) -> tuple[object, str]:
    """POST requests: (the event, its token), or Open311Errors naming every problem (400).

    `params`: the form's QueryDict (service_code, lat, long, address_string, address_id, description,
    first_name, last_name, phone, attribute[code], …)."""
    problems: list[o311.Open311Error] = []
    code = (params.get("service_code") or "").strip()
    category = category_for_code(code) if code else None
    if not code:
        problems.append(o311.Open311Error(400, _("缺少 service_code。")))
    elif category is None:
        problems.append(o311.Open311Error(400, _("service_code 不存在：%(v)s") % {"v": code[:32]}))
    location = o311.check_location(params, problems)
    description = o311.check_description(params.get("description", ""), problems)
    answers = o311.check_answers(category.questions or [], o311.answers(params), problems) if category else {}
    place = None
    if location["address_id"]:
        place = place_for_id(location["address_id"])
        if place is None:
            problems.append(
                o311.Open311Error(400, _("address_id 不存在：%(v)s") % {"v": location["address_id"]})
            )
    if problems:
        raise o311.Open311Errors(problems)
    address = location["address"] or (place.name if place else "")
    summary = description.splitlines()[0][:60] if description else ""
    title = f"{category.level3}：{summary}" if summary else category.level3
    text = "\n".join(p for p in (description or category.level3, _answers_text(category, answers)) if p)
    name = " ".join(
        p for p in ((params.get("first_name") or "").strip(), (params.get("last_name") or "").strip()) if p
    )
    try:
        with transaction.atomic():
            event = event_intake(
                channel=api_key.channel or Channel.SYSTEM, title=title[:200], text=text, address=address,
                lat=location["lat"], lng=location["lng"], reporter_name=name[:64],
                reporter_phone=(params.get("phone") or "").strip(), source_system=api_key.name,
                actor=f"open311:{api_key.name}")
            token = secrets.token_urlsafe(18)
            Open311Request.objects.create(event=event, token=token, service_code=code, attributes=answers,
                                          address_id=location["address_id"])
    except ApplicationError as exc:  # the intake's own validation, in the spec's error document
        field = {"reporter_phone": "phone", "reporter_name": "first_name", "text": "description",
                 "address": "address_string"}.get(exc.field or "", exc.field or "")
        raise o311.Open311Errors(
            [o311.Open311Error(400, f"{field}: {exc.message}" if field else exc.message)]
        ) from None
    return event, token
