"""Demo data of 双随机: Luohu market entities in every street (one a 个体工商户, whose name and
code the public pages withhold), inspectors of 市场监管罗湖局 and 区安监局 with their 执法证 (one a testing
body's staff, who may support a check but never carry it out), both departments' 抽查事项清单, the annual
joint plan of 区行政执法协调中心 with a batch drawn — commitment, seed and result published, verifiable —
and its results: checked in the national categories, published within 20 working days, one finding sent to
双公示 as a penalty draft (through credit's declared service, when credit provides it), one third-party
evaluation.

All made through the services (so the ledger has them) by the demo account `admin`; no new account. The
directories (entities, inspectors, items) are the administrator's data, entered in the admin. Entities and
people are invented. Idempotent: nothing is added when a plan exists."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.inspections import services
from zhengwu.inspections.models import Batch, Entity, Inspector, Item, Plan, Task
from zhengwu.org.demo import refuse_in_production
from zhengwu.org.models import Unit

STREETS = ("GY", "HB", "DM", "CZ", "DX", "NH", "SG", "DH", "LT", "QSH")
#: (name, industry, risk, natural person) — two per street, in STREETS' order
ENTITIES = (
    ("深圳市罗湖区桂园鹿丹餐饮有限公司", "餐饮服务", "high", False),
    ("深圳市嘉宾商贸有限公司", "食品销售", "medium", False),
    ("深圳市黄贝岭酒店管理有限公司", "住宿服务", "medium", False),
    ("深圳市罗湖区新秀百货有限公司", "食品销售", "low", False),
    ("深圳市东门老街小吃店（个体工商户）", "餐饮服务", "high", True),
    ("深圳市东门步行街服饰商行有限公司", "零售", "low", False),
    ("深圳市翠竹康宁大药房有限公司", "药品零售", "high", False),
    ("深圳市水贝珠宝加工有限公司", "珠宝首饰加工", "medium", False),
    ("深圳市东晓建材贸易有限公司", "建材销售", "low", False),
    ("深圳市布心农产品批发有限公司", "食品销售", "medium", False),
    ("深圳市南湖罗湖口岸餐饮有限公司", "餐饮服务", "high", False),
    ("深圳市国贸商住物业管理有限公司", "物业管理", "low", False),
    ("深圳市笋岗仓储物流有限公司", "仓储物流", "high", False),
    ("深圳市笋岗家居用品有限公司", "零售", "low", False),
    ("深圳市东湖水库旅游服务有限公司", "旅游服务", "medium", False),
    ("深圳市东湖汽车维修有限公司", "机动车维修", "high", False),
    ("深圳市莲塘食品有限公司", "食品生产", "high", False),
    ("深圳市莲塘五金制品有限公司", "五金制品", "medium", False),
    ("深圳市清水河化工贸易有限公司", "危险化学品经营", "high", False),
    ("深圳市清水河物流有限公司", "仓储物流", "medium", False),
)
#: (name, unit, street posted, certificate number, support only)
INSPECTORS = (
    ("林志强", "SCJGLH", "GY", "44030300101", False), ("黄晓燕", "SCJGLH", "HB", "44030300102", False),
    ("刘建华", "SCJGLH", "DM", "44030300103", False), ("何丽萍", "SCJGLH", "CZ", "44030300104", False),
    ("梁国栋", "SCJGLH", "NH", "44030300105", False), ("邓志明", "SCJGLH", "SG", "44030300106", False),
    ("谢文静", "SCJGLH", "LT", "44030300107", False), ("罗振宇", "SCJGLH", "QSH", "44030300108", False),
    ("曾海涛", "QAJJ", "DX", "44030300201", False), ("彭永康", "QAJJ", "DH", "44030300202", False),
    ("苏建国", "QAJJ", "GY", "44030300203", False), ("蔡明辉", "QAJJ", "SG", "44030300204", False),
    ("检测机构人员", "SCJGLH", None, "", True),
)
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc(serial: int) -> str:
    """An invented 统一社会信用代码 of a Luohu (440303) company with a valid GB 32100 check character."""
    body = f"9144030306{serial:07d}"[:10] + f"{serial:07d}"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


def _admin():
    from django.contrib.auth import get_user_model  # the demo accounts are org's (org.demo loads first)

    return get_user_model().objects.filter(username="admin").first()


def _directories(units: dict, today: date) -> tuple[Item, Item]:
    for i, (name, industry, risk, person) in enumerate(ENTITIES):
        Entity.objects.create(
            name=name,
            uscc=uscc(3700 + i * 37),
            street=units[STREETS[i // 2]],
            industry=industry,
            risk=risk,
            natural_person=person,
            complaints=3 if i == 10 else 0,
            abnormal=i == 18,
        )
    industries = sorted(
        {industry for _n, industry, _r, _p in ENTITIES}
    )  # 执法领域: the industries they check
    for name, unit, street, number, support in INSPECTORS:
        Inspector.objects.create(name=name, unit=units[unit], street=units.get(street), fields=industries,
                                 certificate_no=number, support_only=support,
                                 certificate_until=date(today.year + 2, 12, 31))
    start = date(today.year - 1, 1, 1)
    food = Item.objects.create(
        department=units["SCJGLH"],
        code="SJ-LH-001",
        name="食品经营者落实食品安全主体责任情况检查",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        object_type="食品经营者",
        ratio=Decimal("0.3"),
        frequency=1,
        methods=["on_site"],
        item_class="key",
        field="食品安全",
        valid_from=start,
    )
    safety = Item.objects.create(
        department=units["QAJJ"],
        code="AJ-LH-001",
        name="生产经营单位安全生产主体责任落实情况检查",
        legal_basis="《中华人民共和国安全生产法》第六十五条",
        object_type="生产经营单位",
        ratio=Decimal("0.3"),
        frequency=1,
        methods=["on_site", "documents"],
        item_class="general",
        field="安全生产",
        valid_from=start,
    )
    return food, safety


def load() -> str:
    refuse_in_production()
    if Plan.objects.exists():
        return "demo plans exist"
    admin = _admin()
    if admin is None:
        return "skipped: org's demo account admin is missing"
    today = timezone.localdate()
    units = {u.code: u for u in Unit.objects.filter(code__in=[*STREETS, "SCJGLH", "QAJJ", "QZFXTZX"])}
    food, safety = _directories(units, today)
    drawn_on = today - timedelta(days=60)
    plan = Plan.objects.create(year=drawn_on.year, unit=units["QZFXTZX"],
                               title=f"{drawn_on.year}年度罗湖区跨部门联合双随机抽查计划")
    batch = Batch.objects.create(plan=plan, title="第一批 食品安全与安全生产联合抽查", ratio=Decimal("0.3"),
                                 scheduled_on=drawn_on)
    batch.items.set([food, safety])
    draw = services.draw_commit(batch=batch, actor=admin, on=drawn_on)
    draw = services.draw_run(draw=draw, actor=admin)
    done = published = 0
    try:
        for n, task in enumerate(Task.objects.filter(draw=draw).select_related("entity").order_by("pk")):
            if n >= 5:
                break  # the rest are still being checked
            # four checked weeks ago and published within days;
            # one checked this week, within its 20 working days
            completed = drawn_on + timedelta(days=8 + n) if n < 4 else today - timedelta(days=2)
            penalty = n == 1
            results = ["3"] if penalty else (["E"] if n == 2 else ["1"])
            facts = "未按规定查验供货者许可证和食品合格证明文件，采购来源不明的预包装食品" if penalty else ""
            for _try in range(6):
                try:
                    task = services.task_complete(
                        task=task,
                        completed_on=completed,
                        results=results,
                        actor=admin,
                        penalty=penalty,
                        penalty_facts=facts,
                    )
                    break
                except ApplicationError as exc:
                    # near the year's end its 20 working days may reach a year the calendar does not know
                    # yet: check it a week earlier (still recent) rather than leave the demo without it
                    if exc.code != "calendar_unknown_year" or n < 4:
                        raise
                    completed -= timedelta(days=7)
            else:
                continue  # six weeks back still reach an unknown year: leave this one unchecked
            done += 1
            if n < 4:
                services.task_publish(task=task, actor=admin, on=completed + timedelta(days=6))
                published += 1
            if n == 0:
                services.evaluation_record(
                    task=task,
                    evaluator="深圳市罗湖区第三方评估机构（演示）",
                    score=92,
                    comment="检查程序规范，告知充分",
                    actor=admin,
                )
    except ApplicationError as exc:
        if exc.code != "calendar_unknown_year":  # the calendar lacks next year: results wait for it
            raise
    return (
        f"{Entity.objects.count()} entities, 1 draw ({draw.tasks.count()} tasks), "
        f"{done} checked, {published} published"
    )
