"""File formats of 双公示, pure: bytes in, columns out; columns in, workbooks out.

- `ingest` — departments' files (CSV in UTF-8/GBK, XLSX, JSON) read into batches of columns by field code;
- `report` — the XLSX error report (each wrong cell marked, with its reason) and the department's template;
- `schema` — the standard as a Frictionless Table Schema and as docs/credit-standard.md;
- `national` — the national exchange formats of 全国信用信息共享平台 / 信用中国 (行政许可 28 fields,
  行政处罚 30 fields), declared with the same `Field`/`Format` as `credit.standard`, and their validation;
- `convert` — conversion between the 2016 standard and the national formats, column-wise (polars).
"""
