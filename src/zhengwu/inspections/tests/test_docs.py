"""The seed map's verification procedure works as written (a citizen's snippet, run on a real draw)."""

import json
import re
from pathlib import Path

from zhengwu.inspections import rules
from zhengwu.inspections.tests.test_draw import contract_lists, spec

DOC = Path(__file__).resolve().parents[4] / "docs" / "seed-map" / "inspections.md"


def snippet() -> str:
    return re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)


def test_the_citizens_snippet_checks_a_published_draw(tmp_path, monkeypatch, capsys):
    objects, inspectors = contract_lists()
    result = rules.draw(objects, inspectors, spec(), "5eed")
    (tmp_path / "inputs.json").write_text(json.dumps(result.published_inputs, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    (tmp_path / "result.json").write_text(json.dumps(result.as_json()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = snippet().replace('"…the published seed…"', '"5eed"')
    exec(compile(code, "inspections.md", "exec"), {})  # noqa: S102 — the documented snippet itself
    assert result.commitment in capsys.readouterr().out
    try:
        exec(compile(code.replace('"5eed"', '"5eee"'), "inspections.md", "exec"), {})  # noqa: S102
    except AssertionError as exc:
        assert "seed" in str(exc)
    else:
        raise AssertionError("the snippet accepted another seed")


def test_every_problem_code_is_in_the_seed_map():
    text = DOC.read_text(encoding="utf-8")
    codes = [
        "recently_inspected",
        "annual_cap",
        "repeated_check",
        "per_object_min",
        "same_street",
        "declared_conflict",
        "inspected_last_time",
        "no_certificate",
        "support_only",
        "field_mismatch",
        "other_department",
        "no_fair_draw",
        "item_required",
        "item_ratio",
        "item_frequency",
        "item_methods",
        "item_class",
        "item_validity",
        "item_not_in_force",
        "item_contracted_only",
        "result_unknown",
        "result_missing",
        "result_contradiction",
    ]
    assert [c for c in codes if f"`{c}`" not in text] == []
