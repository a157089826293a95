"""The two push destinations of issue 5 §6, created idempotently and inactive unless configured.

* 市政府门户网站 — HTTP JSON, URL from the environment variable
  CREDIT_PUSH_PORTAL_URL (token: CREDIT_PUSH_PORTAL_TOKEN);
* 市公共信用信息管理系统（前置库） — the exchange database given by CREDIT_PUSH_QZK_URL, e.g.
  `sqlite:////srv/zhengwu/var/credit-qzk.sqlite3` for a local file or `postgresql+psycopg://u:p@host/qzk`;
  tables XK_GS (licences) and CF_GS (penalties) with the standard's field codes as columns.

Both send the national format of the 全国信用信息共享平台 (`options["format"] = "national"`, issue 16 §2); a
destination without a format gets `CREDIT_PUSH_FORMAT` (default the 2016 standard).

The URLs are stored as `env:NAME` (resolved when sending), so secrets stay out of the
database. A destination is created active only when its variable is set at creation time; afterwards the
admin (推送目的地) or `zhengwu outbox destination …` decides. `make demo` therefore never retries
unreachable URLs. See docs/credit-public.md.
"""

import os

from zhengwu.credit.services.publication import TABLES, TOPICS
from zhengwu.outbox.models import Destination

DESTINATIONS = (
    {"name": "市政府门户网站", "kind": "http_json", "url": "env:CREDIT_PUSH_PORTAL_URL",
     "auth_token": "env:CREDIT_PUSH_PORTAL_TOKEN", "topics": ["credit."], "options": {"format": "national"}},
    {"name": "市公共信用信息管理系统（前置库）", "kind": "exchange_db", "url": "env:CREDIT_PUSH_QZK_URL",
     "auth_token": "", "topics": ["credit."],
     "options": {"format": "national", "tables": {TOPICS[kind]: table for kind, table in TABLES.items()}}},
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
    return "push destinations: " + (", ".join(created) if created else "already there")
