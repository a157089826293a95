"""Reference data of 双随机: the push destination of published results (`reference.push_destinations`)."""

from zhengwu.inspections.reference import push_destinations


def load() -> str:
    return push_destinations.load()
