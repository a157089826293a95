"""Everything that changes 双公示 state, one module per use case (keyword-only, one transaction, ledgered):

- `imports` — files in: parse, validate, store atomically per batch, versions in the ledger;
- `workflow` — submit, confidentiality review, publication (single and bulk), 当前状态 changes;
- `publication` — the push to the city's platforms through the outbox, 已推送;
- `search_index` — the public-name search entries of published records;
- `objections` — file, accept, answer; `catalog` — the
  item catalog and its submission; `reminders` — due mail.

Callers use the names re-exported here (`services.import_run(...)`); submodules import each other directly.
"""

from zhengwu.credit.services.catalog import catalog_decide, catalog_item_save, catalog_submit
from zhengwu.credit.services.imports import import_create, import_file, import_run, imports_recover
from zhengwu.credit.services.objections import objection_accept, objection_answer, objection_create
from zhengwu.credit.services.workflow import (
    record_publish,
    record_review,
    record_set_status,
    record_submit,
    records_approve_many,
    records_submit_many,
)

__all__ = [
    "catalog_decide",
    "catalog_item_save",
    "catalog_submit",
    "import_create",
    "import_file",
    "import_run",
    "imports_recover",
    "objection_accept",
    "objection_answer",
    "objection_create",
    "record_publish",
    "record_review",
    "record_set_status",
    "record_submit",
    "records_approve_many",
    "records_submit_many",
]
