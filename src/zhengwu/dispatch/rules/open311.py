"""Open311 GeoReport v2 (issue 15 §5) as pure rules: what a request's parameters mean, which are
wrong (every wrong one at once: the spec's error document holds several errors), the +08:00
datetimes and the open/closed status. The documents themselves are formats.open311; the reads and
the submission are selectors.open311 and services.open311.

Each problem is an `Open311Error(status, description)`; a list of them is one response."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from zhengwu.dispatch.standard import (
    OPEN311_CLOSED_STATES,
    OPEN311_DATATYPES,
    OPEN311_DEFAULT_DAYS,
    OPEN311_DESCRIPTION_MAX,
    OPEN311_MAX_DAYS,
    OPEN311_MAX_ROWS,
)

LOCAL = ZoneInfo("Asia/Shanghai")  # every datetime an Open311 client sees carries +08:00
STATUSES = ("open", "closed")
_ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]{1,64})\](?:\[\])?$")
_MARKUP = re.compile(r"<[A-Za-z/!?][^>]*>")


@dataclass(frozen=True)
class Open311Error:
    status: int  # 400 / 403 / 404 / 429: the HTTP status and the error's <code>
    description: str


class Open311Errors(Exception):
    """Several errors, answered together in one error document (the highest status wins the response's)."""

    def __init__(self, errors: list[Open311Error]):
        super().__init__("; ".join(e.description for e in errors))
        self.errors = errors

    @property
    def status(self) -> int:
        order = (403, 404, 429, 400)
        return min(
            (e.status for e in self.errors), key=lambda s: order.index(s) if s in order else len(order)
        )


def local_iso(moment: datetime | None) -> str | None:
    """A W3C datetime with its offset: 2026-12-05T10:30:00+08:00 (None stays None)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(LOCAL).isoformat(timespec="seconds")


def status_of(state: str) -> str:
    return "closed" if state in OPEN311_CLOSED_STATES else "open"


def _date(value: str, name: str, problems: list) -> datetime | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(
            text.replace("Z", "+00:00").replace(" ", "+", 1) if "T" in text else text
        )
    except ValueError:
        problems.append(
            Open311Error(
                400,
                _("%(name)s 不是 W3C 日期时间（例如 2026-12-01T00:00:00+08:00）：%(v)s")
                % {"name": name, "v": text[:40]},
            )
        )
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)


def _csv(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _positive(value: str, name: str, default: int, high: int | None, problems: list) -> int:
    if not (value or "").strip():
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1 or (high is not None and number > high):
        problems.append(Open311Error(400, _("%(name)s 应为 1 到 %(high)s 之间的整数：%(v)s")
                                     % {"name": name, "high": high or "∞", "v": value[:20]}))
        return default
    return number


@dataclass
class RequestQuery:
    """GET requests: either ids (which override every other filter) or a date range and filters."""

    ids: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    page: int = 1
    page_size: int = OPEN311_MAX_ROWS


def request_query(params, *, now: datetime) -> RequestQuery:
    """Read GET requests' parameters, or raise Open311Errors naming each bad one."""
    problems: list[Open311Error] = []
    query = RequestQuery(page=_positive(params.get("page", ""), "page", 1, None, problems),
                         page_size=_positive(params.get("page_size", ""), "page_size", OPEN311_MAX_ROWS,
                                             OPEN311_MAX_ROWS, problems))
    query.ids = _csv(params.get("service_request_id", ""))[:OPEN311_MAX_ROWS]
    if query.ids:  # the spec: service_request_id overrides all other filters
        if problems:
            raise Open311Errors(problems)
        return query
    query.service_codes = _csv(params.get("service_code", ""))
    query.statuses = _csv(params.get("status", "").lower())
    wrong = [s for s in query.statuses if s not in STATUSES]
    if wrong:
        problems.append(Open311Error(400, _("status 只能是 open 或 closed（可用逗号分隔）：%(v)s")
                                     % {"v": ",".join(wrong)[:40]}))
    start = _date(params.get("start_date", ""), "start_date", problems)
    end = _date(params.get("end_date", ""), "end_date", problems)
    span = timedelta(days=OPEN311_DEFAULT_DAYS)
    if start is None and end is None:
        end, start = now, now - span
    elif start is None:
        start = end - span
    elif end is None:
        end = min(now, start + span) if start < now else start + span
    if start is not None and end is not None:
        if end < start:
            problems.append(Open311Error(400, _("end_date 早于 start_date。")))
        elif end - start > timedelta(days=OPEN311_MAX_DAYS):
            problems.append(Open311Error(400, _("日期范围不能超过 %(n)s 天（start_date 到 end_date）。")
                                         % {"n": OPEN311_MAX_DAYS}))
    if problems:
        raise Open311Errors(problems)
    query.start, query.end = start, end
    return query


def check_jurisdiction(params, expected: str) -> None:
    """jurisdiction_id is optional for this single jurisdiction; when given it must be ours (404)."""
    given = (params.get("jurisdiction_id") or "").strip()
    if given and given != expected:
        raise Open311Errors([Open311Error(404, _("jurisdiction_id 不存在：%(v)s（本平台为 %(ours)s）")
                                          % {"v": given[:64], "ours": expected})])


def answers(params) -> dict[str, list[str]]:
    """{attribute code: [values]} from attribute[code]=value parameters (multivaluelist repeats them)."""
    found: dict[str, list[str]] = {}
    for key in params:
        match = _ATTRIBUTE.match(key)
        if match:
            values = params.getlist(key) if hasattr(params, "getlist") else [params[key]]
            found.setdefault(match["code"], []).extend(v for v in values if v != "")
    return found


def check_answers(questions: list[dict], given: dict[str, list[str]], problems: list) -> dict:
    """The answers to a service's questions, as stored ({code: value or [values]}); each problem appended."""
    known = {q.get("code"): q for q in questions if isinstance(q, dict)}
    out = {}
    for code in given:
        if code not in known:
            problems.append(
                Open311Error(400, _("该服务没有属性 attribute[%(code)s]。") % {"code": code[:64]})
            )
    for code, question in known.items():
        values = given.get(code, [])
        if not values:
            if question.get("required"):
                problems.append(Open311Error(400, _("缺少必填属性 attribute[%(code)s]（%(d)s）。")
                                             % {"code": code, "d": question.get("description", "")}))
            continue
        datatype = question.get("datatype", "string")
        allowed = {str(v.get("key")) for v in question.get("values", []) if isinstance(v, dict)}
        if datatype in ("singlevaluelist", "multivaluelist"):
            if datatype == "singlevaluelist" and len(values) > 1:
                problems.append(
                    Open311Error(400, _("属性 attribute[%(code)s] 只能取一个值。") % {"code": code})
                )
            bad = [v for v in values if v not in allowed]
            if bad:
                problems.append(Open311Error(400, _("属性 attribute[%(code)s] 的取值不在列表中：%(v)s")
                                             % {"code": code, "v": ",".join(bad)[:60]}))
            out[code] = values if datatype == "multivaluelist" else values[0]
            continue
        value = values[0][:1000]
        if datatype == "number":
            try:
                float(value)
            except ValueError:
                problems.append(Open311Error(400, _("属性 attribute[%(code)s] 应为数字：%(v)s")
                                             % {"code": code, "v": value[:40]}))
        elif datatype == "datetime":
            _date(value, f"attribute[{code}]", problems)
        out[code] = value
    return out


def check_description(text: str, problems: list) -> str:
    """Plain text of at most 4,000 characters (markup is
    refused, not stripped: the citizen's words stay theirs)."""
    text = (text or "").strip()
    if len(text) > OPEN311_DESCRIPTION_MAX:
        problems.append(Open311Error(400, _("description 最多 %(n)s 个字符（收到 %(got)s 个）。")
                                     % {"n": OPEN311_DESCRIPTION_MAX, "got": len(text)}))
    elif _MARKUP.search(text):
        problems.append(Open311Error(400, _("description 应为纯文本，不能包含 HTML 或 XML 标记。")))
    return text


def check_location(params, problems: list) -> dict:
    """lat+long, or address_string, or address_id — at least one (400 without); numbers in range."""
    lat, lng = (params.get("lat") or "").strip(), (params.get("long") or "").strip()
    address, address_id = (
        (params.get("address_string") or "").strip(),
        (params.get("address_id") or "").strip(),
    )
    if bool(lat) != bool(lng):
        problems.append(Open311Error(400, _("lat 和 long 需同时提供。")))
    if not ((lat and lng) or address or address_id):
        problems.append(
            Open311Error(400, _("缺少位置：请提供 lat 和 long、address_string 或 address_id 之一。"))
        )
    out = {"lat": None, "lng": None, "address": address[:200], "address_id": address_id[:32]}
    for name, value, low, high, key in (("lat", lat, -90, 90, "lat"), ("long", lng, -180, 180, "lng")):
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            problems.append(Open311Error(400, _("%(name)s 应为 %(low)s 到 %(high)s 之间的数字：%(v)s")
                                         % {"name": name, "low": low, "high": high, "v": value[:40]}))
        else:
            out[key] = number
    if len(address) > 200:
        problems.append(Open311Error(400, _("address_string 最多 200 个字符。")))
    return out


def check_datatypes(questions: list) -> list[str]:
    """Problems of a category's questions as an administrator typed them (system checks, admin)."""
    problems = []
    for index, q in enumerate(questions if isinstance(questions, list) else [None]):
        if not isinstance(q, dict) or not q.get("code") or not q.get("description"):
            problems.append(f"#{index + 1}: code and description are required")
        elif q.get("datatype", "string") not in OPEN311_DATATYPES:
            problems.append(f"#{index + 1}: datatype must be one of {', '.join(OPEN311_DATATYPES)}")
    return problems
