"""docs/credit-national.md: its generated field tables are current and it names every rule id."""

from pathlib import Path

from zhengwu.credit.formats import convert, national

ROOT = Path(__file__).resolve().parents[4]


def doc() -> str:
    return (ROOT / national.DOC_PATH).read_text(encoding="utf-8")


def test_generated_national_tables_are_up_to_date():
    text = doc()
    assert national.with_fields(text) == text, (
        "run `zhengwu credit docs` to regenerate docs/credit-national.md"
    )
    for fmt in national.FORMATS.values():
        for f in fmt.fields:
            assert f"`{f.code}`" in text


def test_the_page_names_every_national_and_conversion_rule():
    text = doc()
    for rules in (national.NationalRule, convert.ConvertRule):
        for name, value in vars(rules).items():
            if not name.startswith("_"):
                assert f"`{value}`" in text, value


def test_the_seed_map_covers_issue_16():
    text = (ROOT / "docs/seed-map/credit.md").read_text(encoding="utf-8")
    assert "Issue 16" in text and "credit-national.md" in text
