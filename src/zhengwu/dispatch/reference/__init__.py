"""Reference data of the 大分拨 app, shipped in this folder:

- event_taxonomy.csv — the three-level classification standard (517 leaves), with handling defaults
  from `standard.CATEGORY_DEFAULTS` (department, tier, time limits, enforcement);
- gazetteer.csv — streets, communities, roads and estates of Luohu and where they lie;
- citizen_messages_train.csv — 297 labelled messages: the default classifier (rules/classifier.py) is
  fitted from it at load time (a few seconds) and stored as model version classifier.DEFAULT_VERSION;
- dispatch rules (`standard.DISPATCH_RULE_DEFAULTS`) and generic reply templates.

Loading is idempotent and keeps administrators' edits of existing rows.
"""

import csv
from pathlib import Path

from zhengwu.dispatch.services.reference import load_all

HERE = Path(__file__).parent
TAXONOMY_CSV = HERE / "event_taxonomy.csv"
GAZETTEER_CSV = HERE / "gazetteer.csv"

REPLY_TEMPLATES = (
    (
        "",
        "通用回复",
        "您好！您反映的“{title}”（受理编号 {case_no}）已由{unit}办理。办理情况：{result}感谢您对罗湖区工作的"
        "支持与监督！",
    ),
    (
        "城乡建设",
        "城乡建设类回复",
        "您好！关于您反映的“{title}”，{unit}已组织现场核查处理：{result}如仍有问题，欢迎继续通过12345热线反映"
        "。",
    ),
    (
        "劳动和社会保障",
        "劳动保障类回复",
        "您好！您反映的“{title}”已收悉，{unit}依法处理如下：{result}如需进一步咨询，可携带相关材料到街道劳动"
        "保障窗口办理。",
    ),
    (
        "教育文体",
        "教育文体类回复",
        "您好！关于“{title}”，{unit}经调查核实，答复如下：{result}感谢您对罗湖教育事业的关注！",
    ),
    (
        "环境保护",
        "环境保护类回复",
        "您好！关于“{title}”，{unit}已安排执法人员现场检查：{result}我们将持续加强巡查。",
    ),
)


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load(*, with_model: bool = True) -> str:
    """Load everything shipped here (`services.reference.load_all`); `with_model=False` skips fitting the
    default classifier (tests that bring their own)."""
    return load_all(taxonomy=_rows(TAXONOMY_CSV), gazetteer=_rows(GAZETTEER_CSV), templates=REPLY_TEMPLATES,
                    with_model=with_model)
