"""`zhengwu inspections draw / commit / verify-export`: the issue's CLI contract and its exit codes."""

import ast
import importlib
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

#: the module itself (`rules.draw` is its function), the one file citizens download
draw_module = importlib.import_module("zhengwu.inspections.rules.drawing")


OBJECTS = "id,name,uscc,street,industry,risk\n" + "".join(
    f"o{i},企业{i},,S{i % 3},餐饮,medium\n" for i in range(1, 21))
INSPECTORS = "id,name,unit,street,fields,conflicts\n" + "".join(
    f"p{i},检查员{i},U,S{i % 4},餐饮,\n" for i in range(1, 9))


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("inspections", *[str(a) for a in args], stdout=out, stderr=err)
    return exc.value.code, out.getvalue(), err.getvalue()


@pytest.fixture
def lists(tmp_path):
    (tmp_path / "o.csv").write_text(OBJECTS, encoding="utf-8")
    (tmp_path / "i.csv").write_text(INSPECTORS, encoding="utf-8")
    return tmp_path


def draw_args(d: Path, *extra, ratio="0.5", seed="00ff"):
    return (
        "draw",
        "--objects",
        d / "o.csv",
        "--inspectors",
        d / "i.csv",
        "--ratio",
        ratio,
        "--per-object",
        "2",
        "--seed",
        seed,
        *extra,
    )


def test_draw_prints_the_contracts_json(lists):
    code, out, _err = run(*draw_args(lists, "--json"))
    result = json.loads(out)
    assert code == 0 and set(result) == {"commitment", "objects"}
    assert len(result["commitment"]) == 64 and len(result["objects"]) == 10
    assert all(set(o) == {"id", "inspectors"} and len(set(o["inspectors"])) == 2 for o in result["objects"])
    assert run(*draw_args(lists, "--json"))[1] == out
    assert json.loads(run(*draw_args(lists, "--json", seed="00fe"))[1])["objects"] != result["objects"]


def test_draw_without_json_prints_a_readable_list(lists):
    code, out, err = run(*draw_args(lists))
    assert code == 0 and "承诺值" in out and "抽中 10 个" in out
    assert "128" in err  # a short seed is only for tests


def test_gbk_lists_with_chinese_risk_levels_are_read(lists):
    (lists / "o.csv").write_bytes(OBJECTS.replace(",medium", ",中").encode("gb18030"))
    assert run(*draw_args(lists, "--json"))[0] == 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: (d / "o.csv").unlink(), "o.csv"),
        (lambda d: (d / "o.csv").write_bytes(b"\x00\x01\x02 not a table"), "o.csv"),
        (lambda d: (d / "i.csv").write_text("id,name,unit\np1,a,U\n", encoding="utf-8"), "street"),
        (
            lambda d: (d / "o.csv").write_text(
                OBJECTS.replace("o5,企业5,,S2,餐饮,medium", "o5,企业5,,S2,餐饮,extreme"), encoding="utf-8"
            ),
            "extreme",
        ),
        (lambda d: (d / "o.csv").write_text(OBJECTS + "o5,重复,,S1,餐饮,low\n", encoding="utf-8"), "o5"),
        (lambda d: (d / "o.csv").write_text(OBJECTS + "o99,无街道,,,餐饮,low\n", encoding="utf-8"), "street"),
        (lambda d: (d / "o.csv").write_text(OBJECTS + "o98,多列,,S1,餐饮,low,x,y\n", encoding="utf-8"), "22"),
    ],
    ids=["missing", "binary", "columns", "risk", "duplicate", "no street", "extra cells"],
)
def test_unreadable_files_and_bad_rows_exit_2_with_one_line_naming_them(lists, change, words):
    change(lists)
    code, out, err = run(*draw_args(lists, "--json"))
    assert code == 2 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [
    ("--ratio", "0"), ("--ratio", "1.5"), ("--ratio", "abc"), ("--seed", "xyz"), ("--seed", "abc"),
    ("--per-object", "1"), ("--per-object", "two"), ("--on", "2026-02-30"),
])
def test_bad_parameters_exit_2(lists, args):
    base = list(draw_args(lists, "--json"))
    if args[0] in base:
        base[base.index(args[0]) + 1] = args[1]
    else:
        base += args
    code, out, err = run(*base)
    assert code == 2 and out == "" and err.strip()


def test_no_fair_draw_exits_2_naming_the_object(lists):
    (lists / "i.csv").write_text(
        INSPECTORS.replace("p1,检查员1,U,S1,餐饮,", "p1,检查员1,U,S1,餐饮,o3")
        .replace("p5,检查员5,U,S1,餐饮,", "p5,检查员5,U,S1,餐饮,o3;o4")
        .replace("p6,检查员6,U,S2,餐饮,", "p6,检查员6,U,S2,餐饮,o3")
        .replace("p3,检查员3,U,S3,餐饮,", "p3,检查员3,U,S3,餐饮,o3")
        .replace("p7,检查员7,U,S3,餐饮,", "p7,检查员7,U,S3,餐饮,o3"),
        encoding="utf-8",
    )
    code, out, err = run(*draw_args(lists, "--json"))  # o3 (street S0): p2 only; p4 and p8 sit in S0
    assert code == 2 and out == ""
    assert "o3" in err and "无法公平抽取" in err


def test_dates_in_the_lists_need_the_day_of_the_draw(lists):
    (lists / "o.csv").write_text(OBJECTS.replace("risk\n", "risk,last_inspected\n", 1).replace(
        "o1,企业1,,S1,餐饮,medium", "o1,企业1,,S1,餐饮,medium,2026-04-01"), encoding="utf-8")
    code, _out, err = run(*draw_args(lists, "--json"))
    assert code == 2 and "--on" in err
    code, out, _err = run(*draw_args(lists, "--json", "--on", "2026-05-01"))
    assert code == 0 and "o1" not in [o["id"] for o in json.loads(out)["objects"]]


def test_commit_then_draw_then_verify_export(lists):
    code, out, _err = run(
        "commit",
        "--objects",
        lists / "o.csv",
        "--inspectors",
        lists / "i.csv",
        "--ratio",
        "0.5",
        "--seed-sha256",
        draw_module.seed_sha256("00ff"),
        "--json",
        "--inputs-out",
        lists / "in.json",
    )
    committed = json.loads(out)
    assert code == 0 and "00ff" not in (lists / "in.json").read_text(encoding="utf-8")
    code, out, _err = run(*draw_args(lists, "--json"))
    (lists / "r.json").write_text(out, encoding="utf-8")
    assert json.loads(out)["commitment"] == committed["commitment"]
    assert (
        run("verify-export", "--inputs", lists / "in.json", "--seed", "00ff", "--result", lists / "r.json")[0]
        == 0
    )
    verify_lists = (
        "verify-export",
        "--objects",
        lists / "o.csv",
        "--inspectors",
        lists / "i.csv",
        "--ratio",
        "0.5",
        "--result",
        lists / "r.json",
    )
    assert run(*verify_lists, "--seed", "00ff")[0] == 0
    code, out, _err = run(*verify_lists, "--seed", "00fe")
    assert code == 1 and "result_mismatch" in out
    (lists / "o.csv").write_text(OBJECTS.replace("o7,企业7,,S1", "o7,企业7,,S2"), encoding="utf-8")
    code, out, _err = run(*verify_lists, "--seed", "00ff")
    assert code == 1 and "commitment_mismatch" in out
    assert (
        run("verify-export", "--inputs", lists / "nope.json", "--seed", "00ff", "--result", lists / "r.json")[
            0
        ]
        == 2
    )
    assert run("verify-export", "--seed", "00ff", "--result", lists / "r.json")[0] == 2


def test_draw_py_alone_verifies_a_published_draw_without_django(lists):
    """A citizen's check: the one file, plain Python, no site-packages (-S -I), no Django."""
    code, out, _err = run(*draw_args(lists, "--json", "--inputs-out", lists / "in.json"))
    (lists / "r.json").write_text(out, encoding="utf-8")
    script = Path(draw_module.__file__)
    ok = subprocess.run([sys.executable, "-S", "-I", script, lists / "in.json", "00ff", lists / "r.json"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ok.stdout.strip() == "verified", ok.stderr
    bad = subprocess.run([sys.executable, "-S", "-I", script, lists / "in.json", "00fe", lists / "r.json"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "seed_mismatch" in bad.stdout
    again = subprocess.run([sys.executable, "-S", "-I", script, lists / "in.json", "00ff"],
                           capture_output=True, text=True, timeout=60)
    assert json.loads(again.stdout) == json.loads(out)


def test_draw_py_imports_only_the_standard_library():
    """What keeps the one file runnable by anyone: no Django, no zhengwu, nothing installed."""
    tree = ast.parse(Path(draw_module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    assert imported and imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names
    assert not any(isinstance(node, ast.ImportFrom) and node.level for node in ast.walk(tree))


def test_the_rules_package_offers_the_draw_and_agrees_with_the_standard():
    from zhengwu.inspections import rules, standard

    assert (
        rules.draw is draw_module.draw and rules.verify is draw_module.verify
    )  # the function, not the module
    assert (
        tuple(standard.Risk) == draw_module.RISKS
        and tuple(standard.CreditClass) == draw_module.CREDIT_CLASSES
    )
    assert standard.PER_OBJECT_MIN == draw_module.MIN_PER_OBJECT
    assert dict(rules.DEFAULT_POLICY.risk_weights) == {"high": 3, "medium": 2, "low": 1}
