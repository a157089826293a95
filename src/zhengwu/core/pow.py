"""Proof of work (hashcash), asked only of a client past its free rate (core.throttle).

The server issues a signed, expiring challenge — `token` names the form, the difficulty in bits and a
random salt — and the browser (`core/static/core/pow.js`) looks for a `nonce` such that
SHA-256(token + ":" + nonce) begins with that many zero bits: about 2**bits hashes — at the default
16 bits a third of a second on a desktop browser (pow.js hashes ~200,000 a second), a second or two
on a phone — and each bit more doubles it. Checking costs the server one hash and one insert:
a solved challenge is accepted once (`SpentProof`, unique), within `POW_MAX_AGE` seconds, for the form
it was issued for. A browser without JavaScript cannot solve it; the page says when to try again.

    POW_BITS      default 16 — the difficulty just past the free rate
    POW_MAX_BITS  default 22 — each further action past the free rate adds a bit, up to this
    POW_MAX_AGE   default 1800 — seconds a challenge stays valid (time to fill in the form)
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.models import SpentProof

SALT = "zhengwu.pow"
MAX_NONCE_LENGTH = 32


def base_bits() -> int:
    return int(setting("POW_BITS"))


def max_bits() -> int:
    return min(32, max(base_bits(), int(setting("POW_MAX_BITS"))))  # pow.js reads one word


def max_age() -> int:
    return int(setting("POW_MAX_AGE"))


def bits_for(excess: int) -> int:
    """The difficulty for a client `excess` actions past its free rate (1 = the first one past it)."""
    return min(max_bits(), base_bits() + max(0, excess - 1))


@dataclass(frozen=True)
class Challenge:
    token: str
    bits: int
    wait: str = ""  # when the client may act again without one, for pages without JavaScript


class ChallengeRequired(ApplicationError):
    """The action needs a proof of work first; the page shows `challenge` (and keeps what was typed)."""

    def __init__(self, message: str, *, challenge: Challenge):
        super().__init__(message, code="challenge_required", status=429)
        self.challenge = challenge


def issue(form: str, bits: int, *, wait: str = "") -> Challenge:
    token = signing.dumps(
        {"f": form, "b": int(bits), "r": secrets.token_urlsafe(12)}, salt=SALT, compress=False
    )
    return Challenge(token=token, bits=int(bits), wait=wait)


def leading_zero_bits(data: bytes) -> int:
    value = int.from_bytes(data, "big")
    return len(data) * 8 - value.bit_length()


def solve(token: str, bits: int) -> str:
    """The first nonce that satisfies `token` (what pow.js does; for tests and scripted clients)."""
    n = 0
    while leading_zero_bits(hashlib.sha256(f"{token}:{n}".encode()).digest()) < bits:
        n += 1
    return str(n)


def accept(form: str, token: str, nonce: str, *, bits: int) -> bool:
    """True, once, for a valid solution of an unexpired challenge of `form` of at least `bits` bits."""
    if not token or not nonce or len(nonce) > MAX_NONCE_LENGTH or len(token) > 400:
        return False
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.BadSignature:  # also SignatureExpired
        return False
    if not isinstance(payload, dict) or payload.get("f") != form or int(payload.get("b", 0)) < bits:
        return False
    if leading_zero_bits(hashlib.sha256(f"{token}:{nonce}".encode()).digest()) < int(payload["b"]):
        return False
    try:
        with transaction.atomic():
            SpentProof.objects.create(digest=hashlib.sha256(token.encode()).hexdigest(),
                                      expires_at=timezone.now() + timedelta(seconds=max_age()))
    except IntegrityError:  # this challenge was already used
        return False
    return True


def from_request(request) -> tuple[str, str]:
    """(token, nonce) as posted by a form that carries core/_pow.html."""
    return request.POST.get("pow_token", ""), request.POST.get("pow_nonce", "")
