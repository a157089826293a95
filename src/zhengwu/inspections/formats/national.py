"""The push of a published result to the 国家企业信用信息公示系统 (issue 18
item 13): one flat row per check, in the outbox's payload convention (`{"table": …, "record": {column:
value}}`, docs/outbox.md). Pure: no ORM.

The result codes are the national categories (`standard.RESULT_CATEGORIES`); the column names are ours (the
公示系统's 抽查检查结果 interface specification is not public in the seed) — map them in the destination's
connector options or here once the specification is at hand. Columns:

| column | content |
|---|---|
| `JCXH` | our reference of the check (`T<task id>`), also the idempotency key's tail |
| `ZTMC`, `TYSHXYDM` | the entity's name and 统一社会信用代码 |
| `ZTLX` | `1` enterprise / `2` 个体工商户 (a natural person) |
| `JCSSJG`, `JCSSJGDM` | the inspecting body (full name) and its unit code |
| `JCLX` | `1` 双随机抽查 (from a draw) / `2` 投诉举报核查 (a complaint check) |
| `JCSX` | the items checked, `department:item` joined by `;` |
| `JCRQ` | the day the check was completed |
| `JCJGDM`, `JCJG` | the national result codes joined by `,` and their labels joined by `；` |
| `GSQX`, `GSRQ` | the publication deadline (completion +
20 working days, official calendar) and the day published |
| `YQGS` | `1` when published after the deadline (逾期公示), else `0` |
"""

from collections.abc import Sequence
from datetime import date

#: the outbox topic destinations subscribe to, and the table name of the payload
TOPIC = "inspections.result"
TABLE = "CCJC_JG"
COLUMNS = ("JCXH", "ZTMC", "TYSHXYDM", "ZTLX", "JCSSJG", "JCSSJGDM", "JCLX", "JCSX", "JCRQ", "JCJGDM", "JCJG",
           "GSQX", "GSRQ", "YQGS")
KIND_CODES = {"random": "1", "complaint": "2"}


def overdue(due_on: date, published_on: date) -> bool:
    """Whether a result was published after its deadline.

    >>> overdue(date(2026, 7, 8), date(2026, 7, 8)), overdue(date(2026, 7, 8), date(2026, 7, 9))
    (False, True)
    """
    return published_on > due_on


def message_key(ref: str) -> str:
    """The idempotency key of a result's push: one per check (a result is published once)."""
    return f"{TOPIC}:{ref}"


def result_payload(
    *,
    ref: str,
    name: str,
    uscc: str,
    natural_person: bool,
    body: str,
    body_code: str,
    kind: str,
    items: Sequence[Sequence[str]],
    completed_on: date,
    results: Sequence[str],
    labels: dict[str, str],
    due_on: date,
    published_on: date,
) -> dict:
    """The payload of one published result; `labels` maps each national result code to its label."""
    row = {
        "JCXH": ref,
        "ZTMC": name,
        "TYSHXYDM": uscc,
        "ZTLX": "2" if natural_person else "1",
        "JCSSJG": body,
        "JCSSJGDM": body_code,
        "JCLX": KIND_CODES[kind],
        "JCSX": ";".join(f"{dept}:{code}" for dept, code in items),
        "JCRQ": completed_on.isoformat(),
        "JCJGDM": ",".join(results),
        "JCJG": "；".join(labels[c] for c in results),
        "GSQX": due_on.isoformat(),
        "GSRQ": published_on.isoformat(),
        "YQGS": "1" if overdue(due_on, published_on) else "0",
    }
    return {"table": TABLE, "record": {c: row[c] for c in COLUMNS}}
