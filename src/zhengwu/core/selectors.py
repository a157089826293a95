"""Reads of the platform's own records (machine clients' API keys)."""

from zhengwu.core.models import ApiKey
from zhengwu.core.tokens import token_hash


def api_key_for(secret: str) -> ApiKey | None:
    """The key whose secret this is (revoked and expired ones too: the caller says which), or None."""
    return ApiKey.objects.select_related("unit", "user").filter(key_hash=token_hash(secret)).first()
