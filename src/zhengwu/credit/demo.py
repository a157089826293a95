"""Demo data: a few hundred synthetic licence and penalty records for several units (idempotent).

Names are invented by the sample generator; natural persons' ID numbers are synthetic (valid check
characters, not real people). Masking for public pages is issue 5's job — there are no public pages yet.
"""

from django.core.files.base import ContentFile

from zhengwu.credit import sample, services
from zhengwu.credit.models import CatalogItem, Record
from zhengwu.credit.standard import LICENSE, PENALTY
from zhengwu.org.models import Unit

PLAN = (("QFGJ", LICENSE, 150, 11), ("QCGJ", PENALTY, 150, 12), ("GY", LICENSE, 60, 13), ("GY", PENALTY, 60, 14))


def load() -> str:
    created = 0
    for code, std, rows, seed in PLAN:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or Record.objects.filter(unit=unit, kind=std.kind).exists():
            continue
        frame, _defects = sample.generate(std, rows=rows, seed=seed)
        prefix = f"{code}-"
        frame = frame.with_columns((prefix + frame[std.key]).alias(std.key))
        batch = services.import_create(unit=unit, kind=std.kind, check_role=False,
                                       upload=ContentFile(frame.write_csv().encode(), name=f"demo-{code}-{std.kind}.csv"))
        services.import_run(batch)
        batch.refresh_from_db()
        created += batch.created
    for code, kind, item, name in (("QFGJ", "license", "SX-QFGJ-001", "固定资产投资项目核准"),
                                   ("QCGJ", "penalty", "SX-QCGJ-001", "占道经营处罚")):
        unit = Unit.objects.filter(code=code).first()
        if unit:
            CatalogItem.objects.get_or_create(unit=unit, kind=kind, code=item, defaults={"name": name})
    return f"{created} records"
