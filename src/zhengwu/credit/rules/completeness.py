"""Is a stored record complete enough to leave its unit? The standard's required fields (plain, conditional
and 无-when-absent) must hold a value before a record is submitted to the confidentiality review.

An imported record passed the whole validation on its way in; a record made another way — a penalty draft
from 双随机 (services.drafts), which leaves the decision's own fields to its unit — is checked here, so
that nothing incomplete can reach the public by the workflow."""

from zhengwu.credit.standard import Field, Standard, When

_SEPARATORS = ("、", "；", ";")


def _values(value) -> set[str]:
    text = str(value or "").strip()
    for sep in _SEPARATORS[1:]:
        text = text.replace(sep, _SEPARATORS[0])
    return {part.strip() for part in text.split(_SEPARATORS[0]) if part.strip()}


def _holds(when: When | None, data: dict) -> bool:
    return when is not None and bool(_values(data.get(when.field)) & set(when.values))


def needed(f: Field, data: dict) -> bool:
    """Whether field `f` must hold a value in this record's data."""
    return f.required or f.none_when_absent or _holds(f.required_when, data)


def missing(std: Standard, data: dict) -> list[Field]:
    """The fields the record must fill and has left blank, in the standard's order."""
    return [f for f in std.fields if needed(f, data) and not str(data.get(f.code) or "").strip()]
