"""`zhengwu dispatch import` reads hostile files safely (issue 12 §4, §6): an XLSX zip bomb is refused
before it is decompressed, a NUL in any cell is refused naming the row and column, nothing is imported."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhengwu.dispatch.models import Event
from zhengwu.testing.spreadsheets import write_bomb


@pytest.mark.django_db
def test_an_xlsx_zip_bomb_is_refused_before_calamine_opens_it(tmp_path, monkeypatch):
    import python_calamine

    def never(*a, **k):
        raise AssertionError("calamine must not open a refused file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", never)
    with pytest.raises(CommandError, match="解压后"):
        call_command("dispatch", "import", str(write_bomb(tmp_path / "bomb.xlsx")))


@pytest.mark.django_db
def test_a_nul_in_a_csv_cell_deep_in_the_file_is_refused_naming_row_and_column(tmp_path, ref):
    lines = ["source_id,title,text"] + [f"OLD-{i},井盖缺失,鹿丹村井盖丢了" for i in range(1, 40_000)]
    lines[30_000] = "OLD-30000,井盖缺失,鹿丹村\x00井盖丢了"
    (tmp_path / "old.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (tmp_path / "old.csv").read_bytes().index(b"\x00") > 1 << 20
    with pytest.raises(CommandError, match="第 30000 行“text”列含有空字符"):
        call_command("dispatch", "import", str(tmp_path / "old.csv"))
    assert not Event.objects.exists()
