"""State changes of the platform itself: machine clients' API keys (issued once, revoked, ledgered)."""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from zhengwu.core.models import ApiKey
from zhengwu.core.tokens import token_hash
from zhengwu.ledger.services import record

#: `last_used_at` is written at most this often per key (bookkeeping on every API call: not ledgered).
TOUCH_EVERY = timedelta(minutes=1)

_FIELDS = ["name", "scope", "unit", "user", "channel", "prefix", "expires_at", "revoked_at"]


def api_key_issue(*, name: str, scope: str, actor, unit=None, user=None, channel: str = "",
                  expires_at: datetime | None = None) -> tuple[ApiKey, str]:
    """A new key for a machine client: returns the stored record and the key (the only time it is known)."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        obj = ApiKey.objects.create(name=name, scope=scope, unit=unit, user=user, channel=channel,
                                    prefix=key[:8], key_hash=token_hash(key), expires_at=expires_at)
        record(action="core.api_key.issued", obj=obj, actor=actor, unit=unit, after=_content(obj))
    return obj, key


def api_key_revoke(*, key: ApiKey, actor) -> ApiKey:
    """Revoke a key at once (its clients get 401 token_revoked); the record stays for the ledger."""
    with transaction.atomic():
        before = _content(key)
        ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        key.refresh_from_db()
        record(action="core.api_key.revoked", obj=key, actor=actor, unit=key.unit_id, before=before,
               after=_content(key))
    return key


def api_key_used(*, key: ApiKey, now: datetime) -> None:
    """Note that `key` authenticated a request (at most once
    a minute per key, so a busy client costs no write)."""
    if key.last_used_at is None or now - key.last_used_at > TOUCH_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


def _content(key: ApiKey) -> dict:
    return {"id": key.pk, "name": key.name, "scope": key.scope, "unit": key.unit_id, "user": key.user_id,
            "channel": key.channel, "prefix": key.prefix,
            "expires_at": key.expires_at.isoformat() if key.expires_at else None,
            "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None}
