"""credit's system checks: each stable id fires on its broken setting and stays silent on the defaults."""

import pytest
from django.apps import apps
from django.core import checks
from django.test import override_settings

pytestmark = pytest.mark.django_db  # the model checks that run beside ours ask the connection


def _ids() -> set[str]:
    """The ids credit's registered checks report (none of them reads the database)."""
    return {m.id for m in checks.run_checks(app_configs=[apps.get_app_config("credit")])
            if m.id and m.id.startswith("credit.")}


def test_the_defaults_pass_every_credit_check():
    assert _ids() == set()


@pytest.mark.parametrize(
    ("name", "value", "check_id"),
    [
        ("CREDIT_LEAD_UNIT", "NOPE", "credit.E002"),
        (
            "CREDIT_PUBLICITY_POLICY",
            {"general": {"publish": True, "min_months": 12, "max_months": 3}},
            "credit.E003",
        ),
        ("CREDIT_PUBLICITY_POLICY", {"minor_categories": "警告"}, "credit.E003"),
        ("CREDIT_PUBLICITY_POLICY", {"kind_tiers": {"通报表扬": "minor"}}, "credit.E003"),
        ("CREDIT_DUE_WORKDAYS", 0, "credit.E004"),
        ("CREDIT_OBJECTION_WORKDAYS", "10", "credit.E004"),
        ("CREDIT_OBJECTION_RATE", ((0, 3600),), "credit.E005"),
        ("CREDIT_ASSESSMENT_WEIGHTS", {"timeliness": 0}, "credit.E006"),
        ("CREDIT_ASSESSMENT_WEIGHTS", {"speed": 1}, "credit.E006"),
        ("CREDIT_CATALOG_ROUND", ("2016", "2016-02-30"), "credit.E007"),
        ("CREDIT_NATIONAL_ORG", {"source": "区发改局"}, "credit.E008"),
    ],
)
def test_a_broken_setting_is_named_by_its_check(name, value, check_id):
    with override_settings(**{name: value}):
        assert _ids() == {check_id}
