import pytest

from zhengwu.outbox.tests.receiver import Receiver


@pytest.fixture
def receiver():
    with Receiver() as rx:
        yield rx


@pytest.fixture
def make_destination(db):
    from zhengwu.outbox.models import Destination

    def make(url, **extra):
        extra.setdefault("name", f"dest-{Destination.objects.count() + 1}")
        extra.setdefault("timeout_seconds", 0.5)
        extra.setdefault("retry_base_seconds", 30)
        extra.setdefault("retry_cap_seconds", 3600)
        return Destination.objects.create(url=url, **extra)

    return make
