"""The page forms of 大分拨: one Django form per form on a page, so that views read no request.POST.

The forms parse and carry input; they do not repeat the rules. What an event, a reason or a phone
number must be is checked once, in `rules` (called by the services), and a refusal comes back as an
ApplicationError naming its field: `ServiceForm.attach` puts it beside that field (the page shows
one that names no field above the form), with its stable code (`data-code` in the page,
templates/dispatch/_field.html). So the fields are not `required` at the form level (the
browser still is told, by the widget's attribute) and the files are not judged here: every photo goes
to core.uploads through the services.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules
from zhengwu.dispatch.selectors import dispatch_targets
from zhengwu.dispatch.selectors.taxonomy import active_categories
from zhengwu.dispatch.standard import (
    CHANNEL_LABELS,
    EXTENSION_DAYS,
    ORDER_LEVEL_LABELS,
    RATING_LABELS,
    RESOLVED_LABELS,
    RETURN_REASON_LABELS,
    SUBTASK_WORKDAYS,
    Channel,
)


class ServiceForm(forms.Form):
    """A form whose input a service judges: its ApplicationError goes beside the field it names."""

    #: the service's name of a field → this form's, where they differ (reporter_phone → phone)
    service_fields: dict[str, str] = {}

    def attach(self, exc: ApplicationError) -> bool:
        """Put the service's refusal beside the field it names, with its code; False when it names no
        field of this form (the page shows it above, as `error`)."""
        name = self.service_fields.get(exc.field or "", exc.field)
        if name not in self.fields:
            return False
        self.add_error(name, ValidationError(exc.message, code=exc.code))
        return True

    def point_to(self, error_id: str, *names: str) -> None:
        """Mark these fields invalid and described by the page's error `error_id` (a refusal about
        their combination, such as a case number and phone that do not match, names no one field)."""
        for name in names:
            self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": error_id})


def _text(
    label,
    *,
    max_length: int | None = None,
    required: bool = False,
    textarea: bool = False,
    rows: int = 3,
    **attrs,
) -> forms.CharField:
    """A text field the service judges; `required`/`maxlength` only tell the browser."""
    if required:
        attrs["required"] = True
    if max_length:
        attrs["maxlength"] = max_length
    widget = forms.Textarea(attrs={"rows": rows} | attrs) if textarea else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label or "", required=False, strip=False, widget=widget)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.Field):
    """Several files, passed on as sent: core.uploads decodes and re-encodes each (or names why not)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/*", "multiple": True})

    def clean(self, value):
        return [f for f in (value or []) if f]


class ReportForm(ServiceForm):
    """The public web form (no login): what, where, photos, who — the phone is the citizen's proof."""

    service_fields = {"reporter_name": "name", "reporter_phone": "phone"}
    title = _text(_("标题"), max_length=200, required=True)
    text = _text(_("问题描述"), required=True, textarea=True, rows=6)
    address = _text(
        _("地址（街道、社区、道路或小区）"), max_length=200, placeholder=_("例如 桂园街道鹿丹村12栋")
    )
    lat = _text(_("纬度"), inputmode="decimal")
    lng = _text(_("经度"), inputmode="decimal")
    photos = PhotosField(label=_("照片（可选，最多6张）"))
    name = _text(_("姓名（可选）"), max_length=64)
    phone = _text(_("联系电话（用于查询进度，不公开）"), required=True, inputmode="tel")

    def intake_fields(self) -> dict:
        """The arguments of `services.event_report` / `event_intake`."""
        d = self.cleaned_data
        return {
            "title": d["title"],
            "text": d["text"],
            "address": d["address"],
            "lat": d["lat"],
            "lng": d["lng"],
            "reporter_name": d["name"],
            "reporter_phone": d["phone"],
            "photos": d["photos"],
        }


class HotlineForm(ServiceForm):
    """The hotline operator's form (统一接听): the caller, a call-back flag, the call. No photos."""

    service_fields = {"reporter_name": "name", "reporter_phone": "phone", "callback_requested": "callback"}
    phone = _text(_("来电号码"), required=True, inputmode="tel")
    name = _text(_("来电人"))
    callback = forms.BooleanField(label=_("需要回电"), required=False)
    title = _text(_("标题"), required=True)
    text = _text(_("来电内容"), required=True, textarea=True, rows=5)
    address = _text(_("地址"))

    def intake_fields(self) -> dict:
        d = self.cleaned_data
        return {"title": d["title"], "text": d["text"], "address": d["address"], "reporter_name": d["name"],
                "reporter_phone": d["phone"], "callback_requested": d["callback"]}


class UnechoedInput(forms.TextInput):
    """A text input that never writes the typed value back
    into the page (a phone number that proves a case)."""

    def format_value(self, value):
        return None


class LookupForm(ServiceForm):
    """The citizen's lookup: case number and phone (never echoed back)."""

    case_no = _text(_("受理编号"), required=True)
    phone = forms.CharField(label=_("联系电话"), required=False, strip=False,
                            widget=UnechoedInput(attrs={"required": True, "inputmode": "tel"}))

    def clean_case_no(self) -> str:
        return (self.cleaned_data.get("case_no") or "").strip().upper()


class RateForm(ServiceForm):
    """The citizen's rating of the reply."""

    rating = forms.CharField(required=False, widget=forms.RadioSelect(choices=list(RATING_LABELS.items())))
    comment = _text(_("意见（可选）"), textarea=True, rows=2)


class CaseFilterForm(forms.Form):
    """The filter of the list of all events (GET): a state and words in the number, title or address."""

    q = forms.CharField(required=False, max_length=100)
    state = forms.ChoiceField(required=False, choices=[("", _("全部状态")), *rules.STATE_CHOICES])

    def filters(self) -> dict:
        """{state, q} for `selectors.event_list` (an unknown state filters nothing)."""
        d = self.cleaned_data if self.is_valid() else {}
        return {"state": d.get("state", ""), "q": (d.get("q") or "").strip()}


CHANNEL_CHOICES = [(c.value, CHANNEL_LABELS[c]) for c in Channel]


class ChannelFilterForm(forms.Form):
    """The channel statistics' selector (GET): a period (by receipt date) and one channel or all."""

    MAX_DAYS = 366

    start = forms.DateField(
        required=False, label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(required=False, label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(
        required=False, label=_("渠道"), choices=[("", _("全部渠道")), *CHANNEL_CHOICES]
    )

    def clean(self):
        d = super().clean()
        start, end = d.get("start"), d.get("end")
        if start and end:
            if end < start:
                raise ValidationError(_("截止日期早于起始日期。"), code="end_before_start")
            if (end - start).days > self.MAX_DAYS:
                raise ValidationError(
                    _("统计期间不能超过 %(n)s 天。") % {"n": self.MAX_DAYS}, code="too_long"
                )
        return d


# --- The case page: one form per action (the buttons the table of permissions allows) --------------------


class ActionForm(ServiceForm):
    """An action without input (accept, start): the button alone."""


class DispatchForm(ServiceForm):
    """Manual dispatch: to which unit, and the class the dispatcher confirms (kept as training data)."""

    unit = forms.ModelChoiceField(queryset=dispatch_targets(), label=_("分拨给"), empty_label=None)
    label = forms.CharField(required=False, label=_("分类（人工确认，作为训练数据）"), widget=forms.Select)
    note = _text(None, placeholder=_("说明"))

    def __init__(self, *args, level1s=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].widget.choices = [("", "—"), *((c, c) for c in level1s)]


def _select(label, labels: dict) -> forms.CharField:
    """A choice the service judges (an unknown value comes back as its refusal, beside the field)."""
    return forms.CharField(label=label or "", required=False, widget=forms.Select(
        choices=[("", _("请选择")), *((str(k), v) for k, v in labels.items())], attrs={"required": True}))


class ReturnForm(ServiceForm):
    """退回 between units: a coded reason (standard.ReturnReason), words for “其他”."""

    return_code = _select(_("退回理由代码"), RETURN_REASON_LABELS)
    reason = _text(None, placeholder=_("补充说明（理由为“其他”时必填）"))


class ResolveForm(ServiceForm):
    result = _text(_("处置结果"), required=True, textarea=True)
    photos = PhotosField(label="")


class ReplyForm(ServiceForm):
    text = _text(_("统一回复（按分类模板生成，可修改）"), textarea=True, rows=4)


class CloseForm(ServiceForm):
    note = _text(None, placeholder=_("说明"))


class ReopenForm(ServiceForm):
    reason = _text(None, required=True, placeholder=_("重启理由"))


class ExtensionRequestForm(ServiceForm):
    days = forms.CharField(
        label="",
        required=False,
        widget=forms.NumberInput(
            attrs={
                "required": True,
                "placeholder": _("延期工作日"),
                "min": EXTENSION_DAYS[0],
                "max": EXTENSION_DAYS[1],
            }
        ),
    )
    reason = _text(None, required=True, placeholder=_("延期理由"))


class SuperviseForm(ServiceForm):
    note = _text(None, required=True, placeholder=_("督办意见"))


class EscalateForm(ServiceForm):
    """逐级上报: why this unit cannot handle the case (it goes one tier up, services.escalation)."""

    reason = _text(None, required=True, placeholder=_("上报理由（本级无法处置的原因）"))


class CallbackForm(ServiceForm):
    """回访 recorded: whether the citizen was reached, the two separate answers, and what was said."""

    reached = forms.BooleanField(label=_("已联系上"), required=False, initial=True)
    resolved = _select(_("是否解决"), RESOLVED_LABELS)
    satisfaction = _select(_("满意度"), RATING_LABELS)
    note = _text(None, required=True, placeholder=_("回访记录"))


class CohandleForm(ServiceForm):
    """大联动: assisting units (协办), their task, the working days they have for feedback."""

    units = forms.ModelMultipleChoiceField(queryset=dispatch_targets(), label=_("协办单位"), required=False)
    task = _text(_("协办任务"), required=True)
    days = forms.IntegerField(
        label=_("反馈期限（工作日）"), required=False, initial=SUBTASK_WORKDAYS, min_value=1, max_value=30
    )


class OverrideForm(ServiceForm):
    reason = _text(None, required=True, placeholder=_("未等协办反馈即办结的理由"))


class RecategoriseForm(ServiceForm):
    category = forms.ModelChoiceField(queryset=active_categories(), label=_("新分类"), required=False)
    reason = _text(None, required=True, placeholder=_("改类理由"))


class OrderIssueForm(ServiceForm):
    """A 督办单 by hand: level, demand, working days to reply."""

    level = _select(_("督办级别"), ORDER_LEVEL_LABELS)
    demand = _text(_("督办要求"), required=True, textarea=True, rows=2)
    days = forms.IntegerField(label=_("答复期限（工作日）"), required=False, min_value=1, max_value=30)


class FeedbackForm(ServiceForm):
    feedback = _text(_("协办反馈"), required=True, textarea=True, rows=2)


class RulingForm(ServiceForm):
    unit = forms.ModelChoiceField(queryset=dispatch_targets(), label=_("裁定承办单位"), required=False)
    reason = _text(None, required=True, placeholder=_("裁定理由"))


class OrderReplyForm(ServiceForm):
    text = _text(_("答复内容"), required=True, textarea=True, rows=3)


class SignOffForm(ServiceForm):
    note = _text(None, placeholder=_("销号意见"))


class EvidenceField(PhotosField):
    """Evidence files (photos or PDF), passed on as sent: services.appeals checks each."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = "image/*,application/pdf"


class AppealForm(ServiceForm):
    reason = _text(_("申诉理由"), required=True, textarea=True, rows=3)
    evidence = EvidenceField(label=_("证据（照片或 PDF，最多6个）"))


class AppealDecideForm(ServiceForm):
    uphold = forms.CharField(required=False)
    note = _text(None, required=True, placeholder=_("裁决意见"))

    def upheld(self) -> bool:
        return self.cleaned_data.get("uphold") == "1"


class ExtensionDecideForm(ServiceForm):
    """A dispatcher's decision on an extension: approve=1 approves, anything else refuses."""

    approve = forms.CharField(required=False)

    def approved(self) -> bool:
        return self.cleaned_data.get("approve") == "1"


#: The form of each action on the case page (rules.TRANSITIONS' actions that take input from a page). On
#: the page each has the ids "id_<action>_<field>" (several forms share field names such as "reason").
ACTION_FORMS: dict[str, type[ServiceForm]] = {
    "dispatch": DispatchForm,
    "accept": ActionForm,
    "return": ReturnForm,
    "start": ActionForm,
    "resolve": ResolveForm,
    "reply": ReplyForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "request_extension": ExtensionRequestForm,
    "supervise": SuperviseForm,
    "escalate": EscalateForm,
    "cohandle": CohandleForm,
    "override": OverrideForm,
    "recategorise": RecategoriseForm,
    "issue_order": OrderIssueForm,
}


class HotspotFilterForm(forms.Form):
    """The hotspot page's period: `days` days ending on `end` (default today and the configured length)."""

    end = forms.DateField(
        label=_("统计截止日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(label=_("统计天数"), required=False, min_value=1, max_value=366,
                              widget=forms.NumberInput(attrs={"placeholder": "7"}))
    label = forms.CharField(label=_("一级分类"), required=False, max_length=32)
    street = forms.CharField(label=_("街道"), required=False, max_length=32)


class ProactiveTaskForm(ServiceForm):
    """A hotspot (class, street, period) turned into a 主动治理 task for a unit."""

    label = forms.CharField(widget=forms.HiddenInput, max_length=32)
    street = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    end = forms.DateField(widget=forms.HiddenInput)
    days = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=366)
    unit = forms.ChoiceField(label=_("责任单位"), choices=())
    title = forms.CharField(label=_("任务名称"), max_length=200)
    demand = forms.CharField(label=_("治理要求"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(
        label=_("完成期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—")] + [(code, name) for code, name in units]


class ProactiveDoneForm(ServiceForm):
    result = forms.CharField(label=_("治理结果"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class HotspotSuggestForm(ServiceForm):
    """The community whose 民生微实事 suggestion the hotspot becomes."""

    service_fields = {"unit": "community"}
    community = forms.ChoiceField(label=_("社区"), choices=())

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [("", "—")] + [(code, name) for code, name in communities]
