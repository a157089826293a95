"""Rules of the 双公示 contact list (pure): what a phone
number may hold, and when a contact is to be confirmed."""

import re
from datetime import datetime, timedelta

_PHONE = re.compile(r"[0-9+\-() ]{5,32}")


def phone_ok(value: str) -> bool:
    """A telephone number as people write it: digits, spaces, +, - and brackets, at least 5 characters."""
    return bool(_PHONE.fullmatch(value)) and sum(ch.isdigit() for ch in value) >= 5


def needs_confirmation(updated_at: datetime, now: datetime, days: int) -> bool:
    """A contact not changed or confirmed for `days` days is to be confirmed (the list is kept current)."""
    return now - updated_at > timedelta(days=days)
