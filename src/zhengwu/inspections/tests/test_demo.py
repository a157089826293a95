"""The demo data of 双随机 (loaded by `zhengwu demo-data`): made through the services, idempotent, a published
draw that verifies from its seed, results published, a
penalty draft in 双公示 — and no personal data in public."""

import io

import pytest
from django.core.management import call_command

from zhengwu.inspections import demo, selectors
from zhengwu.inspections.models import Draw, Entity, Inspector, Task
from zhengwu.ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(units):
    from zhengwu.org import demo as org_demo

    call_command("load-reference", verbosity=0, stdout=io.StringIO())
    org_demo.load()
    return demo.load()


def test_the_demo_is_a_verifiable_published_draw_with_results(loaded, client):
    assert "1 draw" in loaded and demo.load() == "demo plans exist"  # idempotent
    draw = Draw.objects.get()
    assert selectors.draw_verification(draw.pk)["ok"] is True
    assert (
        Task.objects.filter(state="published").count() == 4
        and Task.objects.filter(state="completed").count() == 1
    )
    assert Entry.objects.filter(action="inspections.draw.run").count() == 1
    penalty = Task.objects.get(penalty=True)
    assert penalty.penalty_draft == f"inspections.task:T{penalty.pk}"  # credit's declared service took it
    assert not selectors.overdue_results(on=penalty.completed_on)
    for url in (
        "/inspections/public/draws/",
        f"/inspections/public/draws/{draw.pk}/",
        "/inspections/public/results/",
        "/inspections/public/draws.json",
        f"/inspections/public/draws/{draw.pk}.json",
        "/inspections/public/results.json",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        for person in Entity.objects.filter(natural_person=True):
            assert person.name not in text and person.uscc not in text, url
        for inspector in Inspector.objects.all():
            assert inspector.name not in text, url


def test_demo_codes_are_valid_unified_social_credit_codes():
    codes = [demo.uscc(3700 + i * 37) for i in range(len(demo.ENTITIES))]
    assert len(set(codes)) == len(codes) and all(len(c) == 18 and c.startswith("9144030306") for c in codes)
    assert demo.uscc(0) == "91440303060000000" + demo.uscc(0)[-1]
