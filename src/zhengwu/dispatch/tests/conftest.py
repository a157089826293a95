"""Fixtures of the dispatch tests: reference data (without fitting a model per test), a fake
classifier with a chosen answer, and a cast of users."""

import pytest

from zhengwu.org.roles import Role


@pytest.fixture
def ref(units):
    """Units plus the dispatch reference data (taxonomy, gazetteer, rules, templates)."""
    from zhengwu.dispatch import reference, reference_load

    reference_load.load_all(taxonomy=reference._rows(reference.TAXONOMY_CSV),
                            gazetteer=reference._rows(reference.GAZETTEER_CSV),
                            templates=reference.REPLY_TEMPLATES, with_model=False)
    return units


class FakeClassifier:
    version = "fake-1"

    def __init__(self, label="城乡建设", confidence=0.9):
        self.label, self.confidence = label, confidence

    def predict(self, titles, texts):
        return [(self.label, self.confidence) for _t in texts]

    def ranked(self, title, text, k=3):
        rest = 1 - self.confidence  # shared by two other classes, 7:3
        scores = [(self.label, self.confidence), ("交通运输", round(rest * 0.7, 4)), ("环境保护", round(rest * 0.3, 4))]
        return sorted(scores, key=lambda pair: -pair[1])[:k]


@pytest.fixture
def classify_as(monkeypatch):
    """classify_as(label, confidence): every intake gets this prediction."""
    from zhengwu.dispatch import services

    def set_(label, confidence=0.9):
        monkeypatch.setattr(services, "active_classifier", lambda: FakeClassifier(label, confidence))

    return set_


@pytest.fixture
def cast(ref, make_user):
    """Named users: the dispatcher (区网格办 operator), street and community staff, a department, a supervisor."""
    return {
        "dispatcher": make_user("QWGB", Role.OPERATOR, "dispatcher"),
        "gy": make_user("GY", Role.OPERATOR, "gy_staff"),
        "gy_ldc": make_user("GY-LDC", Role.OPERATOR, "ldc_staff"),
        "dm": make_user("DM", Role.OPERATOR, "dm_staff"),
        "qhbswj": make_user("QHBSWJ", Role.OPERATOR, "env_staff"),
        "supervisor": make_user("QDCS", Role.SUPERVISOR, "supervisor"),
    }
