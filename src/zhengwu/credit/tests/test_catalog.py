"""Item catalog: unpublishable items name their legal basis, field codes are the standard's, the
submission to 区发改局 carries the seed's due date (2016-02-23, configurable), the lead unit decides."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import CatalogItem, CatalogSubmission
from zhengwu.credit.services import catalog
from zhengwu.credit.tests.factories import raises_code
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role


@pytest.mark.django_db
def test_unpublishable_item_needs_its_legal_basis(units, make_user):
    op = make_user("QCGJ", Role.OPERATOR)
    with raises_code("legal_basis_required", ApplicationError) as exc:
        catalog.catalog_item_save(
            unit=units["QCGJ"], kind="penalty", code="SX-1", name="涉密", publishable=False, actor=op
        )
    assert exc.value.field == "legal_basis" and not CatalogItem.objects.exists()
    item = catalog.catalog_item_save(
        unit=units["QCGJ"],
        kind="penalty",
        code="SX-1",
        name="涉密",
        publishable=False,
        legal_basis="《保守国家秘密法》第九条",
        power_ref="QCGJ-CF-1",
        actor=op,
    )
    assert (item.publishable, item.legal_basis, item.power_ref) == (
        False,
        "《保守国家秘密法》第九条",
        "QCGJ-CF-1",
    )
    assert (
        Entry.objects.get(action="credit.catalog.item_saved").after["legal_basis"]
        == "《保守国家秘密法》第九条"
    )


@pytest.mark.django_db
def test_database_enforces_the_legal_basis_too(units):
    with pytest.raises(IntegrityError):
        CatalogItem.objects.create(unit=units["QCGJ"], kind="penalty", code="X", name="x", publishable=False)


@pytest.mark.django_db
def test_publishable_fields_are_standard_field_codes(units, make_user):
    op = make_user("QCGJ", Role.OPERATOR)
    with raises_code("unknown_field", ApplicationError) as exc:  # XK_WSH is not a penalty field
        catalog.catalog_item_save(unit=units["QCGJ"], kind="penalty", code="SX-2", name="占道", actor=op,
                                  publishable_fields=["CF_WSH", "XK_WSH"])
    assert exc.value.field == "publishable_fields" and "XK_WSH" in exc.value.message  # names the wrong code
    item = catalog.catalog_item_save(unit=units["QCGJ"], kind="penalty", code="SX-2", name="占道", actor=op,
                                     publishable_fields=["CF_WSH", " CF_XDR_MC "])
    assert item.publishable_fields == ["CF_WSH", "CF_XDR_MC"]


@pytest.mark.django_db
def test_another_units_staff_cannot_edit_the_catalog(units, make_user):
    with pytest.raises(PermissionDenied):
        catalog.catalog_item_save(unit=units["QCGJ"], kind="penalty", code="S", name="n",
                                  actor=make_user("QFGJ", Role.OPERATOR))


@pytest.mark.django_db
def test_submission_to_the_lead_unit_with_the_seeds_due_date(units, make_user):
    op = make_user("QCGJ", Role.OPERATOR)
    with raises_code("empty_catalog", ApplicationError):
        catalog.catalog_submit(unit=units["QCGJ"], actor=op)
    catalog.catalog_item_save(unit=units["QCGJ"], kind="penalty", code="SX-1", name="占道", actor=op)
    sub = catalog.catalog_submit(unit=units["QCGJ"], actor=op)
    assert (sub.round, sub.due_on, sub.items, sub.status) == ("2016", date(2016, 2, 23), 1, "submitted")
    assert sub.on_time is False  # submitted today, long after 2016-02-23
    with raises_code("already_submitted", ApplicationError):
        catalog.catalog_submit(unit=units["QCGJ"], actor=op)
    with pytest.raises(PermissionDenied):  # only the lead unit decides
        catalog.catalog_decide(sub, accept=True, actor=make_user("QCGJ", Role.LEADER))
    lead = make_user("QFGJ", Role.LEADER)
    with raises_code("comment_required", ApplicationError):
        catalog.catalog_decide(sub, accept=False, actor=lead)
    catalog.catalog_decide(sub, accept=False, comment="缺少许可事项", actor=lead)
    assert CatalogSubmission.objects.get().status == "returned"
    sub = catalog.catalog_submit(unit=units["QCGJ"], actor=op)  # again after a return
    catalog.catalog_decide(sub, accept=True, actor=lead)
    assert CatalogSubmission.objects.get().status == "accepted"
    assert Entry.objects.filter(action="credit.catalog.submitted").count() == 2


@pytest.mark.django_db
def test_round_and_due_date_are_configuration(units, make_user, settings):
    settings.CREDIT_CATALOG_ROUND = ("2027", "2027-03-01")
    op = make_user("QCGJ", Role.OPERATOR)
    catalog.catalog_item_save(unit=units["QCGJ"], kind="penalty", code="SX-1", name="占道", actor=op)
    sub = catalog.catalog_submit(unit=units["QCGJ"], actor=op)
    assert (sub.round, sub.due_on, sub.on_time) == ("2027", date(2027, 3, 1), True)


@pytest.mark.django_db
def test_catalog_page_lead_unit_sees_all_submissions(client, units, make_user):
    op = make_user("QCGJ", Role.OPERATOR)
    client.force_login(op)
    client.post("/credit/catalog/items/", {"unit": units["QCGJ"].pk, "kind": "penalty", "code": "SX-7",
                                           "name": "占道经营处罚", "publishable": "1"})
    client.post("/credit/catalog/submit/", {"unit": units["QCGJ"].pk})
    sub = CatalogSubmission.objects.get()
    assert client.post("/credit/catalog/items/", {"unit": units["QFGJ"].pk, "kind": "penalty", "code": "Z",
                                                  "name": "z", "publishable": "1"}).status_code == 403
    client.force_login(make_user("QFGJ", Role.LEADER))
    assert "区城管局" in client.get("/credit/catalog/").content.decode()
    client.post(f"/credit/catalog/submissions/{sub.pk}/decide/", {"accept": "1"})
    assert CatalogSubmission.objects.get().status == "accepted"
