"""Everything that reads 双公示 data for pages, API, exports and other systems, one module per area:

- `records` — a unit's records and imports (always through org.scoping), rule context for validation;
- `visibility` — what the public may see, as a queryset and as SQL (`rules.visibility` translated);
- `public` — the public pages' search, record and embedded list (masked by `rules.disclosure`);
- `workflow` — to-do lists, review queue, due dates, objections, campaigns; `catalog` — the item catalog;
- `assessment` — the units' assessment; `supervision` — the
  figures 大督查 reads (`provides["supervision_figures"]`).

Selectors never call services. Callers use the names re-exported here (`selectors.record_list(...)`).
"""

from zhengwu.credit.selectors.records import (
    error_report_location,
    existing_keys,
    import_for_run,
    import_get,
    import_list,
    penalty_parties,
    record_get,
    record_list,
    rule_context,
    street_spellings,
    unit_for_reminder,
    upload_units,
)
from zhengwu.credit.selectors.visibility import public_record_for_objection, public_records

__all__ = [
    "error_report_location",
    "existing_keys",
    "import_for_run",
    "import_get",
    "import_list",
    "penalty_parties",
    "public_record_for_objection",
    "public_records",
    "record_get",
    "record_list",
    "rule_context",
    "street_spellings",
    "unit_for_reminder",
    "upload_units",
]
