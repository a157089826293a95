"""双公示 record formats other than the 2016 department-facing standard (pure: no ORM, no request).

- `national`: the national exchange formats of 全国信用信息共享平台 / 信用中国 (行政许可 28 fields,
  行政处罚 30 fields), declared with the same `Field`/`Format` as `credit.standard`, and their validation;
- `convert`: conversion between the 2016 standard and the national formats, column-wise (polars).
"""
