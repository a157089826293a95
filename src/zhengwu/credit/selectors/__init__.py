"""Everything that reads 双公示 data for pages, API and exports, one module per area:

- `records` — a unit's records and imports (always through org.scoping), rule context for validation

Callers use the names re-exported here (`selectors.record_list(...)`).
"""

from zhengwu.credit.selectors.records import (
    existing_keys,
    import_get,
    import_list,
    penalty_parties,
    record_get,
    record_list,
    rule_context,
    street_spellings,
)

__all__ = ["existing_keys", "import_get", "import_list", "penalty_parties", "record_get", "record_list",
           "rule_context", "street_spellings"]
