"""The 2016 reform plan as data: the register of 7 key reform projects and their 42 items, the unit names
the seed uses, the other schemes' dated milestones, the item life cycle, status lights and the assessment
components (pure: no ORM, no request).

Source: 罗办发〔2016〕1号《深圳市罗湖区2016年改革计划》 (seed lines 1–182): §一 goals and requirements,
§二 the seven key reform projects and 42 items with their lead (牵头) and participating (参与) units,
§三 safeguards (special groups, implementation plans, supervision and assessment, publicity).

The register lives in `reference/*.csv`, one declarative place read here once and validated on load
(a malformed file stops the app with a `RegisterError` naming file, line and column):

- `projects.csv`  number, numeral (§二(一)…(七)), title, summary, group (专项小组), leader (区领导);
- `items.csv`     number, project, title, lead_units, participating_units, summary (verbatim from the seed;
                  page breaks joined, the OCR's half-width punctuation in items 5–6 made full-width);
- `unit_names.csv` every unit name the register uses → org unit codes (`@street` = every street office,
                  `@community` = every community; empty = a collective the seed does not enumerate);
- `milestones.csv` the other schemes' own dated milestones (双公示, 民生微实事).

Unit lists use "|" between names, because some of the seed's names contain 、 themselves
(区住房建设、环保水务、城管、安监等部门). Names are kept exactly as the seed writes them.
"""

import csv
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

SOURCE = "罗办发〔2016〕1号《深圳市罗湖区2016年改革计划》"
PLAN_YEAR = 2016
REFERENCE = Path(__file__).resolve().parent / "reference"
LIST_SEPARATOR = "|"
EVERY_STREET = "@street"
EVERY_COMMUNITY = "@community"
UNIT_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # dates are written YYYY-MM-DD, nothing else

# §三 who does what around the register (org unit codes).
REFORM_OFFICE = "QWGGB"  # §三(一) 区委改革办 — runs the reform work day to day; verifies closures (验收)
SUPERVISION_OFFICE = "QDCS"  # §三(三) 区委（政府）督查室 — supervision and assessment with the reform office
PUBLICITY_UNIT = "QWXCB"  # §三(四) 区委宣传部 — publicity with the reform office


# --- the item life cycle (§三(二)) ------------------------------------------------------------------------


class Stage(StrEnum):
    """Where an item is. PLANNED: in the register, no implementation plan filed yet (every item's default)."""

    PLANNED = "planned"  # 未立项
    REGISTERED = "registered"  # 立项: the lead unit filed its implementation plan (实施方案)
    DECOMPOSED = "decomposed"  # 分解: dated milestones, each assigned to a unit
    UNDERTAKING = "undertaking"  # 承办: work under way, periodic progress reports
    COMPLETED = "completed"  # 办结: closure requested with evidence
    VERIFIED = "verified"  # 验收: the reform office verified the closure
    CLOSED = "closed"  # 销号: struck off the register


STAGE_LABELS = MappingProxyType({
    Stage.PLANNED: _("未立项"),
    Stage.REGISTERED: _("立项"),
    Stage.DECOMPOSED: _("分解"),
    Stage.UNDERTAKING: _("承办"),
    Stage.COMPLETED: _("办结"),
    Stage.VERIFIED: _("验收"),
    Stage.CLOSED: _("销号"),
})
DEFAULT_STAGE = Stage.PLANNED  # the status of an item until its plan exists


class Step(StrEnum):
    """What may be done to an item; `rules.TRANSITIONS` says from which stage to which."""

    REGISTER = "register"  # 立项
    DECOMPOSE = "decompose"  # 分解
    UNDERTAKE = "undertake"  # 承办
    COMPLETE = "complete"  # 办结
    VERIFY = "verify"  # 验收 (accepted)
    REFUSE = "refuse"  # 验收不通过 — back to 承办, with reasons
    CLOSE = "close"  # 销号


STEP_LABELS = MappingProxyType({
    Step.REGISTER: _("立项"),
    Step.DECOMPOSE: _("分解"),
    Step.UNDERTAKE: _("承办"),
    Step.COMPLETE: _("办结"),
    Step.VERIFY: _("验收"),
    Step.REFUSE: _("验收退回"),
    Step.CLOSE: _("销号"),
})


# --- status lights -----------------------------------------------------------------------------------------


class Light(StrEnum):
    GREEN = "green"  # on schedule
    YELLOW = "yellow"  # due within N working days, or a progress report missed
    RED = "red"  # overdue


LIGHT_LABELS = MappingProxyType({Light.GREEN: _("正常"), Light.YELLOW: _("预警"), Light.RED: _("逾期")})

# The seed names no numbers for these (§三(三) asks for 经常性地开展检查督办); ours, configurable
# through the settings REFORMS_YELLOW_WORKDAYS and REFORMS_REPORT_CYCLE_WORKDAYS.
YELLOW_WORKDAYS = 5  # a milestone due within this many working days shows yellow
REPORT_CYCLE_WORKDAYS = 20  # a progress report is due this many working days after the last (about a month)


# --- the assessment (§一(五) 能定责、可追责; §一(三) 第三方评估和群众评议; §三(三)) -----------------------


class Component(StrEnum):
    """The parts of a unit's composite score, each normalised to 0–100 (formulas in `rules`)."""

    REFORMS = "reforms"  # reform items' milestones on schedule (this app)
    NOTICES = "notices"  # supervision notices (督办单) answered in time (this app)
    CREDIT = "credit"  # 双公示 timeliness and quality (the credit app)
    DISPATCH = "dispatch"  # 大分拨 events handled in time, by unit (the dispatch app)
    MICROPROJECTS = "microprojects"  # 民生微实事 stage deadlines kept (the microprojects app)
    PUBLIC_RATING = "public_rating"  # 群众评议: residents' ratings 1–5
    THIRD_PARTY = "third_party"  # 第三方评估: an evaluator's score 0–100


COMPONENT_LABELS = MappingProxyType({
    Component.REFORMS: _("改革事项按期推进"),
    Component.NOTICES: _("督办单按时办复"),
    Component.CREDIT: _("双公示及时性和质量"),
    Component.DISPATCH: _("大分拨单位指标"),
    Component.MICROPROJECTS: _("民生微实事按期实施"),
    Component.PUBLIC_RATING: _("群众评议"),
    Component.THIRD_PARTY: _("第三方评估"),
})
# Our choice (the seed asks to 加大改革实绩考核权重 and names no numbers): reform results weigh most.
DEFAULT_WEIGHTS = MappingProxyType({
    Component.REFORMS: 30,
    Component.NOTICES: 15,
    Component.CREDIT: 15,
    Component.DISPATCH: 10,
    Component.MICROPROJECTS: 10,
    Component.PUBLIC_RATING: 10,
    Component.THIRD_PARTY: 10,
})
RATING_MIN, RATING_MAX = 1, 5  # a resident's rating of a published reform item


# --- the register -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    number: int  # 1–7, the seed's §二(一)…(七)
    numeral: str  # 一 … 七
    title: str
    summary: str
    group: str  # §三(一) the project's special group (专项小组)
    leader: str  # the district leader heading the group; the seed names none ("" until the office enters one)
    items: tuple[int, ...]


@dataclass(frozen=True)
class Item:
    number: int  # 1–42
    project: int
    title: str
    summary: str
    lead_units: tuple[str, ...]  # 牵头单位, as the seed names them
    participating_units: tuple[str, ...]  # 参与单位, as the seed names them


@dataclass(frozen=True)
class UnitName:
    """A unit as the seed names it, and the org units it stands for."""

    name: str
    codes: tuple[str, ...]  # org codes, EVERY_STREET, EVERY_COMMUNITY; () for a collective without codes
    note: str


@dataclass(frozen=True)
class SchemeMilestone:
    """A dated milestone of another scheme's own document (not a reform item's plan milestone)."""

    scheme: str  # the app that runs the scheme: credit (双公示), microprojects (民生微实事)
    code: str
    source: str
    task: str
    starts: date | None  # "自…起"
    due: date | None  # "…前完成" (a quarter or a month ends on its last day)
    done_on: date | None  # "…已完成" — done when the document was written
    seed_date: str  # the seed's own words for the date
    lead_units: tuple[str, ...]
    participating_units: tuple[str, ...]


@dataclass(frozen=True)
class MilestoneProvider:
    """Milestones another app keeps itself; read through its declared provider, never copied here."""

    app: str
    provides: str  # the name the app will declare in AppConfig.provides
    source: str
    codes: tuple[str, ...]


# 律师驻队 keeps its programme milestones in zhengwu.lawyers.standard.MILESTONES (罗府办函〔2016〕208号 §四).
MILESTONE_PROVIDERS = (
    MilestoneProvider("lawyers", "programme_milestones", "罗府办函〔2016〕208号 §四",
                      ("plan", "funding", "procurement", "training", "visits", "supervision")),
)


class RegisterError(ValueError):
    """The register's reference files are malformed; the message names the file, line and column."""


@dataclass(frozen=True)
class Register:
    projects: tuple[Project, ...]
    items: tuple[Item, ...]
    unit_names: MappingProxyType  # name -> UnitName
    milestones: tuple[SchemeMilestone, ...]

    def item(self, number: int) -> Item:
        """The item numbered `number` (KeyError if the register has none)."""
        for found in self.items:
            if found.number == number:
                return found
        raise KeyError(number)

    def project(self, number: int) -> Project:
        for found in self.projects:
            if found.number == number:
                return found
        raise KeyError(number)

    def codes_for(self, name: str) -> tuple[str, ...]:
        """The org codes behind a unit name of the seed (() for a collective the seed does not enumerate)."""
        return self.unit_names[name].codes

    def unnamed_units(self) -> tuple[str, ...]:
        """Names the register uses that map to no org unit (collectives the seed does not enumerate)."""
        return tuple(n for n, u in self.unit_names.items() if not u.codes)


def _rows(path: Path, header: tuple[str, ...]):
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            found = tuple(next(reader, ()))
            if found != header:
                raise RegisterError(
                    f"{path.name}:1: columns should be {','.join(header)}, found {','.join(found)}"
                )
            for line, row in enumerate(reader, 2):
                if len(row) != len(header):
                    raise RegisterError(f"{path.name}:{line}: {len(row)} fields, expected {len(header)}")
                yield line, dict(zip(header, (v.strip() for v in row), strict=True))
    except OSError as exc:
        raise RegisterError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _int(path: Path, line: int, column: str, value: str) -> int:
    if not value.isdigit():
        raise RegisterError(f"{path.name}:{line}: {column} should be a whole number, found {value!r}")
    return int(value)


def _date(path: Path, line: int, column: str, value: str) -> date | None:
    if not value:
        return None
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise RegisterError(
            f"{path.name}:{line}: {column} should be a date YYYY-MM-DD, found {value!r}"
        ) from None


def _names(path: Path, line: int, column: str, value: str, known) -> tuple[str, ...]:
    names = tuple(n.strip() for n in value.split(LIST_SEPARATOR)) if value else ()
    for name in names:
        if not name:
            raise RegisterError(f"{path.name}:{line}: {column} has an empty name between '{LIST_SEPARATOR}'")
        if name not in known:
            raise RegisterError(
                f"{path.name}:{line}: {column} names {name!r}, which unit_names.csv does not list"
            )
    if len(set(names)) != len(names):
        raise RegisterError(f"{path.name}:{line}: {column} names a unit twice")
    return names


def load_register(folder: Path = REFERENCE) -> Register:
    """Read and check the register's reference files (RegisterError on the first problem)."""
    path = folder / "unit_names.csv"
    unit_names: dict[str, UnitName] = {}
    for line, row in _rows(path, ("name", "codes", "note")):
        codes = tuple(row["codes"].split())
        for code in codes:
            if code not in (EVERY_STREET, EVERY_COMMUNITY) and not UNIT_CODE.fullmatch(code):
                raise RegisterError(f"{path.name}:{line}: codes: {code!r} is not an org unit code")
        if not row["name"] or row["name"] in unit_names:
            raise RegisterError(f"{path.name}:{line}: name is empty or listed twice: {row['name']!r}")
        unit_names[row["name"]] = UnitName(row["name"], codes, row["note"])

    path = folder / "items.csv"
    items: list[Item] = []
    for line, row in _rows(
        path, ("number", "project", "title", "lead_units", "participating_units", "summary")
    ):
        number = _int(path, line, "number", row["number"])
        if number != len(items) + 1:
            raise RegisterError(
                f"{path.name}:{line}: number should be {len(items) + 1} (items are numbered in order)"
            )
        for column in ("title", "summary"):
            if not row[column]:
                raise RegisterError(f"{path.name}:{line}: {column} is empty")
        lead = _names(path, line, "lead_units", row["lead_units"], unit_names)
        if not lead:
            raise RegisterError(f"{path.name}:{line}: lead_units is empty (every item has a lead unit)")
        items.append(
            Item(
                number,
                _int(path, line, "project", row["project"]),
                row["title"],
                row["summary"],
                lead,
                _names(path, line, "participating_units", row["participating_units"], unit_names),
            )
        )

    path = folder / "projects.csv"
    projects: list[Project] = []
    for line, row in _rows(path, ("number", "numeral", "title", "summary", "group", "leader")):
        number = _int(path, line, "number", row["number"])
        if number != len(projects) + 1:
            raise RegisterError(f"{path.name}:{line}: number should be {len(projects) + 1}")
        held = tuple(i.number for i in items if i.project == number)
        if not held:
            raise RegisterError(f"{path.name}:{line}: project {number} holds no item in items.csv")
        projects.append(
            Project(number, row["numeral"], row["title"], row["summary"], row["group"], row["leader"], held)
        )
    orphans = sorted({i.project for i in items} - {p.number for p in projects})
    if orphans:
        raise RegisterError(f"items.csv: project {orphans[0]} is not in projects.csv")

    path = folder / "milestones.csv"
    milestones: list[SchemeMilestone] = []
    header = ("scheme", "code", "source", "task", "starts", "due", "done_on", "seed_date", "lead_units",
              "participating_units")
    for line, row in _rows(path, header):
        found = SchemeMilestone(
            row["scheme"],
            row["code"],
            row["source"],
            row["task"],
            _date(path, line, "starts", row["starts"]),
            _date(path, line, "due", row["due"]),
            _date(path, line, "done_on", row["done_on"]),
            row["seed_date"],
            _names(path, line, "lead_units", row["lead_units"], unit_names),
            _names(path, line, "participating_units", row["participating_units"], unit_names),
        )
        if not (found.starts or found.due or found.done_on):
            raise RegisterError(f"{path.name}:{line}: a milestone needs a date (starts, due or done_on)")
        if not found.lead_units:
            raise RegisterError(f"{path.name}:{line}: lead_units is empty")
        if any((m.scheme, m.code) == (found.scheme, found.code) for m in milestones):
            raise RegisterError(f"{path.name}:{line}: {found.scheme}.{found.code} is listed twice")
        milestones.append(found)

    used = {n for i in items for n in i.lead_units + i.participating_units}
    used |= {n for m in milestones for n in m.lead_units + m.participating_units}
    unused = [n for n in unit_names if n not in used]
    if unused:
        raise RegisterError(f"unit_names.csv: {unused[0]!r} is used by no item or milestone")
    return Register(tuple(projects), tuple(items), MappingProxyType(unit_names), tuple(milestones))


REGISTER = load_register()
PROJECTS = REGISTER.projects
ITEMS = REGISTER.items
ITEM_NUMBERS = tuple(i.number for i in ITEMS)


# --- supervision (督查, §一(五), §三(三)) -------------------------------------------------------------------


class NoticeKind(StrEnum):
    """What the supervision office tracks, all in one shape: issued to a unit, with a demand and a deadline,
    answered by the unit, verified by the office."""

    NOTICE = "notice"  # 督办单
    INSTRUCTION = "instruction"  # 领导批示, recorded and tracked like a notice
    PROBLEM = "problem"  # 问题清单: 列出清单、明确责任、挂账整改 (demand = the rectification measure)


NOTICE_KIND_LABELS = MappingProxyType({
    NoticeKind.NOTICE: _("督办单"),
    NoticeKind.INSTRUCTION: _("领导批示"),
    NoticeKind.PROBLEM: _("问题整改"),
})


class NoticeLevel(StrEnum):
    """Ours (the seed names none): how urgent; an unanswered notice past its deadline is raised one level."""

    GENERAL = "general"  # 一般
    KEY = "key"  # 重点
    URGENT = "urgent"  # 紧急


NOTICE_LEVEL_LABELS = MappingProxyType({
    NoticeLevel.GENERAL: _("一般"),
    NoticeLevel.KEY: _("重点"),
    NoticeLevel.URGENT: _("紧急"),
})

# --- progress-report attachments (承办) ---------------------------------------------------------------------

MAX_ATTACHMENTS = 5  # files per progress report
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # per file, checked before anything is decoded
#: what a report may carry, judged by the bytes: photos (re-encoded), PDF documents, XLSX workbooks
PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
