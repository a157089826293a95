"""The seed map names every stable problem code and every milestone of the scheme."""

from pathlib import Path

from zhengwu.lawyers.standard import MILESTONES, FirmCondition, PersonCondition

DOC = Path(__file__).resolve().parents[4] / "docs" / "seed-map" / "lawyers.md"


def test_every_problem_code_and_milestone_is_in_the_seed_map():
    text = DOC.read_text(encoding="utf-8")
    codes = [
        *FirmCondition,
        *PersonCondition,
        "unit_without_lawyer",
        "unit_with_several_lawyers",
        "not_an_enforcement_unit",
        "consent_required",
        "forbidden_transition",
        "record_kind",
        "record_hours",
        "score_below_threshold",
        "evaluation_below_floor",
    ]
    assert [c for c in codes if f"`{c}`" not in text] == []
    assert [m.code for m in MILESTONES if f"| {m.code} |" not in text] == []
