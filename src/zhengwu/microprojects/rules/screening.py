"""Screening of the text: the negative list (附件2), content areas (§一), government investment projects."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules.errors import Violation
from zhengwu.microprojects.standard import (
    Area,
    NegativeItem,
)

# --- Text: the negative list, content areas, government projects --------------------------------


@dataclass(frozen=True)
class NegativeMatch:
    item: NegativeItem
    words: tuple[str, ...]  # the word that matched each group (why it was flagged)
    override: str = ""  # the street's reasons, when it let the proposal go on

    def as_json(self) -> dict:
        return {"item": self.item.no, "responsible": self.item.responsible_text}



_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, without spaces or punctuation: what keywords match."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def _joined(title: str, description: str) -> str:
    # Normalised apart and joined by "|" (which no keyword contains): no match spans title and description.
    return normalise(title) + "|" + normalise(description)


def _hit(words: Iterable[str], text: str) -> str | None:
    return next((w for w in words if w in text), None)


def match_negative_list(title: str, description: str = "") -> tuple[NegativeMatch, ...]:
    """附件2: the items whose keyword groups all occur in title + description (and no exclusion does)."""
    text = _joined(title, description)
    out = []
    for item in std.NEGATIVE_LIST:
        if _hit(item.none_of, text):
            continue
        words = tuple(_hit(group, text) for group in item.all_of)
        if all(words):
            out.append(NegativeMatch(item, words))
    return tuple(out)


def negative_list_violations(matches: Iterable[NegativeMatch]) -> list[Violation]:
    """One violation per match the street has not overridden with reasons."""
    return [
        Violation(
            "negative_list.match",
            _(
                "与负面清单第 %(no)s 项“%(content)s”重叠，应由%(responsible)s承担；须经街道说明理由同意后方可"
                "继续（附件2）"
            )
            % {
                "no": m.item.no,
                "content": _(m.item.content),
                "responsible": _("、").join(str(std.PARTY_LABELS[p]) for p in m.item.responsible),
            },
        )
        for m in matches
        if not m.override.strip()
    ]


def content_areas(title: str, description: str = "") -> tuple[Area, ...]:
    """§一: the content areas the text points to (a safety-hazard project is put first, §五(一))."""
    text = _joined(title, description)
    return tuple(a.area for a in std.AREAS if _hit(a.keywords, text))


@dataclass(frozen=True)
class GovernmentProject:
    """A government investment project, planned or under way (§一: 市区政府在建、拟建的政府投资项目)."""

    name: str
    status: str = "planned"  # planned / ongoing


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text} - {""}


def government_overlaps(title: str, description: str, projects: Iterable[GovernmentProject], *,
                        threshold: float = 0.6) -> tuple[GovernmentProject, ...]:
    """§一: the registered projects whose name mostly (share of its character pairs ≥ threshold) occurs
    in the proposal's text."""
    text = _joined(title, description)
    found = []
    for project in projects:
        pairs = _bigrams(normalise(project.name))
        if pairs and sum(p in text for p in pairs) / len(pairs) >= threshold:
            found.append(project)
    return tuple(found)
