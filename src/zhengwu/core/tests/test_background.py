"""core.background: enqueue by dotted path, and `coalesced()` sending equal tasks once at the end."""

import pytest
from django.db import transaction
from django.tasks import task

from zhengwu.core.background import coalesced, enqueue

SENT: list = []
PATH = "zhengwu.core.tests.test_background.note"


@task
def note(value: str = "") -> str:
    SENT.append(value)
    return value


@pytest.fixture(autouse=True)
def _clear():
    SENT.clear()


def test_outside_a_block_a_task_is_sent_at_once_and_its_result_returned():
    result = enqueue(PATH, "a", on_commit=False)
    assert result.is_finished and result.return_value == "a" and SENT == ["a"]


def test_equal_calls_are_sent_once_in_the_order_first_asked_when_the_block_ends():
    with coalesced():
        for value in ("a", "b", "a", "b", "c"):
            assert enqueue(PATH, value, on_commit=False) is None
        assert SENT == []  # nothing sent inside the block
    assert SENT == ["a", "b", "c"]


def test_keyword_arguments_tell_calls_apart_too():
    with coalesced():
        enqueue(PATH, value="a")
        enqueue(PATH, value="a")
        enqueue(PATH, value="b")
    assert SENT == ["a", "b"]


def test_an_error_in_the_block_drops_what_it_collected():
    with pytest.raises(ValueError), coalesced():
        enqueue(PATH, "a")
        raise ValueError("the caller's work failed")
    assert SENT == []
    enqueue(PATH, "b", on_commit=False)  # the next call outside a block is sent as usual
    assert SENT == ["b"]


def test_nested_blocks_send_with_the_outermost():
    with coalesced():
        with coalesced():
            enqueue(PATH, "a")
        assert SENT == []
        enqueue(PATH, "a")
    assert SENT == ["a"]


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_they_are_sent_after_it_commits_and_never_if_it_rolls_back():
    with transaction.atomic():
        with coalesced():
            enqueue(PATH, "a")
        assert SENT == []
    assert SENT == ["a"]
    SENT.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        with coalesced():
            enqueue(PATH, "b")
        raise RuntimeError("rolled back")
    assert SENT == []
