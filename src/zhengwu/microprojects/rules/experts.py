"""The expert draw (§四(三)): at random from the category's pool, by field, no conflicts of interest."""

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules.errors import RuleError
from zhengwu.microprojects.standard import (
    Category,
)

# --- Expert draw (§四(三)) -------------------------------------------------------------------------

@dataclass(frozen=True)
class Expert:
    id: str
    pool: Category  # the engineering pool (区住房建设局) or the service pool (区民政局)
    fields: frozenset[str]
    interests: frozenset[str] = (
        frozenset()
    )  # parties the expert is tied to (applicant, implementer, community…)


def draw_experts(
    experts: Iterable[Expert],
    *,
    category: Category | str,
    need: Mapping[str, int],
    seed: int | str,
    parties: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> tuple[Expert, ...]:
    """Draw `need[field]` experts per field from the category's pool at random, never one tied to any of
    `parties` or listed in `exclude` (declared conflicts), never one twice. The same seed and pool give
    the same draw whatever order the pool comes in."""
    category = Category(category)
    if not need or any(not isinstance(n, int) or isinstance(n, bool) or n < 1 for n in need.values()):
        raise RuleError("experts.invalid_need", _("须为每个专业写明要抽取的专家人数（正整数）"))
    parties, exclude = frozenset(parties), frozenset(exclude)
    candidates = sorted((e for e in experts if e.pool == category and e.id not in exclude
                         and not (e.interests & parties)), key=lambda e: e.id)
    rng = random.Random(f"{seed}")
    chosen: list[Expert] = []
    for field_name in sorted(need):
        eligible = [e for e in candidates if field_name in e.fields and e not in chosen]
        if len(eligible) < need[field_name]:
            raise RuleError(
                "experts.not_enough",
                _(
                    "%(pool)s中“%(field)s”专业可抽取的专家只有 %(have)s 人（已排除利害关系人），需要 "
                    "%(need)s 人"
                )
                % {
                    "pool": _(std.EXPERT_POOLS[category].name),
                    "field": field_name,
                    "have": len(eligible),
                    "need": need[field_name],
                },
            )
        chosen += rng.sample(eligible, need[field_name])
    return tuple(chosen)
