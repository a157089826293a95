"""The retry schedule and the meaning of HTTP answers (pure rules)."""

import pytest

from zhengwu.outbox import rules, standard


@pytest.mark.parametrize(("attempt", "low", "high"), [
    (1, 15, 30), (2, 30, 60), (3, 60, 120), (7, 960, 1920), (8, 1800, 3600), (30, 1800, 3600),
])
def test_retry_delay_doubles_with_equal_jitter_and_is_capped(attempt, low, high):
    assert rules.retry_delay(attempt=attempt, base=30, cap=3600, rand=0.0) == low
    assert rules.retry_delay(attempt=attempt, base=30, cap=3600, rand=1.0) == high
    for _ in range(50):
        assert low <= rules.retry_delay(attempt=attempt, base=30, cap=3600) <= high


def test_retry_delay_rejects_attempt_zero():
    with pytest.raises(ValueError):
        rules.retry_delay(attempt=0, base=30, cap=3600)


@pytest.mark.parametrize(("status", "outcome"), [
    (200, standard.OK), (201, standard.OK), (204, standard.OK), (409, standard.OK),
    (500, standard.RETRY), (502, standard.RETRY), (503, standard.RETRY), (408, standard.RETRY),
    (429, standard.RETRY), (400, standard.PERMANENT), (401, standard.PERMANENT), (404, standard.PERMANENT),
    (422, standard.PERMANENT), (302, standard.RETRY),
])
def test_classify_http_status(status, outcome):
    assert rules.classify_http_status(status) == outcome


@pytest.mark.parametrize(("outcome", "attempts", "max_attempts", "state"), [
    (standard.RETRY, 1, 3, standard.FAILED),
    (standard.RETRY, 2, 3, standard.FAILED),
    (standard.RETRY, 3, 3, standard.DEAD),
    (standard.PERMANENT, 1, 10, standard.DEAD),
])
def test_after_failure(outcome, attempts, max_attempts, state):
    assert rules.after_failure(outcome=outcome, attempts=attempts, max_attempts=max_attempts) == state


@pytest.mark.parametrize(
    ("topic", "patterns", "match"),
    [
        ("credit.license", [], True),
        ("credit.license", ["credit."], True),
        ("credit.license", ["credit.license"], True),
        ("credit.penalty", ["credit.license"], False),
        ("dispatch.event", ["credit."], False),
        ("x", ["*"], True),
        ("creditx.a", ["credit."], False),
    ],
)
def test_topic_matches(topic, patterns, match):
    assert rules.topic_matches(topic, patterns) is match
