"""Reference data of 双公示: the plan's backlog campaigns (罗府办函〔2016〕74号 §二(二) 时间进度).

- records decided since 2011 (before the plan, 2016-02-23) must be public by 2016-06-30;
- other records still in force on that day must be public by 2016-12-31.

Idempotent: rows are matched by name; an administrator's later edits of dates are kept.
"""

from datetime import date

from zhengwu.credit.models import Campaign

CAMPAIGNS = (
    {
        "name": "2011年以来的存量信息",
        "decided_from": date(2011, 1, 1),
        "decided_to": date(2016, 2, 22),
        "in_force_on": None,
        "deadline": date(2016, 6, 30),
        "source": "罗府办函〔2016〕74号 §二(二)",
        "sort": 10,
    },
    {
        "name": "处于有效期内的其他信息",
        "decided_from": None,
        "decided_to": date(2010, 12, 31),
        "in_force_on": date(2016, 2, 23),
        "deadline": date(2016, 12, 31),
        "source": "罗府办函〔2016〕74号 §二(二)",
        "sort": 20,
    },
)


def load() -> str:
    created = 0
    for row in CAMPAIGNS:
        _obj, was_created = Campaign.objects.get_or_create(name=row["name"], defaults=row)
        created += was_created
    return f"{created} campaigns created"
