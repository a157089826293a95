"""The demo data loads through the services (idempotent)
and shows on the public pages without a person's data."""

import pytest

from zhengwu.core.privacy import contains_personal_data
from zhengwu.microprojects import demo
from zhengwu.microprojects.models import Project
from zhengwu.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_its_community_page_shows_it(units, client):
    org_demo.load()
    assert "projects" in demo.load()
    assert dict(Project.objects.values_list("title", "step")) == {
        "鹿丹村无障碍步道改造": "evaluation",
        "楼道消防烟感加装": "completion",
        "长者助餐服务": "first_secretary",
        "社区书画班": "residents_council",
    }
    assert demo.load() == "demo projects exist"
    body = client.get("/microprojects/public/c/GY-LDC/").content.decode()
    assert "鹿丹村无障碍步道改造" in body and "长者助餐服务" in body and "社区书画班" not in body
    assert contains_personal_data(body) == [] and "工程专家" not in body
