"""The shared throttle of the public forms (core.throttle) and its proof of work (core.pow): who the
client is (a forged X-Forwarded-For buys nothing), sliding windows counted in the database, refusals
alerted once per source and window, and challenges that are signed, expiring, bound to their form and
accepted once."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import RequestFactory
from django.utils import timezone

from zhengwu.core import pow, throttle
from zhengwu.core.models import SpentProof, ThrottleAlert, ThrottleHit
from zhengwu.core.throttle import Check, Rate
from zhengwu.ledger.models import Entry


def request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- Who is asking ------------------------------------------------------------------------------------


def test_without_trusted_proxies_a_forged_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert throttle.client_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (1, "10.9.9.9, 198.51.100.7", "198.51.100.7"),  # the client wrote 10.9.9.9; the proxy appended the rest
    (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
    (2, "198.51.100.7", "192.0.2.1"),  # fewer entries than proxies: not through them — the peer itself
    (1, "not an address", "not an address"),
])
def test_behind_trusted_proxies_the_outermost_proxys_entry_is_the_client(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert throttle.client_address(request("192.0.2.1", forwarded)) == expected


def test_ipv6_clients_are_counted_per_64_and_mapped_ipv4_as_ipv4():
    a = throttle.client_key(request("2001:db8:1:2::1"))
    assert a == throttle.client_key(request("2001:db8:1:2:ffff::9")) == "2001:db8:1:2::/64"
    assert throttle.client_key(request("2001:db8:1:3::1")) != a
    assert throttle.client_key(request("::ffff:203.0.113.9")) == "203.0.113.9"


def test_login_throttling_counts_the_same_client(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 0
    assert get_client_ip_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(request("10.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    assert get_client_ip_address(request("10.0.0.1", "not an address")) is None  # axes stores an inet
    no_address = RequestFactory().get("/")
    del no_address.META["REMOTE_ADDR"]
    assert get_client_ip_address(no_address) is None and throttle.client_address(no_address) == "unknown"


@pytest.mark.django_db
def test_a_login_without_an_address_is_recorded_on_postgresql_too(client, make_user):
    client.force_login(make_user("QFGJ", "admin"))  # a request without REMOTE_ADDR: axes records None


def test_digests_hide_the_address_and_differ_by_scope():
    d = throttle.digest("a", "203.0.113.9")
    assert "203" not in d and len(d) == 64 and d != throttle.digest("b", "203.0.113.9")


# --- How often ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sliding_windows_refuse_at_the_limit_and_say_when_to_come_back():
    now = timezone.now()
    check = Check("t.form", "c1", most=((2, 600), (4, 3600)))
    throttle.hit([check], now=now - timedelta(seconds=900))  # outside the 10-minute window
    throttle.hit([check], now=now - timedelta(seconds=300))
    assert throttle.judge([check], now=now).refused is None
    throttle.hit([check], now=now - timedelta(seconds=60))
    verdict = throttle.judge([check], now=now)
    assert verdict.refused == (check, Rate(2, 600)) and 290 <= verdict.retry_after <= 301
    assert throttle.judge([Check("t.form", "c2", most=((2, 600),))], now=now).refused is None  # another key
    later = now + timedelta(seconds=301)  # the hit of 300 s ago has left the 10-minute window
    assert throttle.judge([check], now=later).refused is None
    throttle.hit([check], now=later)
    verdict = throttle.judge([check], now=later)  # 4 in the hour: wait for the oldest to leave it
    assert verdict.refused == (check, Rate(4, 3600)) and 2390 <= verdict.retry_after <= 2400


@pytest.mark.django_db
def test_past_the_free_rate_a_proof_of_work_is_due_and_grows_harder():
    now = timezone.now()
    check = Check("t.form", "c1", free=((2, 600),), most=((10, 600),))
    throttle.hit([check, check], now=now)
    assert throttle.judge([check], now=now).excess == 1 and pow.bits_for(1) == pow.base_bits()
    throttle.hit([check, check], now=now)
    assert throttle.judge([check], now=now).excess == 3 and pow.bits_for(3) == pow.base_bits() + 2


@pytest.mark.django_db
def test_a_refusal_alerts_once_per_source_and_window_with_one_ledger_entry():
    check = Check("t.form", "c1", most=((1, 600),), label="#abc")
    throttle.hit([check])
    for _attempt in range(3):
        with pytest.raises(throttle.Throttled) as exc:
            throttle.guard([check], form="t.form", refused_message=lambda c, wait: f"wait {wait}")
        assert exc.value.status == 429 and exc.value.retry_after > 0 and "分钟" in exc.value.message
    alert = ThrottleAlert.objects.get()
    assert (alert.scope, alert.label, alert.limit, alert.seconds, alert.refused) == (
        "t.form",
        "#abc",
        1,
        600,
        3,
    )
    assert Entry.objects.filter(action="core.throttle.alert").count() == 1
    assert (
        list(throttle.alerts(scope_prefix="t.")) == [alert]
        and not throttle.alerts(scope_prefix="x.").exists()
    )


@pytest.mark.django_db
def test_prune_keeps_what_a_window_can_still_see():
    now = timezone.now()
    throttle.hit([Check("t", "old")], now=now - throttle.KEEP - timedelta(minutes=1))
    throttle.hit([Check("t", "new")], now=now - timedelta(hours=1))
    SpentProof.objects.create(digest="x" * 64, expires_at=now - timedelta(seconds=1))
    assert throttle.prune(now=now) == 2
    assert ThrottleHit.objects.count() == 1 and not SpentProof.objects.exists()


def test_bad_rate_declarations_fail_loudly():
    with pytest.raises(ValueError):
        throttle.rates(((5, 10 * 86400),))  # longer than the counts are kept


# --- Proof of work ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_solved_challenge_is_accepted_once_for_its_form():
    challenge = pow.issue("t.form", 8)
    nonce = pow.solve(challenge.token, 8)
    assert not pow.accept("other.form", challenge.token, nonce, bits=8)  # bound to its form
    assert not pow.accept("t.form", challenge.token, nonce, bits=9)  # weaker than now needed
    assert pow.accept("t.form", challenge.token, nonce, bits=8)
    assert not pow.accept("t.form", challenge.token, nonce, bits=8)  # replayed


@pytest.mark.django_db
def test_wrong_forged_and_expired_proofs_are_refused(settings):
    challenge = pow.issue("t.form", 8)
    nonce = pow.solve(challenge.token, 8)
    wrong = next(str(n) for n in range(1000) if not pow.leading_zero_bits(
        pow.hashlib.sha256(f"{challenge.token}:{n}".encode()).digest()) >= 8)
    assert not pow.accept("t.form", challenge.token, wrong, bits=8)
    forged = signing.dumps({"f": "t.form", "b": 0, "r": "x"}, salt="another", compress=False)
    assert not pow.accept("t.form", forged, "0", bits=0)
    assert not pow.accept("t.form", challenge.token, "9" * 40, bits=8)  # absurd nonce
    settings.POW_MAX_AGE = -1
    assert not pow.accept("t.form", challenge.token, nonce, bits=8)
