"""Every page form of 双公示, validated in one place; views never read request.POST themselves.

A service's refusal (`ApplicationError` naming a `field`) is attached to that field
with `add_error`, so that it is shown beside the field like the form's own errors.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.rules import objections as objection_rules
from zhengwu.credit.rules import repair as repair_rules
from zhengwu.credit.rules import workflow as workflow_rules
from zhengwu.credit.rules.publicity import SEVERITY_LABELS
from zhengwu.credit.standard import KIND_CHOICES

YES_NO = [("no", _("否")), ("yes", _("是"))]


def add_error(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's refusal beside the field it names (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def cleaned(form: forms.Form) -> dict:
    """The form's cleaned data, or ValidationError naming
    each wrong field (the API's one error shape, 400)."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


class UnitChoiceField(forms.TypedChoiceField):
    """One of the given units (by id); cleans to the unit itself."""

    def __init__(self, units, **kwargs):
        self.units = {str(u.pk): u for u in units}
        super().__init__(
            choices=[(pk, u.name) for pk, u in self.units.items()], coerce=self.units.get, **kwargs
        )


class UploadForm(forms.Form):
    unit = UnitChoiceField((), label=_("单位"))
    kind = forms.ChoiceField(label=_("类型"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("文件"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json"})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(units, label=_("单位"))


class ImportApiForm(forms.Form):
    """The import API's multipart body: the file, its kind and (for a session user) the unit's code."""

    kind = forms.ChoiceField(choices=KIND_CHOICES)
    unit = forms.CharField(required=False, max_length=32)
    file = forms.FileField()


class ReviewForm(forms.Form):
    """《政府信息公开保密审查审批表》: the four questions
    (yes/no, each answered), the decision and the reasons."""

    decision = forms.ChoiceField(
        choices=[(d.value, label) for d, label in workflow_rules.DECISION_LABELS.items()],
        widget=forms.HiddenInput,
    )
    severity = forms.ChoiceField(
        label=_("处罚情节（留空由系统按处罚类别判断）"),
        required=False,
        choices=[("", "—")] + [(s.value, label) for s, label in SEVERITY_LABELS.items()],
    )
    severity_reason = forms.CharField(label=_("认定理由（选择处罚情节时必填，例如 行业主管部门分类标准）"),
                                      required=False, max_length=200)
    reasons = forms.CharField(label=_("审查意见（退回时必填）"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, is_penalty: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        checks = {name: forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                                          error_messages={"required": _("请选择“是”或“否”。")})
                  for name, label in workflow_rules.REVIEW_CHECKS.items()}
        self.fields = {**checks, **self.fields}
        if not is_penalty:
            del self.fields["severity"]
            del self.fields["severity_reason"]

    @property
    def check_fields(self):
        return [self[name] for name in workflow_rules.CHECKS]

    def answers(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] == "yes" for name in workflow_rules.CHECKS}


class StatusForm(forms.Form):
    """当前状态 of a record: 0 正常 / 1 撤销 / 2 异议 / 3 其他 (with a note)."""

    status = forms.ChoiceField(
        label=_("变更当前状态"),
        choices=[(v, f"{v} {label}") for v, label in workflow_rules.STATUS_LABELS.items()],
    )
    note = forms.CharField(label=_("备注（状态 3 必填）"), required=False, max_length=512)


class BulkForm(forms.Form):
    """The records a bulk form names: the ticked ids, or every record of the list (optionally of one unit)."""

    ids = forms.TypedMultipleChoiceField(required=False, coerce=int, widget=forms.MultipleHiddenInput)
    all = forms.BooleanField(required=False)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # any positive id may be named; which of them the user may act on is the selector's business
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()


class BulkApproveForm(BulkForm):
    attest = forms.BooleanField(
        label=_(
            "本人已审查所选记录：均不涉及国家秘密、商业秘密、个人隐私，公开后不危及国家安全、"
            "公共安全、经济安全和社会稳定"
        ),
        error_messages={
            "required": _(
                "批量同意公开前，请确认所选记录均不涉及国家秘密、商业秘密、个人隐私，公开后不危及安全稳定。"
            )
        },
    )


class ObjectionForm(forms.Form):
    """The public's objection (no account): who, how to reach them (never public), what and why."""

    name = forms.CharField(label=_("姓名或单位名称"), max_length=objection_rules.LIMITS["name"])
    contact = forms.CharField(label=_("联系方式（电话或电子邮箱，仅公示单位可见，不公开）"),
                              max_length=objection_rules.LIMITS["contact"])
    content = forms.CharField(label=_("异议内容及理由"), max_length=objection_rules.LIMITS["content"],
                              widget=forms.Textarea(attrs={"rows": 6}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class RepairForm(forms.Form):
    """An application for credit repair (public: no account; or entered by staff):
    who applies, how to reach them (never public), how the obligations were fulfilled, the proof files
    (core.uploads checks them) and the 信用承诺."""

    applicant = forms.CharField(
        label=_("申请人（当事人或其代理人）"), max_length=repair_rules.LIMITS["applicant"]
    )
    contact = forms.CharField(label=_("联系方式（电话或电子邮箱，仅公示单位可见，不公开）"),
                              max_length=repair_rules.LIMITS["contact"])
    fulfilled = forms.CharField(
        label=_("履行义务情况（如罚款已缴纳、违法行为已整改）"),
        max_length=repair_rules.LIMITS["fulfilled"],
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    commitment = forms.BooleanField(label=_("我已阅读并作出上述信用承诺"), required=False)

    def clean_commitment(self) -> bool:
        if not self.cleaned_data.get("commitment"):
            raise ValidationError(_("请阅读并作出信用承诺。"))
        return True


class RepairDecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审核结论"),
        choices=[("1", _("同意修复（停止公示）")), ("0", _("不予修复"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审核意见（不予修复时必填）"), required=False,
                           max_length=repair_rules.LIMITS["note"], widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionLookupForm(forms.Form):
    """The objector's lookup of the handling: the objection's
    number and the 查询码 given when it was filed."""

    number = forms.CharField(label=_("异议编号"), max_length=16)
    code = forms.CharField(label=_("查询码（提交异议时显示，例如 ABCD-EFGH-JKMN）"), max_length=32)


class ObjectionAcceptForm(forms.Form):
    note = forms.CharField(
        label=_("受理说明（可选）"), required=False, max_length=objection_rules.LIMITS["note"]
    )


class ObjectionAnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=[("", "—")] + [
        (o.value, label) for o, label in objection_rules.OUTCOME_LABELS.items()])
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 4}))


def objection_step_form(data) -> forms.Form:
    """The accept or the answer form, as the objection page's hidden `action` says."""
    return ObjectionAcceptForm(data) if data.get("action") == "accept" else ObjectionAnswerForm(data)


class CatalogItemForm(forms.Form):
    unit = UnitChoiceField((), label=_("单位"))
    kind = forms.ChoiceField(label=_("类型"), choices=KIND_CHOICES)
    code = forms.CharField(label=_("事项编码"), max_length=50)
    name = forms.CharField(label=_("事项名称"), max_length=256)
    power_ref = forms.CharField(label=_("权责清单编号"), required=False, max_length=64)
    publishable = forms.BooleanField(label=_("可公示"), required=False, initial=True)
    publishable_fields = forms.CharField(
        label=_("可公示信息项（字段代码，逗号分隔；空为全部）"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "CF_WSH,CF_XDR_MC"}),
    )
    legal_basis = forms.CharField(
        label=_("不予公示的理由和依据"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(units, label=_("单位"))

    def clean_publishable_fields(self) -> list[str]:
        text = self.cleaned_data["publishable_fields"].replace("，", ",")
        return [code.strip() for code in text.split(",") if code.strip()]


class CatalogSubmitForm(forms.Form):
    unit = UnitChoiceField((), label=_("单位"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(units, label=_("单位"))


class CatalogDecideForm(forms.Form):
    accept = forms.TypedChoiceField(choices=[("1", _("确认")), ("0", _("退回"))], coerce=lambda v: v == "1")
    comment = forms.CharField(label=_("意见（退回必填）"), required=False)


class ContactForm(forms.Form):
    """One of the unit's 双公示 contacts (services.contact_save checks the rest)."""

    unit = UnitChoiceField((), label=_("单位"))
    role = forms.ChoiceField(label=_("职责"), choices=[("leader", _("负责人")), ("business", _("业务联络人")),
                                                      ("technical", _("技术联络人"))])
    name = forms.CharField(label=_("姓名"), max_length=32)
    position = forms.CharField(label=_("职务"), max_length=64, required=False)
    phone = forms.CharField(label=_("办公电话"), max_length=32, required=False)
    mobile = forms.CharField(label=_("手机"), max_length=32, required=False)
    email = forms.CharField(label=_("电子邮箱"), max_length=128, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(units, label=_("单位"))
