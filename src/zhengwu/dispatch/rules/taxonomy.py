"""The classification standard (item 32) as rules over plain values: which handling defaults a class
has, and which leaf of a predicted first-level class fits a message best."""

from zhengwu.dispatch.standard import CATEGORY_DEFAULTS, CategoryDefault


def category_defaults(level1: str, level2: str) -> CategoryDefault | None:
    """The most specific default (level1, level2), else (level1, ""), else None (a district department)."""
    specific = [d for d in CATEGORY_DEFAULTS if d.level1 == level1 and d.level2 == level2]
    general = [d for d in CATEGORY_DEFAULTS if d.level1 == level1 and not d.level2]
    return (specific or general or [None])[0]


def leaf_score(leaf, text: str) -> int:
    """How well a leaf (anything with `keywords`, `level2`, `level3`) matches the text: each keyword
    found counts 2, the level-3 and level-2 names 1 each ("其他" never counts)."""
    words = [(w, 2) for w in (leaf.keywords or "").split("|") if w] + [(leaf.level3, 1), (leaf.level2, 1)]
    return sum(weight for w, weight in words if w and w != "其他" and w in text)


def pick_category(categories: list, text: str):
    """The leaf of one first-level class that best matches the text; with no hit, the class's "其他"
    leaf (else its first); None for no leaves."""
    if not categories:
        return None
    best = max(categories, key=lambda c: leaf_score(c, text))
    if leaf_score(best, text) == 0:
        return next((c for c in categories if c.level2 == "其他"), categories[0])
    return best
