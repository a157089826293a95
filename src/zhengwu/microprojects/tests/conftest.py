"""A cast for 民生微实事: a community (桂园 大塘龙), its street, pools and council; `walk` takes a project
step by step through the services, so tests start it where they need it."""

import pytest

from zhengwu.microprojects import services
from zhengwu.microprojects.tests.helpers import COMMUNITY, STREET
from zhengwu.org.roles import Role


@pytest.fixture(autouse=True)
def _strict_ledger(settings):
    settings.LEDGER_REQUIRE_DECLARED_ACTIONS = True  # every action this app writes must be declared


@pytest.fixture
def cast(units, make_user):
    c = {
        "community": make_user(COMMUNITY, Role.OPERATOR),
        "secretary": make_user(COMMUNITY, Role.LEADER),
        "street": make_user(STREET, Role.OPERATOR),
        "street_leader": make_user(STREET, Role.LEADER),
        "auditor": make_user("QSJJ", Role.AUDITOR),
        "admin": make_user("LH", Role.ADMIN),
        "housing": make_user("QZFJSJ", Role.OPERATOR),
        "civil": make_user("QMZJ", Role.OPERATOR),
        "other_community": make_user("GY-GM", Role.OPERATOR),
        "units": units,
    }
    for i, field in enumerate(["建筑工程"] * 4 + ["财务管理"] * 3):
        services.expert_register(actor=c["housing"], pool="engineering", name=f"工程专家{i}", fields=[field],
                                 interests=[COMMUNITY] if i == 0 else [])
    for i in range(4):
        services.expert_register(actor=c["civil"], pool="service", name=f"服务专家{i}", fields=["社会工作"])
    services.council_configure(actor=c["secretary"], unit=units[COMMUNITY], members=21)
    return c
