"""Writing the shipped reference data (taxonomy with handling defaults, gazetteer, dispatch rules,
reply templates, the default classifier) — idempotent, keeps administrators' edits.

`reference/__init__.py` reads the shipped files and calls `load_all` (`zhengwu load-reference`)."""

from django.db import transaction

from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Category, DispatchRule, Place, ReplyTemplate
from zhengwu.dispatch.services.training import model_store_default
from zhengwu.dispatch.standard import CATEGORY_KEYWORDS, DISPATCH_RULE_DEFAULTS, TIER_LIMITS, Tier
from zhengwu.org.models import Unit


@transaction.atomic
def load_categories(rows: list[dict]) -> int:
    units = {u.code: u for u in Unit.objects.all()}
    existing = set(Category.objects.values_list("level1", "level2", "level3"))
    new = []
    for row in rows:
        key = (row["level1"].strip(), row["level2"].strip(), row["level3"].strip())
        if key in existing:
            continue
        existing.add(key)
        d = rules.category_defaults(key[0], key[1])
        tier = d.tier if d else Tier.DEPARTMENT
        limits = TIER_LIMITS[tier]
        new.append(Category(level1=key[0], level2=key[1], level3=key[2],
                            department=units.get(d.department) if d else None, default_tier=tier,
                            needs_enforcement=bool(d and d.needs_enforcement), accept_limit=limits.accept,
                            accept_unit=limits.accept_unit, resolve_limit=limits.resolve,
                            resolve_unit=limits.resolve_unit, keywords=CATEGORY_KEYWORDS.get(key, "")))
    Category.objects.bulk_create(new, batch_size=500)
    return len(new)


@transaction.atomic
def load_gazetteer(rows: list[dict]) -> int:
    units = {u.code: u for u in Unit.objects.all()}
    existing = set(Place.objects.values_list("name", "street__code"))
    new = []
    for row in rows:
        if (row["name"], row["street"]) in existing or row["street"] not in units:
            continue
        existing.add((row["name"], row["street"]))
        new.append(Place(name=row["name"], kind=row["kind"], street=units[row["street"]],
                         community=units.get(row["community"]) if row.get("community") else None))
    Place.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def load_rules() -> int:
    created = 0
    for d in DISPATCH_RULE_DEFAULTS:
        _obj, was_created = DispatchRule.objects.get_or_create(
            name=d.name,
            defaults={
                "priority": d.priority,
                "tier": d.tier,
                "keywords": d.keywords,
                "crosses_streets": d.crosses_streets,
                "needs_enforcement": d.needs_enforcement,
            },
        )
        created += was_created
    return created


@transaction.atomic
def load_templates(templates) -> int:
    created = 0
    for level1, name, body in templates:
        _obj, was_created = ReplyTemplate.objects.get_or_create(
            name=name, defaults={"level1": level1, "body": body}
        )
        created += was_created
    return created


def load_all(*, taxonomy, gazetteer, templates, with_model: bool = True) -> str:
    """Load everything (with the default classifier unless `with_model=False`); a one-line summary."""
    parts = [f"{load_categories(taxonomy)} categories", f"{load_gazetteer(gazetteer)} places",
             f"{load_rules()} dispatch rules", f"{load_templates(templates)} reply templates"]
    if with_model:
        parts.append(model_store_default())
    return ", ".join(parts)
