"""The demo data loads (a small slice of the messages here),
spreads events over the lifecycle, and is idempotent."""

import csv

import pytest

from zhengwu.dispatch import demo
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.rules import classifier

pytestmark = pytest.mark.django_db


def test_demo_loads_events_in_several_states_once(ref, classify_as, tmp_path, monkeypatch):
    classify_as("城乡建设", 0.9)
    rows = list(csv.DictReader(classifier.TRAIN_CSV.open(encoding="utf-8")))[:40]
    small = tmp_path / "train.csv"
    with small.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setattr(classifier, "TRAIN_CSV", small)
    summary = demo.load()
    assert summary.startswith("40 demo events")
    states = set(Event.objects.values_list("state", flat=True))
    assert {"dispatched", "accepted", "resolved", "closed"} <= states
    assert all("A市" not in t for t in Event.objects.values_list("title", flat=True))
    assert demo.load() == "demo events already present" and Event.objects.count() == 40
