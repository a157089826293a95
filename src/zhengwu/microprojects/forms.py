"""The proposal form of the 民生微实事 check: the fields of `rules.parse_proposal`, which validates them."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zhengwu.microprojects import rules
from zhengwu.microprojects.standard import APPLICANT_LABELS, CATEGORY_LABELS, EVALUATION_GROUPS, KIND_LABELS

FIELDS = ("category", "kind", "amount", "admin_cost", "applicant_kind", "title", "description")


class ProposalForm(forms.Form):
    """What a resident or a community writes on a proposal; `clean` runs the scheme's own parser, so a field
    it refuses is shown beside that field, and `proposal` is what `rules.assess` takes."""

    category = forms.ChoiceField(
        label=_("项目类别"), choices=[(k.value, v) for k, v in CATEGORY_LABELS.items()]
    )
    kind = forms.ChoiceField(label=_("必选或自选"), choices=[(k.value, v) for k, v in KIND_LABELS.items()])
    applicant_kind = forms.ChoiceField(
        label=_("申报主体"), choices=[(k.value, v) for k, v in APPLICANT_LABELS.items()]
    )
    amount = forms.CharField(
        label=_("项目金额（元）"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    admin_cost = forms.CharField(label=_("其中行政费用（元）"), max_length=20, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                 help_text=_("服务类项目的行政费用不超过项目金额的三分之一"))
    title = forms.CharField(label=_("项目名称"), max_length=rules.MAX_TITLE, strip=False)
    description = forms.CharField(
        label=_("项目内容"),
        max_length=rules.MAX_DESCRIPTION,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        raw = {name: data.get(name) for name in FIELDS}
        raw["admin_cost"] = raw["admin_cost"] or None
        try:
            self.proposal = rules.parse_proposal(raw)
        except rules.InvalidProposal as exc:
            if exc.field in FIELDS:
                self.add_error(exc.field, exc.detail)
            else:
                raise forms.ValidationError(exc.message, code="invalid_proposal") from None
        return data


# --- Public forms (hostile input: limited lengths, plain text only) -------------------------------------

class SuggestionForm(forms.Form):
    community = forms.CharField(label=_("社区代码"), max_length=32, widget=forms.HiddenInput)
    title = forms.CharField(label=_("建议标题"), max_length=rules.MAX_TITLE)
    text = forms.CharField(
        label=_("建议内容"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(label=_("称呼（不公开）"), max_length=64, required=False)
    contact = forms.CharField(label=_("联系方式（不公开）"), max_length=64, required=False)


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("异议内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    contact = forms.CharField(label=_("联系方式（不公开）"), max_length=64, required=False)


# --- Staff forms -----------------------------------------------------------------------------------

class ProjectForm(ProposalForm):
    applicant_name = forms.CharField(label=_("申报主体名称"), max_length=100)
    suggestions = forms.CharField(label=_("来源建议编号（逗号分隔）"), max_length=500, required=False)
    library_entry = forms.IntegerField(label=_("来源项目库编号"), required=False, min_value=1)

    def suggestion_ids(self) -> list[int]:
        raw = self.cleaned_data.get("suggestions") or ""
        try:
            return [int(x) for x in raw.replace("，", ",").split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError(_("建议编号须为数字。")) from None


class StepForm(forms.Form):
    """One workflow step: the decision, the record, and what that step needs."""

    passed = forms.TypedChoiceField(
        label=_("结论"), choices=[("1", _("通过")), ("0", _("不通过"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("记录（会议纪要、意见或不通过理由）"), max_length=20_000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    attendees = forms.IntegerField(label=_("出席人数"), min_value=1, required=False)
    amount = forms.DecimalField(
        label=_("评定金额（元）"), max_digits=14, decimal_places=2, required=False, min_value=0
    )


class CouncilForm(forms.Form):
    minutes = forms.CharField(
        label=_("会议纪要"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    present = forms.IntegerField(label=_("现场出席"), min_value=0)
    yes = forms.IntegerField(label=_("现场赞成"), min_value=0)
    no = forms.IntegerField(label=_("现场反对"), min_value=0)
    abstain = forms.IntegerField(label=_("现场弃权"), min_value=0, initial=0)
    paper_present = forms.IntegerField(label=_("书面表决人数"), min_value=0, initial=0, required=False)
    paper_yes = forms.IntegerField(label=_("书面赞成"), min_value=0, initial=0, required=False)
    paper_no = forms.IntegerField(label=_("书面反对"), min_value=0, initial=0, required=False)
    paper_abstain = forms.IntegerField(label=_("书面弃权"), min_value=0, initial=0, required=False)

    def tallies(self) -> list[rules.Tally]:
        d = self.cleaned_data
        out = [rules.Tally(d["present"], d["yes"], d["no"], d["abstain"] or 0)]
        if d.get("paper_present"):
            out.append(rules.Tally(d["paper_present"], d.get("paper_yes") or 0, d.get("paper_no") or 0,
                                   d.get("paper_abstain") or 0))
        return out


class ExpertDrawForm(forms.Form):
    field = forms.CharField(label=_("专业"), max_length=32)
    count = forms.IntegerField(label=_("人数"), min_value=1, max_value=15, initial=3)


class ReasonsForm(forms.Form):
    item = forms.IntegerField(
        label=_("负面清单序号（超上限例外留空）"), required=False, min_value=1, max_value=28
    )
    reasons = forms.CharField(
        label=_("街道同意的理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImplementerForm(forms.Form):
    implementer = forms.CharField(label=_("实施主体"), max_length=100)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点"), max_length=200)
    progress = forms.IntegerField(label=_("进度（%）"), min_value=0, max_value=100)
    note = forms.CharField(label=_("说明"), max_length=5000, required=False)


class CompleteForm(forms.Form):
    maintenance_unit = forms.CharField(label=_("后续管理养护单位"), max_length=100)
    funds_used = forms.DecimalField(label=_("资金使用（元）"), max_digits=14, decimal_places=2, min_value=0)
    results = forms.CharField(label=_("实施效果"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class AuditForm(forms.Form):
    result = forms.CharField(label=_("审计结果"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    approved_amount = forms.DecimalField(
        label=_("审定金额（元）"), max_digits=14, decimal_places=2, required=False
    )


class EvaluationForm(forms.Form):
    evaluator = forms.CharField(label=_("第三方评估机构"), max_length=100)
    satisfaction = forms.DecimalField(
        label=_("满意度（%）"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    resident_score = forms.DecimalField(label=_("居民评议"), max_digits=5, decimal_places=2, required=False,
                                        min_value=0, max_value=100)
    council_score = forms.DecimalField(label=_("议事会评议"), max_digits=5, decimal_places=2, required=False,
                                       min_value=0, max_value=100)
    expert_score = forms.DecimalField(label=_("专家评议"), max_digits=5, decimal_places=2, required=False,
                                      min_value=0, max_value=100)


#: the survey's five groups (§六(四)) as form fields: respondents_0 … respondents_4
RESPONDENT_FIELDS = {f"respondents_{i}": group for i, group in enumerate(EVALUATION_GROUPS)}


def _respondent_fields(form_class):
    for name, group in RESPONDENT_FIELDS.items():
        form_class.base_fields[name] = forms.IntegerField(
            label=format_lazy("{}{}", _("测评人数："), _(group)),
            min_value=0,
            max_value=100_000,
            required=False,
        )
    return form_class


def respondents(cleaned: dict) -> dict[str, int]:
    """{group: count} of the groups the survey asked (blank and zero left out)."""
    return {group: cleaned[name] for name, group in RESPONDENT_FIELDS.items() if cleaned.get(name)}


class ContributionForm(forms.Form):
    """§七(五) a donation, sponsorship or naming of the project."""

    kind = forms.ChoiceField(label=_("方式"), choices=[("donation", _("捐赠")), ("sponsorship", _("赞助")),
                                                     ("naming", _("冠名"))])
    party = forms.CharField(label=_("出资单位"), max_length=100)
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=0.01)


class ObjectionAnswerForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("答复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    upheld = forms.BooleanField(label=_("异议成立（项目终止）"), required=False)


class RatingCodeForm(forms.Form):
    """The resident's 评价码 (handed out by the street), to rate a completed project."""

    code = forms.CharField(label=_("评价码（例如 ABCD-EFGH-JKMN）"), max_length=32)


class RatingCodesIssueForm(forms.Form):
    count = forms.IntegerField(label=_("发放评价码数量"), min_value=1, max_value=500)


class BudgetForm(forms.Form):
    unit = forms.CharField(label=_("单位代码（街道或社区）"), max_length=32)
    year = forms.IntegerField(label=_("年度"), min_value=2016, max_value=2100)
    amount = forms.DecimalField(label=_("预算（元）"), max_digits=14, decimal_places=2, min_value=0.01)


class ExcellenceForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2016, max_value=2100)
    street = forms.CharField(label=_("街道代码（留空为全区评选）"), max_length=32, required=False)
    count = forms.IntegerField(label=_("评选数量"), min_value=1, max_value=1000)
    residents = forms.DecimalField(
        label=_("居民评议权重"), min_value=0, max_digits=6, decimal_places=2, initial=1
    )
    council = forms.DecimalField(
        label=_("议事会评议权重"), min_value=0, max_digits=6, decimal_places=2, initial=1
    )
    experts = forms.DecimalField(
        label=_("专家评议权重"), min_value=0, max_digits=6, decimal_places=2, initial=1
    )


class StageDateForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2016, max_value=2100)
    stage = forms.CharField(label=_("阶段"), max_length=32)
    on = forms.DateField(label=_("日期"), required=False, help_text=_("留空即取消该阶段的日期"))
    confirm = forms.BooleanField(label=_("确认保存"), required=False)


class SuggestionImportForm(forms.Form):
    file = forms.FileField(label=_("历史建议（CSV 或 XLSX）"))


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("分拣结果"),
        choices=[("library", _("入项目库")), ("declined", _("不采纳")), ("duplicate", _("重复"))],
    )
    library_entry = forms.IntegerField(label=_("项目库项目编号"), required=False)
    duplicate_of = forms.IntegerField(label=_("重复的建议编号"), required=False)
    reason = forms.CharField(label=_("理由（告知建议人）"), max_length=2000, required=False)


_respondent_fields(EvaluationForm)
