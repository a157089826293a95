"""Background work: the nightly walk of the hash chain (scheduled in apps.py)."""

import logging

from django.tasks import task

from zhengwu.ledger.verify import verify

logger = logging.getLogger(__name__)


class LedgerBroken(Exception):
    """The chain does not verify; the task fails with the first break, visible in the task results."""


@task
def verify_chain() -> str:
    """Walk the whole chain; fail (and log an error) naming the first tampered entry."""
    result = verify()
    if not result.ok:
        logger.error("ledger verification failed at entry %s: %s", result.seq, result.problem)
        raise LedgerBroken(f"entry {result.seq}: {result.problem}")
    return f"{result.entries} entries OK, head {result.head_hash}"
