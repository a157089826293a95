"""Forms of the item page: one per step of the life cycle (no request.POST.get in views)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.reforms import rules
from zhengwu.reforms.standard import (
    NOTICE_KIND_LABELS,
    NOTICE_LEVEL_LABELS,
    REFORM_OFFICE,
    SUPERVISION_OFFICE,
)

DATE = {"placeholder": "YYYY-MM-DD"}
MAX_MILESTONES = 200


class _On(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("日期"), input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs=DATE)
    )


class RegisterForm(_On):
    unit = forms.ChoiceField(label=gettext_lazy("牵头单位"))
    targets = forms.CharField(
        label=gettext_lazy("目标任务"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    content = forms.CharField(
        label=gettext_lazy("具体内容"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible = forms.CharField(label=gettext_lazy("责任人"), max_length=100)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = list(units)


class DecomposeForm(forms.Form):
    milestones = forms.CharField(
        label=gettext_lazy("节点（每行一个：节点名称 | 成果 | 承办单位代码 | 期限 YYYY-MM-DD）"),
        max_length=40000,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "调研 | 调研报告 | QBB | 2016-03-31"}),
    )

    def clean_milestones(self) -> list[rules.MilestoneDraft]:
        lines = [line for line in self.cleaned_data["milestones"].splitlines() if line.strip()]
        if len(lines) > MAX_MILESTONES:
            raise forms.ValidationError(_("最多 %(n)s 个节点。") % {"n": MAX_MILESTONES})
        out = []
        for i, line in enumerate(lines, 1):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4:
                raise forms.ValidationError(
                    _("第%(n)s行应有 4 项，用“|”分隔：节点名称 | 成果 | 承办单位代码 | 期限。") % {"n": i}
                )
            try:
                due = rules.parse_day(parts[3], f"milestones[{i - 1}].due")
            except rules.RuleError:
                raise forms.ValidationError(
                    _("第%(n)s行的期限“%(v)s”应为日期 YYYY-MM-DD。") % {"n": i, "v": parts[3]}
                ) from None
            out.append(rules.MilestoneDraft(parts[0], parts[1], parts[2].upper(), due))
        return out


class MicroRegisterForm(DecomposeForm, _On):
    """A 微改革 / 微创新 project with its milestones (the same lines as 分解)."""

    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=[("reform", gettext_lazy("微改革")),
                                                                 ("innovation", gettext_lazy("微创新"))])
    unit_code = forms.CharField(label=gettext_lazy("牵头单位代码"), max_length=32)
    title = forms.CharField(label=gettext_lazy("项目名称"), max_length=200)
    summary = forms.CharField(
        label=gettext_lazy("主要内容"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.CharField(label=gettext_lazy("责任人"), max_length=100)

    field_order = ["kind", "unit_code", "title", "summary", "responsible", "on", "milestones"]

    def clean_unit_code(self) -> str:
        return self.cleaned_data["unit_code"].strip().upper()


class MicroMilestoneDoneForm(_On):
    milestone = forms.IntegerField(widget=forms.HiddenInput)


class MicroCloseForm(_On):
    project = forms.IntegerField(widget=forms.HiddenInput)


MICRO_FORMS = {"register": MicroRegisterForm, "milestone": MicroMilestoneDoneForm, "close": MicroCloseForm}


class ReportForm(_On):
    text = forms.CharField(
        label=gettext_lazy("进展情况"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneDoneForm(_On):
    milestone = forms.IntegerField(widget=forms.HiddenInput)


class CompleteForm(_On):
    evidence = forms.CharField(
        label=gettext_lazy("佐证材料（每行一项：文件名称、文号或链接）"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_evidence(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()]


class RefuseForm(_On):
    reasons = forms.CharField(
        label=gettext_lazy("退回理由"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    published = forms.BooleanField(label=gettext_lazy("向社会公开进展"), required=False)


STEP_FORMS = {"register": RegisterForm, "decompose": DecomposeForm, "undertake": _On, "report": ReportForm,
              "milestone": MilestoneDoneForm, "complete": CompleteForm, "verify": _On, "refuse": RefuseForm,
              "close": _On, "publish": PublishForm}


class NoticeIssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"), choices=[(k.value, v) for k, v in NOTICE_KIND_LABELS.items()]
    )
    level = forms.ChoiceField(label=gettext_lazy("等级"),
                              choices=[(k.value, v) for k, v in NOTICE_LEVEL_LABELS.items()])
    issuer_code = forms.ChoiceField(
        label=gettext_lazy("督办单位"),
        choices=[(SUPERVISION_OFFICE, SUPERVISION_OFFICE), (REFORM_OFFICE, REFORM_OFFICE)],
    )
    unit_code = forms.CharField(label=gettext_lazy("责任单位代码"), max_length=32)
    item_number = forms.IntegerField(
        label=gettext_lazy("相关改革事项"), required=False, min_value=1, max_value=42
    )
    demand = forms.CharField(label=gettext_lazy("督办要求（整改措施）"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    signed_by = forms.CharField(label=gettext_lazy("签发人"), max_length=100)
    issued_on = forms.DateField(label=gettext_lazy("签发日期"), input_formats=["%Y-%m-%d"],
                                widget=forms.DateInput(attrs=DATE))
    deadline = forms.DateField(label=gettext_lazy("办理期限"), input_formats=["%Y-%m-%d"],
                               widget=forms.DateInput(attrs=DATE))

    def clean_unit_code(self) -> str:
        return self.cleaned_data["unit_code"].strip().upper()


class NoticeAnswerForm(_On):
    notice = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=gettext_lazy("办理情况"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoticeVerifyForm(_On):
    notice = forms.IntegerField(widget=forms.HiddenInput)
    accepted = forms.BooleanField(label=gettext_lazy("核验通过"), required=False)
    reasons = forms.CharField(label=gettext_lazy("退回理由"), max_length=4000, required=False)


NOTICE_FORMS = {"issue": NoticeIssueForm, "answer": NoticeAnswerForm, "verify": NoticeVerifyForm}


class EvaluationForm(forms.Form):
    """第三方评估 (§一(三)): an evaluator's score of a unit for a period, with its report."""

    unit_code = forms.CharField(label=gettext_lazy("被评估单位代码"), max_length=32)
    evaluator = forms.CharField(label=gettext_lazy("评估机构"), max_length=200)
    period_start = forms.DateField(label=gettext_lazy("评估期起"), input_formats=["%Y-%m-%d"],
                                   widget=forms.DateInput(attrs=DATE))
    period_end = forms.DateField(label=gettext_lazy("评估期止"), input_formats=["%Y-%m-%d"],
                                 widget=forms.DateInput(attrs=DATE))
    score = forms.CharField(label=gettext_lazy("评估得分（0–100）"), max_length=10)
    report = forms.CharField(
        label=gettext_lazy("评估报告摘要"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingCodesForm(forms.Form):
    """群众评议: 评议码 for a period, one per person asked."""

    count = forms.CharField(label=gettext_lazy("发放数量"), max_length=6)
    period_start = forms.DateField(label=gettext_lazy("评议期起"), input_formats=["%Y-%m-%d"],
                                   widget=forms.DateInput(attrs=DATE))
    period_end = forms.DateField(label=gettext_lazy("评议期止"), input_formats=["%Y-%m-%d"],
                                 widget=forms.DateInput(attrs=DATE))


class InspectionForm(forms.Form):
    """§三(三) 检查督办和专题调研: a special inspection or topic research with its units and findings."""

    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=[("inspection", gettext_lazy("专项检查")),
                                                                 ("research", gettext_lazy("专题调研"))])
    office_code = forms.ChoiceField(
        label=gettext_lazy("组织单位"),
        choices=[(SUPERVISION_OFFICE, gettext_lazy("区督查室")), (REFORM_OFFICE, gettext_lazy("区委改革办"))],
    )
    title = forms.CharField(label=gettext_lazy("主题"), max_length=200)
    held_on = forms.DateField(
        label=gettext_lazy("日期"), input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs=DATE)
    )
    item_number = forms.IntegerField(
        label=gettext_lazy("相关改革事项"), required=False, min_value=1, max_value=42
    )
    unit_codes = forms.CharField(label=gettext_lazy("涉及单位代码（以空格或逗号分隔）"), max_length=2000)
    findings = forms.CharField(label=gettext_lazy("发现的问题和结论"), max_length=8000,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def clean_unit_codes(self) -> list[str]:
        return [c for c in self.cleaned_data["unit_codes"].replace("，", ",").replace(",", " ").split() if c]


ASSESSMENT_FORMS = {"evaluation": EvaluationForm, "codes": RatingCodesForm, "inspection": InspectionForm}
