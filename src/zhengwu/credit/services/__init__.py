"""Everything that changes 双公示 state, one module per use case:

- `imports`  — files in: parse, validate, store atomically per batch, versions in the ledger

Callers use the names re-exported here (`services.import_run(...)`).
"""

from zhengwu.credit.services.imports import Action, import_create, import_file, import_run, imports_recover

__all__ = ["Action", "import_create", "import_file", "import_run", "imports_recover"]
