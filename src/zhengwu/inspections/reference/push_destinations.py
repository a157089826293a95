"""The declared push target of 双随机 results (issue 18 item
13): the 国家企业信用信息公示系统, through the outbox.

* 国家企业信用信息公示系统（抽查检查结果） — HTTP XML (the provincial envelope, docs/outbox.md), URL from the
  environment variable INSPECTIONS_PUSH_GSXT_URL (token: INSPECTIONS_PUSH_GSXT_TOKEN),
  topic `inspections.result`, table `CCJC_JG` (columns: `inspections.formats.national`).

Created idempotently and inactive unless its variable is set at creation time (the URL is stored as
`env:NAME`, resolved when sending, so secrets stay out of the database); afterwards the admin (推送目的地)
or `zhengwu outbox destination …` decides. `make demo` therefore never retries an unreachable URL.
"""

import os

from zhengwu.inspections.formats.national import TABLE, TOPIC
from zhengwu.outbox.models import Destination

DESTINATIONS = (
    {
        "name": "国家企业信用信息公示系统（抽查检查结果）",
        "kind": "http_xml",
        "url": "env:INSPECTIONS_PUSH_GSXT_URL",
        "auth_token": "env:INSPECTIONS_PUSH_GSXT_TOKEN",
        "topics": [TOPIC],
        "options": {"sender": "440303", "receiver": "GSXT", "tables": {TOPIC: TABLE}},
    },
)


def load() -> str:
    """Create the destinations that do not exist yet (never changes existing ones)."""
    created = []
    for spec in DESTINATIONS:
        values = dict(spec)
        name = values.pop("name")
        values["is_active"] = bool(os.environ.get(values["url"].removeprefix("env:")))
        _, new = Destination.objects.get_or_create(name=name, defaults=values)
        if new:
            created.append(f"{name} ({'active' if values['is_active'] else 'inactive'})")
    return "inspections push destinations: " + (", ".join(created) if created else "already there")
