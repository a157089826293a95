"""Issue 12 item 3: the public report form and the case lookup are limited per client and per target.

The attack: one address created 1,117 cases in 15 s through /dispatch/report/; the lookup answered 60
wrong phone numbers for one case number in 3 s and then the right one. Now: a resident's first
reports pass untouched; past the free rate the form needs a proof of work; past the limit it is
refused with 429, nothing is stored and the dispatcher sees an alert; a forged X-Forwarded-For does
not help; a case number takes at most 5 wrong phones an hour from everyone together, and a locked
number answers the same whether it exists or not.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from zhengwu.core import pow
from zhengwu.core.models import ThrottleAlert
from zhengwu.dispatch.models import Event
from zhengwu.ledger.models import Entry

pytestmark = pytest.mark.django_db

FORM = {
    "title": "路灯不亮",
    "text": "鹿丹村小区门口路灯坏了",
    "address": "鹿丹村12栋",
    "phone": "13812345678",
}
ATTACKER = "198.51.100.66"


def report(client, data=FORM, addr=ATTACKER, **extra):
    return client.post(reverse("dispatch:report"), data, REMOTE_ADDR=addr, **extra)


def solved(response) -> dict:
    """The proof-of-work fields of a page that carries a challenge, solved as pow.js would."""
    html = response.content.decode()
    token = re.search(r'name="pow_token" value="([^"]+)" data-pow-bits="(\d+)"', html)
    assert token, "the page carries no challenge"
    return {"pow_token": token.group(1), "pow_nonce": pow.solve(token.group(1), int(token.group(2)))}


@pytest.fixture
def limits(settings):
    settings.DISPATCH_REPORT_LIMITS = {"client_free": ((2, 600),), "client_most": ((4, 3600),),
                                       "all_most": ((50, 600),)}
    settings.DISPATCH_LOOKUP_LIMITS = {"client_free": ((3, 900),), "client_most": ((8, 3600),),
                                       "case_most": ((5, 3600),)}


def test_an_ordinary_resident_never_sees_a_challenge(client, cast, classify_as, limits):
    classify_as("城乡建设", 0.9)
    page = client.get(reverse("dispatch:report"), REMOTE_ADDR="203.0.113.5")
    assert "pow_token" not in page.content.decode()
    assert report(client, addr="203.0.113.5").status_code == 302
    assert (
        "pow_token" not in client.get(reverse("dispatch:report"), REMOTE_ADDR="203.0.113.5").content.decode()
    )


def test_past_the_free_rate_a_report_needs_a_proof_of_work_and_keeps_what_was_typed(client, cast, classify_as,
                                                                                    limits):
    classify_as("城乡建设", 0.9)
    assert report(client).status_code == 302 and report(client).status_code == 302
    page = client.get(reverse("dispatch:report"), REMOTE_ADDR=ATTACKER)
    assert "pow_token" in page.content.decode()  # the form comes with the challenge, solved while typing
    refused = report(client, FORM | {"title": "第三件"})
    html = refused.content.decode()
    assert (
        refused.status_code == 429 and "安全验证" in html and "第三件" in html and 'name="pow_token"' in html
    )
    assert "<noscript>" in html and "分钟后再试" in html  # without JavaScript: when to come back
    assert Event.objects.count() == 2
    proof = solved(refused)
    assert report(client, FORM | proof).status_code == 302 and Event.objects.count() == 3
    again = report(client, FORM | proof)  # a proof is good for one report
    assert again.status_code == 429 and Event.objects.count() == 3


def test_past_the_limit_reports_are_refused_nothing_saved_and_the_dispatcher_alerted(
    client, cast, classify_as, limits
):
    classify_as("城乡建设", 0.9)
    response = None
    for n in range(4):
        response = report(client, FORM | (solved(response) if n >= 2 else {}))
        assert response.status_code == 302, n
        response = client.get(reverse("dispatch:report"), REMOTE_ADDR=ATTACKER)
    assert "pow_token" not in response.content.decode()  # nothing to solve: the limit is reached
    for _attempt in range(3):
        refused = report(client, FORM)
        assert refused.status_code == 429 and "本次反映未保存" in refused.content.decode()
        assert int(refused["Retry-After"]) > 0
    assert Event.objects.count() == 4
    alert = ThrottleAlert.objects.get()
    assert alert.scope == "dispatch.report.client" and alert.refused == 3 and ATTACKER not in alert.label
    assert Entry.objects.filter(action="core.throttle.alert").count() == 1
    dispatcher = Client()
    dispatcher.force_login(cast["dispatcher"])
    triage = dispatcher.get(reverse("dispatch:triage")).content.decode()
    assert 'id="intake-alerts"' in triage and "同一来源提交反映过多" in triage and "拒绝 3 次" in triage
    assert report(client, addr="203.0.113.5").status_code == 302  # another resident is not affected


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, cast, classify_as, limits, settings):
    classify_as("城乡建设", 0.9)
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(2):
        assert report(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code == 302
    assert report(client, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429
    assert Event.objects.count() == 2


def test_behind_a_trusted_proxy_clients_are_told_apart_by_its_entry(
    client, cast, classify_as, limits, settings
):
    classify_as("城乡建设", 0.9)
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(2):  # the client's own (forged) entry on the left changes; the proxy's does not
        assert report(client, addr=proxy, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, {ATTACKER}").status_code == 302
    assert report(client, addr=proxy, HTTP_X_FORWARDED_FOR=f"6.6.6.9, {ATTACKER}").status_code == 429
    assert report(client, addr=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 302


def test_a_flood_from_many_addresses_is_refused_overall_and_alerted(client, cast, classify_as, settings):
    classify_as("城乡建设", 0.9)
    settings.DISPATCH_REPORT_LIMITS = {"all_most": ((3, 600),)}
    for n in range(3):
        assert report(client, addr=f"198.51.100.{n}").status_code == 302
    refused = report(client, addr="198.51.100.200")
    assert refused.status_code == 429 and "网上反映提交量异常" in refused.content.decode()
    assert Event.objects.count() == 3 and ThrottleAlert.objects.get().scope == "dispatch.report.all"


# --- The lookup -------------------------------------------------------------------------------------------


@pytest.fixture
def case(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    report(client, addr="203.0.113.5")
    return Event.objects.get()


def lookup(client, case_no, phone, addr=ATTACKER, **extra):
    return client.post(
        reverse("dispatch:lookup"), {"case_no": case_no, "phone": phone} | extra, REMOTE_ADDR=addr
    )


def test_a_case_number_takes_five_wrong_phones_from_everyone_then_locks(case, limits):
    for n in range(5):  # from five addresses: the per-case count does not care who asks
        assert lookup(Client(), case.case_no, f"1390000000{n}", addr=f"198.51.100.{n}").status_code == 403
    locked = lookup(Client(), case.case_no, "13812345678", addr="198.51.100.50")  # even the right phone waits
    text = locked.content.decode()
    assert locked.status_code == 429 and "查询错误次数过多" in text and case.title not in text
    assert int(locked["Retry-After"]) > 0
    assert ThrottleAlert.objects.get().scope == "dispatch.lookup.case"


def test_a_locked_case_number_does_not_reveal_whether_it_exists(case, limits):
    missing = "LH20990101000000"
    answers = {}
    for number in (case.case_no, missing):
        for n in range(5):
            lookup(Client(), number, f"1390000000{n}", addr=f"198.51.100.{n}")
        answers[number] = lookup(Client(), number, "13900000009", addr="198.51.100.60")
    a, b = answers[case.case_no], answers[missing]
    assert a.status_code == b.status_code == 429
    message = re.compile(r'id="form-error"([^>]*)>([^<]+)<')  # its code and its message
    assert message.search(a.content.decode()).groups() == message.search(b.content.decode()).groups()


def test_a_client_guessing_across_case_numbers_needs_a_proof_then_is_refused(case, limits):
    c = Client()
    for n in range(3):
        assert lookup(c, f"LH2099010100000{n}", "13900000000").status_code == 403
    challenged = lookup(c, "LH20990101000009", "13900000000")
    assert challenged.status_code == 429 and 'name="pow_token"' in challenged.content.decode()
    for n in range(5):  # each further guess costs a proof of work, up to the client's limit (8)
        response = lookup(c, f"LH2099010200000{n}", "13900000000", **solved(challenged))
        assert response.status_code == 403, n
        challenged = response
    assert "pow_token" not in response.content.decode()  # the limit is reached: nothing to solve
    refused = lookup(c, case.case_no, "13812345678")
    assert refused.status_code == 429 and "查询错误次数过多" in refused.content.decode()


def test_the_right_phone_is_never_counted_and_a_proven_session_keeps_its_view(client, case, limits):
    resident = Client()
    for _n in range(10):
        assert lookup(resident, case.case_no, "138-1234-5678", addr="203.0.113.5").status_code == 200
    for n in range(6):
        lookup(Client(), case.case_no, f"1390000000{n}", addr=f"198.51.100.{n}")
    page = resident.get(reverse("dispatch:lookup"), {"case_no": case.case_no}, REMOTE_ADDR="203.0.113.5")
    assert page.status_code == 200 and case.title in page.content.decode()
