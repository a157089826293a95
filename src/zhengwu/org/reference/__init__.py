"""Versioned reference data of the org app: reference/units.csv (the district, its departments,
its ten streets and their communities). Loading is idempotent and keeps local edits of names."""

import csv
from pathlib import Path

from zhengwu.org.services import units_load

UNITS_CSV = Path(__file__).with_name("units.csv")


def rows() -> list[dict]:
    with UNITS_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load() -> str:
    created, updated = units_load(rows())
    return f"{created} units created, {updated} updated"
