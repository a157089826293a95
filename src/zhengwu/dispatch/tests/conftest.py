"""Fixtures of the dispatch tests: reference data (without fitting a model per test), a fake
classifier with a chosen answer, the default classifier fitted once per session, a cast of users,
and intake API keys. Tests of other apps that exercise dispatch use the plain helpers below."""

import pytest

from zhengwu.org.roles import Role


def load_reference() -> None:
    """The dispatch reference data (taxonomy, gazetteer, rules, templates), without fitting a model."""
    from zhengwu.dispatch import reference

    reference.load(with_model=False)


def use_classifier(monkeypatch, model) -> None:
    """Make every classification (intake routing, suggestions, the classify command) use `model`."""
    from zhengwu.dispatch.selectors import classifiers

    monkeypatch.setattr(classifiers, "active_classifier", lambda: model)


def issue_key(name: str, channel: str = "system", **kwargs) -> str:
    """An intake API key for a client system named `name` (its events' source system); returns the key."""
    from zhengwu.dispatch import services

    return services.client_key_issue(name=name, channel=channel, actor=None, **kwargs)[1]


@pytest.fixture
def ref(units):
    """Units plus the dispatch reference data (taxonomy, gazetteer, rules, templates)."""
    load_reference()
    return units


class FakeClassifier:
    version = "fake-1"

    def __init__(self, label="城乡建设", confidence=0.9):
        self.label, self.confidence = label, confidence

    def predict(self, titles, texts):
        return [(self.label, self.confidence) for _t in texts]

    def ranked(self, title, text, k=3):
        rest = 1 - self.confidence  # shared by two other classes, 7:3
        scores = [
            (self.label, self.confidence),
            ("交通运输", round(rest * 0.7, 4)),
            ("环境保护", round(rest * 0.3, 4)),
        ]
        return sorted(scores, key=lambda pair: -pair[1])[:k]


@pytest.fixture
def classify_as(monkeypatch):
    """classify_as(label, confidence): every intake gets this prediction."""

    def set_(label, confidence=0.9):
        use_classifier(monkeypatch, FakeClassifier(label, confidence))

    return set_


@pytest.fixture(scope="session")
def default_classifier():
    """The shipped default classifier, fitted once per test run (a few seconds; then kept in the model cache
    for the other test processes, and by `classifier.default` for this one, so that the live server's thread
    finds it fitted too)."""
    from zhengwu.dispatch.selectors import classifiers

    return classifiers.shipped_default()


@pytest.fixture
def cast(ref, make_user):
    """Named users: the dispatcher (区网格办 operator), street
    and community staff, a department, a supervisor."""
    return {
        "dispatcher": make_user("QWGB", Role.OPERATOR, "dispatcher"),
        "gy": make_user("GY", Role.OPERATOR, "gy_staff"),
        "gy_ldc": make_user("GY-LDC", Role.OPERATOR, "ldc_staff"),
        "dm": make_user("DM", Role.OPERATOR, "dm_staff"),
        "qhbswj": make_user("QHBSWJ", Role.OPERATOR, "env_staff"),
        "supervisor": make_user("QDCS", Role.SUPERVISOR, "supervisor"),
    }


@pytest.fixture(autouse=True)
def strict_ledger(settings):
    """Every dispatch test runs in the ledger's strict mode: an action written that apps.DispatchConfig
    (or the base app it belongs to) does not declare fails the test."""
    settings.LEDGER_REQUIRE_DECLARED_ACTIONS = True


@pytest.fixture(autouse=True)
def no_automatic_merge(settings):
    """Tests create many alike reports on purpose: no automatic same-matter merge unless a test sets
    `settings.DISPATCH_MATTER_THRESHOLDS` itself (test_matters_services.py does)."""
    settings.DISPATCH_MATTER_THRESHOLDS = {"auto_merge": 1.5}
