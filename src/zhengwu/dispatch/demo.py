"""Demo data: a few hundred citizen events across Luohu's streets, in every state of the lifecycle.

The texts are the shared real messages (citizen_messages_train.csv), with "A市/A3区" rewritten to
Luohu places; they arrive through every channel, are classified and dispatched by the real rules,
and are then carried forward (accepted, returned, resolved, replied, rated, extended, supervised)
by demo staff of the handling units. Idempotent: nothing is added when demo events exist.
"""

import csv
import random
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengwu.core.background import coalesced
from zhengwu.dispatch import services
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.rules import classifier
from zhengwu.org import demo as org_demo
from zhengwu.org.demo import DEMO_PASSWORD, refuse_in_production
from zhengwu.org.models import Unit
from zhengwu.org.roles import Role
from zhengwu.org.services import membership_grant, user_ensure

DEMO_SYSTEM = "演示数据"
CHANNELS = ("web", "hotline", "wechat", "miniprogram", "system", "web", "hotline")
PLACES = (
    "鹿丹村",
    "松园新村",
    "红岭大厦",
    "黄贝岭村",
    "罗芳村",
    "怡景花园",
    "东门老街",
    "湖贝村",
    "立新路",
    "水贝村",
    "翠竹公园",
    "木头龙小区",
    "独树村",
    "松泉山庄",
    "渔民村",
    "向西村",
    "国贸大厦",
    "笋岗村",
    "田心村",
    "布心村",
    "金湖山庄",
    "东乐花园",
    "莲塘村",
    "仙湖植物园",
    "鹏兴花园",
    "银湖山庄",
    "坭岗村",
    "草埔东村",
)
_CITY = re.compile(r"A\d*市")
_DISTRICT = re.compile(r"A\d+区")


def _rewrite(text: str, place: str) -> str:
    return _DISTRICT.sub(place, _CITY.sub("深圳市罗湖区", text))


#: Handling units with a demo staff account `fb_<code>` (分拨处置员, the demo password): the ten streets
#: (who also act for their communities) and the departments the demo events reach. They are created up
#: front, so the accounts do not depend on what the classifier decides; an event dispatched to another
#: unit stays waiting for acceptance. README's demo-user table lists them (tests/test_demo_accounts.py).
STAFF_UNITS = ("CZ", "DH", "DM", "DX", "GY", "HB", "LT", "NH", "QSH", "SG",
               "QCGJ", "QCSGXJ", "QJJCJJ", "QJYJ", "QMZJ", "QRLZYJ", "QZFJSJ", "QZFXTZX")


def staff_username(code: str) -> str:
    return f"fb_{code.lower().replace('-', '_')}"


def _staff_accounts() -> dict:
    """{unit id: the unit's demo operator} for STAFF_UNITS, created when missing."""
    refuse_in_production()
    staff = {}
    for unit in Unit.objects.filter(code__in=STAFF_UNITS):
        user = user_ensure(username=staff_username(unit.code), password=DEMO_PASSWORD,
                           full_name=f"{unit.name} 分拨处置员", is_staff=False, is_superuser=False)
        membership_grant(user=user, unit=unit, role=Role.OPERATOR)
        staff[unit.pk] = user
    return staff


def _staff(unit, staff: dict):
    """The demo operator who acts for the unit (street staff for their communities), or None."""
    return staff.get(unit.parent_id if unit.kind == "community" else unit.pk)


def _intake_all(rows, rng, now) -> None:
    """One event per training message, at a demo place, by a demo channel and reporter."""
    seen = set()
    for n, row in enumerate(rows):
        place = rng.choice(PLACES)
        if row["id"] in seen:  # the same message labelled twice in the training data: one event
            continue
        seen.add(row["id"])
        services.event_intake(
            channel=CHANNELS[n % len(CHANNELS)], title=_rewrite(row["title"], place)[:200],
            text=_rewrite(row["text"], place), address=f"罗湖区{place}" if n % 9 else "",
            reporter_name=rng.choice(("陈先生", "李女士", "王先生", "张女士", "刘先生", "")),
            reporter_phone=f"13{rng.randint(100000000, 999999999)}", callback_requested=n % 5 == 0,
            source_system=DEMO_SYSTEM, source_id=f"DEMO-{row['id']}", actor="public",
            received_at=now - timedelta(days=rng.randint(0, 45), minutes=rng.randint(0, 600)))


def load() -> str:
    if Event.objects.filter(source_system=DEMO_SYSTEM).exists():
        return "demo events already present"
    org_demo.load()
    dispatcher = get_user_model().objects.get(username="wgb_operator")
    supervisor = get_user_model().objects.get(username="supervisor")
    rng = random.Random(2016)
    with classifier.TRAIN_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    now = timezone.now()
    # each intake enqueues the routing task; it is sent once, after the last, and routes them all in one batch
    with coalesced():
        _intake_all(rows, rng, now)
    while services.dispatch_pending(limit=500):
        pass
    staff = _staff_accounts()
    counts = {"returned": 0, "resolved": 0, "closed": 0}
    for event in Event.objects.filter(source_system=DEMO_SYSTEM, state="dispatched").select_related("unit"):
        r = rng.random()
        actor = _staff(event.unit, staff)
        if actor is None:
            continue  # a unit without a demo account: the event waits for acceptance
        if r < 0.08:
            services.event_return(event, actor=actor, return_code="not_our_duty",
                                  reason="不属于本单位职责范围，请重新分拨")
            counts["returned"] += 1
            continue
        if r < 0.2:
            continue  # still waiting for acceptance
        services.event_accept(event, actor=actor)
        if r < 0.3:
            services.extension_request(event, actor=actor, days=3, reason="需协调产权单位，申请延期")
            continue
        if r < 0.38 and event.tier == "community":  # 逐级处置: the community passes it to its street
            services.event_escalate(event, actor=actor, reason="需街道执法队处置，社区无法即时办理")
            continue
        if r < 0.38:
            services.event_start(event, actor=actor)
            if r < 0.33:
                services.event_supervise(event, actor=supervisor, note="群众反映强烈，请加快办理")
            continue
        services.event_resolve(event, actor=actor, result="经现场核查，已责成相关责任方整改完毕。")
        counts["resolved"] += 1
        if r < 0.5:
            continue
        services.event_reply(event, actor=dispatcher)
        if r < 0.6:
            continue
        rating = "unsatisfied" if r > 0.95 else "basically" if r > 0.85 else "satisfied"
        services.event_rate(event, rating=rating, phone=event.reporter_phone)
        counts["closed"] += rating != "unsatisfied"
    services.figures_refresh()  # the 大督查 figures page shows the demo at once (the periodic job keeps it)
    total = Event.objects.filter(source_system=DEMO_SYSTEM).count()
    triage = Event.objects.filter(source_system=DEMO_SYSTEM, state="triage").count()
    return (f"{total} demo events ({triage} in manual triage, {counts['returned']} returned, "
            f"{counts['resolved']} resolved, {counts['closed']} closed)")
