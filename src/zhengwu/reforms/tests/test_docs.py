"""The seed map names every stable problem code, and its register tables are the data's."""

import re
from pathlib import Path

from zhengwu.reforms.standard import DEFAULT_WEIGHTS, PROJECTS, REGISTER

APP = Path(__file__).resolve().parents[1]
DOC = APP.parents[2] / "docs" / "seed-map" / "reforms.md"


def _text() -> str:
    return DOC.read_text(encoding="utf-8").replace("\\<", "<").replace("\\>", ">")


def test_every_problem_code_is_in_the_seed_map():
    files = [*sorted((APP / "rules").glob("*.py")), APP / "services" / "plans.py", APP / "api.py"]
    source = "".join(f.read_text(encoding="utf-8") for f in files)
    codes = set(re.findall(r'code="([a-z_]+)"', source)) | {f"plan_{n}_required" for n in
                                                            ("targets", "content", "responsible")}
    assert "step_out_of_order" in codes and len(codes) > 15
    text = _text()
    assert sorted(c for c in codes if f"`{c}`" not in text) == []


def test_the_register_tables_in_the_docs_are_the_data():
    text = _text()
    for p in PROJECTS:
        assert f"| （{p.numeral}） | {p.title} | {p.items[0]}–{p.items[-1]} | {p.group} |" in text
    for i in REGISTER.items:
        participating = "、".join(i.participating_units) or "—"
        row = f"| {i.number} | {i.title} | {'、'.join(i.lead_units)} | {participating} |"
        assert row in text, i.number
    for m in REGISTER.milestones:
        assert f"| {m.scheme} | {m.code} | {m.source} |" in text
    for name in REGISTER.unnamed_units():
        assert name in text.split("**Unit names without an org code**")[1].split("\n\n")[0]


def test_the_default_weights_are_documented():
    text = _text()
    for component, weight in DEFAULT_WEIGHTS.items():
        assert re.search(rf"\| `{component.value}` [^|]+\| [^|]+\| {weight} \|", text), component
