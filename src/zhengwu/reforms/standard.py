"""The seed's tables for 改革督查, as data (pure: no ORM, no request).

Every number, deadline and list of the seed document lives here once, citing its section; rules,
models, templates, exports and docs read it from here.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    """The life of an item; `rules.TRANSITIONS` says which step may follow which."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    DONE = "done"


STATE_NAMES = {State.DRAFT: "草稿", State.SUBMITTED: "已提交", State.DONE: "已办结"}


@dataclass(frozen=True)
class Limit:
    name: str
    value: int
    source: str  # the seed's section


TITLE_MAX = Limit("title_max", 200, "—")
