"""The seed map names every workflow ledger action and every configuration setting of issue 5."""

from pathlib import Path

from zhengwu.credit.services import catalog, objections, reminders, workflow

ROOT = Path(__file__).resolve().parents[4]
SETTINGS = ("CREDIT_DUE_WORKDAYS", "CREDIT_OBJECTION_WORKDAYS", "CREDIT_OBJECTION_RATE", "CREDIT_CATALOG_ROUND",
            "CREDIT_LEAD_UNIT", "CREDIT_ASSESSMENT_WEIGHTS")


def test_seed_map_names_every_ledger_action_and_setting():
    text = (ROOT / "docs/seed-map/credit.md").read_text(encoding="utf-8")
    actions = [v for cls in (workflow.Action, objections.Action, catalog.Action)
               for k, v in vars(cls).items() if not k.startswith("_")] + [reminders.ACTION]
    for value in actions + list(SETTINGS):
        assert f"`{value}`" in text or value in text, value
