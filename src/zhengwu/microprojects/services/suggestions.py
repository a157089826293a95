"""Suggestions (§四(一) 项目征集): from the web, WeChat (API) and suggestion boxes, the import of the
historical backlog (the scheme's 5.8万条), and triage into the libraries."""

import csv
import hashlib
import io

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.ratings.standard import new_code
from zhengwu.core.tokens import token_hash
from zhengwu.ledger.services import PUBLIC, record
from zhengwu.microprojects import rules
from zhengwu.microprojects.models import LibraryEntry, Suggestion
from zhengwu.microprojects.services.common import allow, text
from zhengwu.org.models import Unit

MAX_IMPORT_ROWS = 100_000
IMPORT_COLUMNS = {"社区": "unit", "community": "unit", "标题": "title", "title": "title", "建议": "title",
                  "内容": "text", "text": "text", "建议人": "proposer_name", "proposer": "proposer_name"}


def fingerprint(title: str, body: str = "") -> str:
    """The same suggestion however it is spaced, punctuated or typed (NFKC, case): what de-duplicates."""
    return hashlib.sha256(rules.normalise(title + body).encode()).hexdigest()


def _community(unit) -> Unit:
    if not isinstance(unit, Unit) or unit.kind != Unit.Kind.COMMUNITY:
        raise ApplicationError(_("请选择一个社区。"), code="not_a_community", field="unit")
    return unit


def suggestion_submit(*, unit, title: str, body: str = "", channel: str, proposer_name: str = "",
                      proposer_contact: str = "", actor=PUBLIC) -> Suggestion:
    """One suggestion. From the public (web, WeChat) `actor` is "public"; a suggestion-box note is typed
    in by the community's staff (who must hold a role there)."""
    unit = _community(unit)
    if channel not in Suggestion.Channel.values or channel == Suggestion.Channel.IMPORT:
        raise ApplicationError(_("未知渠道。"), code="bad_channel", field="channel")
    if channel == Suggestion.Channel.BOX:
        allow(actor, "suggestion.enter", unit)
    title = text(title, "title", limit=rules.MAX_TITLE)
    body = text(body, "text", limit=5000, required=False)
    with transaction.atomic():
        s = Suggestion.objects.create(
            unit=unit,
            title=title,
            text=body,
            channel=channel,
            proposer_name=text(proposer_name, "proposer_name", limit=64, required=False),
            proposer_contact=text(proposer_contact, "proposer_contact", limit=64, required=False),
            fingerprint=fingerprint(title, body),
            areas=[str(a) for a in rules.content_areas(title, body)],
        )
        s.receipt = ""
        if channel != Suggestion.Channel.BOX:  # the proposer's receipt: shown once, only its digest is kept
            s.receipt = new_code()
            s.receipt_digest = token_hash(s.receipt)
            s.save(update_fields=["receipt_digest"])
        record(action="microprojects.suggestion.submitted", obj=s, actor=actor,
               after={"id": s.pk, "unit": unit.code, "channel": channel, "title": title})
    return s


#: The proposer shown for a suggestion another system filed (the source itself is in the text and the ledger).
SYSTEM_PROPOSER = "系统移送"


def suggestion_from_system(*, unit_code: str, title: str, body: str, source: str, source_ref: str,
                           source_url: str = "", actor=None) -> str:
    """A suggestion filed by another system (declared in apps.py `provides` as "suggestion_from_system";
    大分拨 turns a hotspot into one). The caller checked its own user's right to do so; the suggestion
    goes to the community `unit_code` in state 待分拣, its text ends with the source link, and the ledger
    entry names source, reference and link. Idempotent on (source, source_ref): the same reference sent
    again returns the first suggestion's id. Returns the suggestion's id."""
    unit = _community(Unit.objects.filter(code=(unit_code or "").strip()[:32]).first())
    source, source_ref = text(source, "source", limit=64), text(source_ref, "source_ref", limit=100)
    title = text(title, "title", limit=rules.MAX_TITLE)
    link = _("来源：%(s)s %(r)s %(u)s") % {"s": source, "r": source_ref, "u": (source_url or "")[:300]}
    body = f"{text(body, 'text', limit=4000, required=False)}\n\n{link}".strip()
    fp = fingerprint(source, source_ref)
    with transaction.atomic():
        known = Suggestion.objects.select_for_update().filter(unit=unit, fingerprint=fp).first()
        if known is not None:
            return str(known.pk)
        s = Suggestion.objects.create(unit=unit, title=title, text=body, channel=Suggestion.Channel.IMPORT,
                                      proposer_name=SYSTEM_PROPOSER, fingerprint=fp,
                                      areas=[str(a) for a in rules.content_areas(title, body)])
        record(action="microprojects.suggestion.submitted", obj=s, actor=actor,
               after={"id": s.pk, "unit": unit.code, "channel": s.channel, "title": title, "source": source,
                      "source_ref": source_ref, "source_url": source_url[:300]})
    return str(s.pk)


def _rows(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from python_calamine import CalamineWorkbook  # optional reader, only for XLSX uploads

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = book.get_sheet_by_index(0).to_python()
        except Exception as exc:  # any broken workbook is the user's file, not our error
            raise ApplicationError(_("无法读取 XLSX 文件：%(e)s") % {"e": str(exc)[:200]}, code="bad_file",
                                   field="file") from None
        return [["" if v is None else str(v) for v in row] for row in sheet]
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            decoded = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ApplicationError(_("CSV 文件不是 UTF-8 或 GB18030 编码。"), code="bad_encoding",
                                   field="file") from None
    return list(csv.reader(io.StringIO(decoded)))


def suggestions_import(*, data: bytes, filename: str, actor, default_unit=None) -> dict:
    """The historical backlog from CSV/XLSX (columns 社区, 标题, 内容, 建议人): rows already known (same
    fingerprint in the same community, in the database or earlier in the file) are counted as duplicates,
    each new one is classified by content area. A bad row refuses the whole file, naming row and column:
    nothing is half imported."""
    rows = _rows(data, filename)
    if not rows:
        raise ApplicationError(_("文件是空的。"), code="empty_file", field="file")
    header = [IMPORT_COLUMNS.get(h.strip().lower(), IMPORT_COLUMNS.get(h.strip())) for h in rows[0]]
    if "title" not in header:
        raise ApplicationError(_("第1行缺少“标题”列。"), code="missing_column", field="file")
    if "unit" not in header and default_unit is None:
        raise ApplicationError(_("第1行缺少“社区”列。"), code="missing_column", field="file")
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise ApplicationError(
            _("最多导入 %(n)s 行。") % {"n": MAX_IMPORT_ROWS}, code="too_many_rows", field="file"
        )
    units = {u.code: u for u in Unit.objects.filter(kind=Unit.Kind.COMMUNITY)} | {
        u.name: u for u in Unit.objects.filter(kind=Unit.Kind.COMMUNITY)}
    new, duplicates, seen = [], 0, set()
    for n, row in enumerate(rows[1:], start=2):
        values = {key: (row[i].strip() if i < len(row) else "") for i, key in enumerate(header) if key}
        if not any(values.values()):
            continue
        unit = units.get(values.get("unit", "")) if "unit" in values and values.get("unit") else default_unit
        if unit is None:
            raise ApplicationError(
                _("第 %(n)s 行“社区”列：未知社区“%(v)s”。") % {"n": n, "v": values.get("unit", "")[:40]},
                code="unknown_community",
                field="file",
            )
        title = values.get("title", "")
        if not title or len(title) > rules.MAX_TITLE:
            raise ApplicationError(
                _("第 %(n)s 行“标题”列：不能为空，最多 %(m)s 个字。") % {"n": n, "m": rules.MAX_TITLE},
                code="bad_row",
                field="file",
            )
        allow(actor, "suggestion.enter", unit)
        fp = fingerprint(title, values.get("text", ""))
        if (unit.pk, fp) in seen:
            duplicates += 1
            continue
        seen.add((unit.pk, fp))
        new.append(
            Suggestion(
                unit=unit,
                title=title,
                text=values.get("text", "")[:5000],
                channel=Suggestion.Channel.IMPORT,
                proposer_name=values.get("proposer_name", "")[:64],
                fingerprint=fp,
                areas=[str(a) for a in rules.content_areas(title, values.get("text", ""))],
            )
        )
    known = set(Suggestion.objects.filter(fingerprint__in={s.fingerprint for s in new})
                .values_list("unit_id", "fingerprint"))
    fresh = [s for s in new if (s.unit_id, s.fingerprint) not in known]
    duplicates += len(new) - len(fresh)
    with transaction.atomic():
        Suggestion.objects.bulk_create(fresh, batch_size=2000)
        summary = {"imported": len(fresh), "duplicates": duplicates, "file": filename[:100]}
        record(
            action="microprojects.suggestion.imported",
            object_type="microprojects.suggestion",
            actor=actor,
            after=summary,
        )
    return summary


def suggestion_triage(
    *,
    suggestion: Suggestion,
    decision: str,
    actor,
    reason: str = "",
    library_entry: LibraryEntry | None = None,
    duplicate_of: Suggestion | None = None,
) -> Suggestion:
    """Put a suggestion into a library entry, decline it (with the reason the proposer is told) or mark it
    a duplicate of another."""
    allow(actor, "suggestion.triage", suggestion.unit)
    S = Suggestion.State
    if suggestion.state != S.NEW:
        raise ApplicationError(_("该建议已分拣。"), code="already_triaged")
    if decision == S.LIBRARY:
        if library_entry is None:
            raise ApplicationError(_("请选择项目库项目。"), code="required", field="library_entry")
        suggestion.library_entry = library_entry
    elif decision == S.DECLINED:
        suggestion.reason = text(reason, "reason", limit=2000)
    elif decision == S.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == suggestion.pk:
            raise ApplicationError(_("请选择重复的建议。"), code="required", field="duplicate_of")
        suggestion.duplicate_of = duplicate_of
    else:
        raise ApplicationError(_("未知的分拣结果。"), code="bad_decision", field="decision")
    with transaction.atomic():
        suggestion.state = decision
        suggestion.save()
        record(action="microprojects.suggestion.triaged", obj=suggestion, actor=actor,
               after={"state": decision, "reason": suggestion.reason})
    return suggestion

