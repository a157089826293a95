"""One throttle for every public form: who is asking, how often, and what happens beyond the limit.

    checks = [Check("dispatch.report.client",
    throttle.client_key(request), free=((3, 600),), most=((10, 3600),)),
              Check("dispatch.report.all", "*", most=((300, 600),))]
    verdict = throttle.judge(checks)          # refused (429 + alert) / a proof of work is due / free
    ...                                       # the action itself
    throttle.hit(checks)                      # count it, in the action's transaction

- **Who**: `client_address` is REMOTE_ADDR, or — behind `TRUSTED_PROXY_COUNT` reverse proxies — the
  address the outermost trusted proxy wrote into X-Forwarded-For. Entries further left were written by
  the client and are never read, so a forged header buys nothing. IPv6 clients are counted per /64
  (one subscriber's allocation) since a host can rotate through its addresses at will.
- **How often**: one `ThrottleHit` row per counted action, counted over sliding windows in the
  database, so every application process and host sees the same numbers. Keys are keyed digests:
  neither addresses nor case numbers are stored. `prune` (a daily periodic job) deletes old rows.
- **Beyond the limit**: past a `free` rate the client must solve a proof of work (`core.pow`); past a
  `most` rate the action is refused with 429 and `alert` records it once per source and window
  (`ThrottleAlert`, with a ledger entry) for the staff who watch that form.

Counts are read before an action and written with it, so requests racing at the very edge of a limit
may pass it by as many as raced: a throttle, not a quota (the idempotency of intake is the database's
job, see dispatch.services).
"""

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import pow
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.models import SpentProof, ThrottleAlert, ThrottleHit
from zhengwu.ledger.services import PUBLIC
from zhengwu.ledger.services import record as ledger_record

#: How long hits are kept by `prune` (the longest window any rate may use).
KEEP = timedelta(days=2)


@dataclass(frozen=True)
class Rate:
    limit: int  # actions allowed in any window of `seconds`
    seconds: int

    @property
    def window(self) -> timedelta:
        return timedelta(seconds=self.seconds)


def rates(raw) -> tuple[Rate, ...]:
    """((limit, seconds), ...) from settings → Rates; a bad declaration fails loudly at first use."""
    out = tuple(Rate(int(n), int(s)) for n, s in raw or ())
    if any(r.limit < 0 or not 0 < r.seconds <= KEEP.total_seconds() for r in out):
        raise ValueError(
            f"throttle rates must be (limit >= 0, 0 < seconds <= {int(KEEP.total_seconds())}): {raw!r}"
        )
    return out


@dataclass(frozen=True)
class Check:
    """One counter: `scope` names what is counted, `key` whose (a client key, a case number, "*" for all)."""

    scope: str
    key: str
    free: tuple = ()  # ((limit, seconds), ...): beyond any of them a proof of work is asked
    most: tuple = ()  # beyond any of them the action is refused (429) and staff are alerted
    label: str = ""  # what staff see in the alert (never an address)

    @property
    def digest(self) -> str:
        return digest(self.scope, self.key)


@dataclass
class Verdict:
    refused: tuple[Check, Rate] | None = None
    retry_after: int = 0  # seconds until the refusing rate admits one more
    excess: int = 0  # how far past its free rate the busiest check is (0: no proof of work needed)
    free_after: int = 0  # seconds until no proof of work is needed any more
    counts: dict = field(default_factory=dict)


class Throttled(ApplicationError):
    """Refused: too many actions. `retry_after` (seconds) goes into the Retry-After header."""

    def __init__(self, message: str, *, retry_after: int, field: str | None = None):
        super().__init__(message, code="rate_limited", status=429, field=field)
        self.retry_after = max(1, int(retry_after))


def wait_text(seconds: int) -> str:
    """'3 分钟' / '2 小时' — a rounded-up wait for messages."""
    minutes = max(1, -(-int(seconds) // 60))
    if minutes < 120:
        return _("%(n)s 分钟") % {"n": minutes}
    return _("%(n)s 小时") % {"n": -(-minutes // 60)}


# --- Who is asking ----------------------------------------------------------------------------------


def trusted_proxy_count() -> int:
    return max(0, int(setting("TRUSTED_PROXY_COUNT") or 0))


def client_address(request) -> str:
    """The client's IP address: REMOTE_ADDR, or the one the outermost of `TRUSTED_PROXY_COUNT` proxies saw.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so with N
    of them the N-th entry from the right is the client; anything left of it came from the client
    itself. Anything that is not an address is returned as it is (cut to 64 characters), or "unknown"."""
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    proxies = trusted_proxy_count()
    if proxies:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(chain) >= proxies:
            remote = chain[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return remote[:64] or "unknown"


def axes_client_ip(request) -> str | None:
    """`client_address` for django-axes (AXES_CLIENT_IP_CALLABLE), so that login throttling counts the
    same clients: an IP address, or None (axes stores it in an address column)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_key(request) -> str:
    """The address to count a client by: IPv4 as is, IPv6 by its /64 network."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:  # ::ffff:203.0.113.9 is the IPv4 client 203.0.113.9
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def digest(scope: str, value: str) -> str:
    """A keyed digest: enough to count by, useless to recover an address or a case number from."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"throttle:{scope}:{value}".encode(), hashlib.sha256
    ).hexdigest()


# --- How often --------------------------------------------------------------------------------------


def _counts(check: Check, now: datetime) -> dict[int, int]:
    """{window seconds: hits of this check in that window} for each window it declares, in one query."""
    windows = sorted({r.seconds for r in rates(check.free) + rates(check.most)})
    if not windows:
        return {}
    since = {s: now - timedelta(seconds=s) for s in windows}
    row = ThrottleHit.objects.filter(
        scope=check.scope, key=check.digest, at__gte=since[windows[-1]]
    ).aggregate(**{f"w{s}": Count("id", filter=Q(at__gte=since[s])) for s in windows})
    return {s: row[f"w{s}"] for s in windows}


def _retry_after(check: Check, rate: Rate, count: int, now: datetime) -> int:
    """Seconds until `rate` admits one more: when the hit that must leave the window leaves it."""
    leaving = (ThrottleHit.objects.filter(scope=check.scope, key=check.digest, at__gte=now - rate.window)
               .order_by("at").values_list("at", flat=True)[max(0, count - rate.limit):][:1])
    first = next(iter(leaving), now)
    return max(1, int((first + rate.window - now).total_seconds()) + 1)


def judge(checks: list[Check], *, now: datetime | None = None) -> Verdict:
    """What the next action of these checks may do: be refused, need a proof of work, or go ahead."""
    now = now or timezone.now()
    verdict = Verdict()
    for check in checks:
        counts = _counts(check, now)
        verdict.counts[check.scope] = counts
        for rate in rates(check.most):
            if counts[rate.seconds] >= rate.limit:
                wait = _retry_after(check, rate, counts[rate.seconds], now)
                if verdict.refused is None or wait > verdict.retry_after:
                    verdict.refused, verdict.retry_after = (check, rate), wait
        for rate in rates(check.free):
            over = counts[rate.seconds] - rate.limit + 1
            if over > 0:
                verdict.excess = max(verdict.excess, over)
                verdict.free_after = max(
                    verdict.free_after, _retry_after(check, rate, counts[rate.seconds], now)
                )
    return verdict


def hit(checks: list[Check], *, now: datetime | None = None) -> None:
    """Count one action against each check (call it inside the action's transaction)."""
    now = now or timezone.now()
    ThrottleHit.objects.bulk_create([ThrottleHit(scope=c.scope, key=c.digest, at=now) for c in checks])


def prune(*, now: datetime | None = None) -> int:
    """Delete hits older than any window and spent proofs past their validity; returns rows deleted."""
    now = now or timezone.now()
    hits, _d = ThrottleHit.objects.filter(at__lt=now - KEEP).delete()
    proofs, _d = SpentProof.objects.filter(expires_at__lt=now).delete()
    return hits + proofs


# --- Beyond the limit -------------------------------------------------------------------------------


def alert(check: Check, rate: Rate, *, now: datetime | None = None):
    """Record a refusal for staff: one ThrottleAlert (and one ledger entry) per source and window,
    then only its count and last time change — a flood cannot flood the ledger too."""
    now = now or timezone.now()
    with transaction.atomic():
        current = (ThrottleAlert.objects.select_for_update()
                   .filter(scope=check.scope, key=check.digest, last_at__gte=now - rate.window)
                   .order_by("-last_at").first())
        if current is not None:
            ThrottleAlert.objects.filter(pk=current.pk).update(refused=F("refused") + 1, last_at=now)
            return current
        created = ThrottleAlert.objects.create(
            scope=check.scope,
            key=check.digest,
            label=check.label[:64],
            limit=rate.limit,
            seconds=rate.seconds,
            first_at=now,
            last_at=now,
        )
        ledger_record(action="core.throttle.alert", obj=created, actor=PUBLIC, after={
            "scope": check.scope, "label": created.label, "limit": rate.limit, "seconds": rate.seconds})
        return created


def alerts(*, scope_prefix: str, since: datetime | None = None):
    """Recent alerts of one form or system (newest first), for the staff page that watches it."""
    since = since or timezone.now() - timedelta(days=1)
    return ThrottleAlert.objects.filter(scope__startswith=scope_prefix, last_at__gte=since).order_by(
        "-last_at"
    )


def guard(checks: list[Check], *, form: str, refused_message, proof: tuple[str, str] = ("", ""),
          now: datetime | None = None) -> Verdict:
    """Let the action go ahead, or raise: `Throttled` (after `alert`) past a `most` rate, or
    `pow.ChallengeRequired` past a `free` rate when `proof` (token, nonce) does not solve a challenge.

    `refused_message(check, wait_text)` words the refusal for the check that refused."""
    verdict = judge(checks, now=now)
    if verdict.refused is not None:
        check, rate = verdict.refused
        alert(check, rate, now=now)
        raise Throttled(
            refused_message(check, wait_text(verdict.retry_after)), retry_after=verdict.retry_after
        )
    if verdict.excess:
        bits = pow.bits_for(verdict.excess)
        if not pow.accept(form, *proof, bits=bits):
            wait = wait_text(verdict.free_after)
            raise pow.ChallengeRequired(
                _("为防止自动批量提交，本次提交需要浏览器完成一次安全验证（约需几秒）。验证完成后会自动提交；"
                  "如果浏览器未启用 JavaScript，请在 %(wait)s后再试。") % {"wait": wait},
                challenge=pow.issue(form, bits, wait=wait))
    return verdict


def challenge_for(checks: list[Check], *, form: str, now: datetime | None = None):
    """The challenge to put in a freshly shown form when its client is already past a free rate, else None
    (so that the browser can solve it while the person types)."""
    verdict = judge(checks, now=now)
    if verdict.refused is None and verdict.excess:
        return pow.issue(form, pow.bits_for(verdict.excess), wait=wait_text(verdict.free_after))
    return None
