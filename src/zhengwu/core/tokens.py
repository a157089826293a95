"""API tokens for machine clients: issued once in clear, stored only as their SHA-256."""

import hashlib
import secrets


def new_token() -> str:
    """A fresh random token (shown to the client once, never stored)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps: the token's SHA-256 in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
