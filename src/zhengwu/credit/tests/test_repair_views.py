"""信用修复 pages: the public form (no account, files checked, no personal data shown),
the refusal naming the day, staff entry, the deciding unit's review, proof files only for the unit — and
the repaired record gone from every public surface (page, JSON, API, search, embed). A natural person's
record shows no ID number on any of them."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhengwu.core.privacy import contains_personal_data
from zhengwu.credit.models import Record, Repair, RepairProof
from zhengwu.credit.services import search_index
from zhengwu.credit.tests.factories import RIC
from zhengwu.credit.tests.test_public import ADDRESS, PERSON, PHONE, _person_penalty
from zhengwu.credit.tests.test_repair import PDF
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.testing import hostile_files as hostile

pytestmark = pytest.mark.django_db


def person_record(units, *, repairable_in_days=-1) -> Record:
    today = timezone.localdate()
    row = _person_penalty(CF_XH="REP-P")
    record = make_record(
        units["QCGJ"],
        key="REP-P",
        data=row,
        subject_name=PERSON,
        is_natural_person=True,
        uscc="",
        decision_no=row["CF_WSH"],
        state="published",
        severity="general",
        public_until=today + timedelta(days=200),
        repairable_from=today + timedelta(days=repairable_in_days),
        published_at=timezone.now(),
    )
    search_index.index_records([record])
    return record


def post_application(client, record, **over):
    data = {"applicant": "张三明的代理人", "contact": PHONE, "fulfilled": "罚款已缴纳", "commitment": "on",
            "proofs": SimpleUploadedFile("缴款凭证.pdf", PDF, "application/pdf")}
    data.update(over)
    return client.post(reverse("credit:public_repair", args=[record.pk]), data)


def public_surfaces(client, record) -> dict[str, str]:
    """Every public surface that could show the record, as text."""
    urls = {
        "page": reverse("credit:public_detail", args=[record.pk]),
        "json": reverse("credit:public_detail_json", args=[record.pk]),
        "api": reverse("credit:api_public_detail", args=[record.pk]),
        "search": reverse("credit:public_search") + f"?decision_no={record.decision_no}",
        "search_json": reverse("credit:public_search_json") + f"?decision_no={record.decision_no}",
        "name_search": reverse("credit:public_search_json") + "?name=张*明",
        "embed": reverse("credit:public_embed", args=[record.unit.code]),
        "embed_json": reverse("credit:public_embed_json", args=[record.unit.code]),
        "repair_form": reverse("credit:public_repair", args=[record.pk]),
    }
    out = {}
    for name, url in urls.items():
        r = client.get(url)
        out[name] = f"{r.status_code} " + r.content.decode()
    return out


def test_a_natural_persons_record_shows_no_id_number_on_any_public_surface(units):
    record = person_record(units)
    shown = public_surfaces(Client(), record)
    for name, text in shown.items():
        assert text.startswith("200"), name
        for secret in (PERSON, RIC, RIC[:6] + RIC[6:14], PHONE, ADDRESS):
            assert secret not in text, (name, secret)
        assert contains_personal_data(text) == [], name
    assert f"/credit/public/records/{record.pk}/repair/" in shown["page"]  # the way to apply
    for name in ("search", "search_json", "name_search", "embed", "embed_json"):  # listed while public
        assert f"/credit/public/records/{record.pk}/" in shown[name], name
        assert f'"id": {record.pk},' in shown[name] or not name.endswith("json"), name


def test_public_application_then_staff_approval_removes_the_record_everywhere(units, make_user):
    record = person_record(units)
    client = Client()
    r = post_application(client, record)
    assert r.status_code == 200 and "repair-done" in r.content.decode()
    repair = Repair.objects.get(record=record)
    assert repair.channel == Repair.Channel.PUBLIC and repair.proofs.count() == 1
    assert PHONE not in r.content.decode()

    reviewer = make_user("QCGJ", Role.REVIEWER)
    staff = Client()
    staff.force_login(reviewer)
    page = staff.get(reverse("credit:repair_detail", args=[repair.pk])).content.decode()
    assert "repair-decide" in page and PHONE in page  # the unit sees the contact
    proof = repair.proofs.get()
    served = staff.get(reverse("credit:repair_proof", args=[proof.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF-")
    outsider = Client()
    outsider.force_login(make_user("QWGB", Role.REVIEWER))
    assert outsider.get(reverse("credit:repair_proof", args=[proof.pk])).status_code == 404
    assert outsider.get(reverse("credit:repair_detail", args=[repair.pk])).status_code == 404

    r = staff.post(reverse("credit:repair_detail", args=[repair.pk]), {"approve": "1", "note": "核实"})
    assert r.status_code == 302
    shown = public_surfaces(Client(), record)
    for name in ("page", "json", "api", "repair_form"):
        assert shown[name].startswith("404"), name
    for name in ("search", "search_json", "name_search", "embed", "embed_json"):
        assert shown[name].startswith("200") and f"/credit/public/records/{record.pk}/" not in shown[name], (
            name
        )
        assert f'"id": {record.pk},' not in shown[name], name
    assert json.loads(shown["search_json"].split(" ", 1)[1])["records"] == []
    assert Entry.objects.filter(action="credit.repair.approved", object_id=str(record.pk)).exists()


def test_too_early_shows_the_day_it_becomes_possible(units):
    record = person_record(units, repairable_in_days=10)
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    page = Client().get(reverse("credit:public_repair", args=[record.pk])).content.decode()
    assert day in page and "repair-refusal" in page
    r = post_application(Client(), record)
    assert r.status_code == 400 and day in r.content.decode()
    assert not Repair.objects.exists()


def test_hostile_input_is_refused_with_a_message_never_a_500(units):
    record = person_record(units)
    html = SimpleUploadedFile("凭证.pdf", b"<svg onload=alert(1)>", "application/pdf")
    for over in ({"proofs": html}, {"applicant": "x" * 500}, {"commitment": ""}, {"fulfilled": ""}):
        r = post_application(Client(), record, **over)
        assert r.status_code == 400, over
        assert "error" in r.content.decode()
    assert not Repair.objects.exists()
    assert Client().get(reverse("credit:public_repair", args=[999999])).status_code == 404


def test_staff_enter_an_application_at_the_counter(units, make_user):
    record = person_record(units)
    clerk = Client()
    clerk.force_login(make_user("QCGJ", Role.OPERATOR))
    assert "repair-enter" in clerk.get(reverse("credit:record_detail", args=[record.pk])).content.decode()
    r = clerk.post(reverse("credit:repair_new", args=[record.pk]), {
        "applicant": "当事人", "contact": "0755-1", "fulfilled": "已整改", "commitment": "on",
        "proofs": SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    assert r.status_code == 200 and "repair-done" in r.content.decode()
    repair = Repair.objects.get(record=record)
    assert repair.channel == Repair.Channel.STAFF
    assert "repair-list" in clerk.get(reverse("credit:repairs")).content.decode()


@pytest.mark.parametrize(("name", "content", "declared"), list(hostile.cases()),
                         ids=[f"{n}-as-{d}" for n, _c, d in hostile.cases()])
def test_each_hostile_proof_file_is_refused_or_defanged(units, name, content, declared):
    """The public repair form is an upload point (tests/test_upload_points.py): a web page, script or
    polyglot sent as proof is refused with a message; a real image keeps only its re-encoded pixels."""
    record = person_record(units)
    r = post_application(Client(), record, proofs=SimpleUploadedFile(name, content, declared))
    assert r.status_code < 500
    if r.status_code == 400:
        assert "error" in r.content.decode() and not Repair.objects.exists()
        return
    assert name in hostile.DECODABLE, (name, r.status_code)
    for proof in RepairProof.objects.all():
        with proof.file.open("rb") as fh:
            assert not hostile.has_script(fh.read())
