"""Walking the chain: the first entry that was altered, deleted or put out of order."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengwu.ledger import chain
from zhengwu.ledger.models import Entry, Head


@dataclass(frozen=True)
class Result:
    ok: bool
    entries: int
    head_hash: str
    problem: str = ""
    seq: int | None = None


def verify(*, chunk_size: int = 2000) -> Result:
    """Check every entry in order; stop at the first break and say what it is."""
    expected_seq, prev = 1, chain.GENESIS
    count = 0
    qs = Entry.objects.order_by("seq").values(
        "seq", "created_at", "actor_id", "actor_label", "action", "object_type", "object_id", "unit_id",
        "before", "after", "before_digest", "after_digest", "note", "prev_hash", "hash",
    )
    for e in qs.iterator(chunk_size=chunk_size):
        seq = e["seq"]
        if seq != expected_seq:
            if seq > expected_seq:
                return Result(
                    False,
                    count,
                    prev,
                    _("第 %(n)d 条日志缺失（已被删除）。") % {"n": expected_seq},
                    expected_seq,
                )
            return Result(False, count, prev, _("第 %(n)d 条日志重复。") % {"n": seq}, seq)
        if chain.digest(e["before"]) != e["before_digest"] or chain.digest(e["after"]) != e["after_digest"]:
            return Result(
                False, count, prev, _("第 %(n)d 条日志的内容被改动（摘要不符）。") % {"n": seq}, seq
            )
        recomputed = chain.entry_hash(
            prev_hash=e["prev_hash"], created_at=e["created_at"], actor_id=e["actor_id"],
            actor_label=e["actor_label"], action=e["action"], object_type=e["object_type"],
            object_id=e["object_id"], unit_id=e["unit_id"], before_digest=e["before_digest"],
            after_digest=e["after_digest"], note=e["note"],
        )
        if recomputed != e["hash"]:
            return Result(False, count, prev, _("第 %(n)d 条日志被改动（哈希不符）。") % {"n": seq}, seq)
        if e["prev_hash"] != prev:
            return Result(
                False,
                count,
                prev,
                _("第 %(n)d 条日志与前一条不相接：日志顺序被调换，或其前面的日志被删除或改动。") % {"n": seq},
                seq,
            )
        prev = e["hash"]
        expected_seq += 1
        count += 1
    head = Head.objects.filter(pk=1).first()
    if head is not None and (head.seq != count or head.hash != prev):
        return Result(
            False, count, prev,
            _("日志末尾缺失：链头记录到第 %(head)d 条，实际只有 %(n)d 条。") % {"head": head.seq, "n": count},
            count + 1,
        )
    if head is None and count:
        return Result(False, count, prev, _("链头记录缺失。"), None)
    return Result(True, count, prev)
