"""Writing the shipped reference data (taxonomy with handling defaults, gazetteer, dispatch rules,
reply templates, the default classifier) — idempotent, keeps administrators' edits."""

from django.db import transaction

from zhengwu.dispatch.models import Category, ClassifierModel, DispatchRule, Place, ReplyTemplate
from zhengwu.dispatch.standard import (
    CATEGORY_DEFAULTS,
    CATEGORY_KEYWORDS,
    DISPATCH_RULE_DEFAULTS,
    TIER_LIMITS,
    Tier,
)
from zhengwu.org.models import Unit


def category_defaults(level1: str, level2: str):
    """The most specific default (level1, level2) else (level1, ""), else district-department tier."""
    specific = [d for d in CATEGORY_DEFAULTS if d.level1 == level1 and d.level2 == level2]
    general = [d for d in CATEGORY_DEFAULTS if d.level1 == level1 and not d.level2]
    return (specific or general or [None])[0]


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
        d = category_defaults(key[0], key[1])
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
            name=d.name, defaults={"priority": d.priority, "tier": d.tier, "keywords": d.keywords,
                                   "crosses_streets": d.crosses_streets, "needs_enforcement": d.needs_enforcement})
        created += was_created
    return created


def load_templates(templates) -> int:
    created = 0
    for level1, name, body in templates:
        _obj, was_created = ReplyTemplate.objects.get_or_create(name=name, defaults={"level1": level1, "body": body})
        created += was_created
    return created


def load_model() -> str:
    """Fit and store the default model once per version (classifier.DEFAULT_VERSION)."""
    from zhengwu.dispatch import classifier
    from zhengwu.dispatch.training import model_store

    if ClassifierModel.objects.filter(version=classifier.DEFAULT_VERSION).exists():
        return "default model present"
    model_store(classifier.default())
    return f"default model {classifier.DEFAULT_VERSION} fitted and stored"


def load_all(*, taxonomy, gazetteer, templates, with_model: bool = True) -> str:
    parts = [f"{load_categories(taxonomy)} categories", f"{load_gazetteer(gazetteer)} places",
             f"{load_rules()} dispatch rules", f"{load_templates(templates)} reply templates"]
    if with_model:
        parts.append(load_model())
    return ", ".join(parts)
