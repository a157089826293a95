"""The demo data of 律师驻队 (loaded by `zhengwu demo-data`): made through the
services, idempotent, the 9-lawyer firm kept off the list, one contract per unit, an assessment per
contract, a replacement waiting for consent."""

import io

import pytest
from django.core.management import call_command

from zhengwu.lawyers import demo
from zhengwu.lawyers.models import Assessment, Contract, Firm, Replacement, WorkRecord
from zhengwu.ledger.models import Entry

pytestmark = pytest.mark.django_db


def test_the_demo_is_made_through_the_services_and_loads_once(units):
    from zhengwu.org import demo as org_demo

    call_command("load-reference", verbosity=0, stdout=io.StringIO())
    org_demo.load()
    assert "3 contracts" in demo.load()
    assert demo.load() == "demo firms exist"
    assert not Firm.objects.get(practising_lawyers=9).listed
    assert sorted(Contract.objects.values_list("unit__code", flat=True)) == ["DM", "GY", "QCGZFDD"]
    assert not Contract.objects.filter(firm__listed=False).exists()
    assert Assessment.objects.count() == 3 and WorkRecord.objects.count() > 10
    assert Replacement.objects.get().state == "requested"
    assert Entry.objects.filter(action="lawyers.record.added").count() == WorkRecord.objects.count()
