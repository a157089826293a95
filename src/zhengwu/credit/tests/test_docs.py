"""Generated documents stay in step with the standard."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from zhengwu.credit.formats import schema
from zhengwu.credit.standard import LICENSE, PENALTY, STANDARDS

ROOT = Path(__file__).resolve().parents[4]


def test_standard_has_the_seeds_field_counts():
    assert (len(LICENSE.fields), len(PENALTY.fields)) == (28, 25)
    assert [f.no for f in LICENSE.fields] == list(range(1, 29))


def test_generated_standard_page_is_up_to_date():
    assert (ROOT / schema.DOC_PATH).read_text(encoding="utf-8") == schema.markdown() + "\n", (
        "run `zhengwu credit docs` to regenerate docs/credit-standard.md")


def test_seed_map_names_every_rule():
    from zhengwu.credit.rules import Rule

    text = (ROOT / "docs/seed-map/credit.md").read_text(encoding="utf-8")
    for name, value in vars(Rule).items():
        if not name.startswith("_"):
            assert f"`{value}`" in text, value


@pytest.mark.parametrize("kind", list(STANDARDS))
def test_frictionless_schema_command(kind):
    out = StringIO()
    call_command("credit", "schema", "--kind", kind, "--format", "frictionless", stdout=out)
    data = json.loads(out.getvalue())
    std = STANDARDS[kind]
    assert [f["name"] for f in data["fields"]] == std.codes and data["primaryKey"] == [std.key]
    wsh = next(f for f in data["fields"] if f["name"] == std.decision_no)
    assert wsh["constraints"]["required"] is True
    assert wsh["constraints"]["maxLength"] == std.field(std.decision_no).max_length
    import frictionless  # the test extra installs it: the schema must be valid to a real Table Schema reader

    assert [f.name for f in frictionless.Schema.from_descriptor(data).fields] == std.codes
