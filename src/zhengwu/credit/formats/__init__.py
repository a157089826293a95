"""File formats of 双公示, pure: bytes in, columns out; columns in, workbooks out.

- `ingest` — departments' files (CSV in UTF-8/GBK, XLSX, JSON) read into batches of columns by field code;
- `report` — the XLSX error report (each wrong cell marked, with its reason) and the department's template;
- `schema` — the standard as a Frictionless Table Schema and as docs/credit-standard.md.

Issue 16 adds `national` (the national exchange format as data) and `convert` (2016 ⇄ national) here.
"""
