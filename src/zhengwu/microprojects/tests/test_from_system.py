"""A suggestion filed by another system (provides["suggestion_from_system"], used by 大分拨's hotspots): the
source link kept in its text and ledger entry, idempotent on the source reference, a community only."""

import pytest

from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import provided
from zhengwu.ledger.models import Entry
from zhengwu.microprojects.models import Suggestion

pytestmark = pytest.mark.django_db


def test_a_system_suggestion_keeps_its_source_and_is_filed_once(units):
    create = provided("microprojects", "suggestion_from_system")
    args = dict(
        unit_code="GY-LDC",
        title="鹿丹村路灯整治",
        body="热点：路灯不亮 12 件",
        source="dispatch.hotspot",
        source_ref="proactive-task:7",
        source_url="https://example.org/dispatch/proactive/7/",
        actor=None,
    )
    ref = create(**args)
    s = Suggestion.objects.get(pk=int(ref))
    assert (s.unit.code, s.state, s.title) == ("GY-LDC", "new", "鹿丹村路灯整治")
    assert "proactive-task:7" in s.text and "https://example.org/dispatch/proactive/7/" in s.text
    entry = Entry.objects.get(action="microprojects.suggestion.submitted", object_id=str(s.pk))
    assert entry.after["source_ref"] == "proactive-task:7"
    assert create(**args) == ref and Suggestion.objects.count() == 1  # the same reference again: the same one
    with pytest.raises(ApplicationError) as exc:
        create(**(args | {"unit_code": "GY", "source_ref": "proactive-task:8"}))  # a street, not a community
    assert exc.value.code == "not_a_community"
