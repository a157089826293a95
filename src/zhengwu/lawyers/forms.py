"""The firm form of the §三(一) check: the fields of `rules.parse_firm`, which validates them."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengwu.lawyers import rules
from zhengwu.lawyers.standard import SERVICE_KIND_LABELS

_SEPARATORS = re.compile(r"[\s,，、;；]+")


class FirmForm(forms.Form):
    """A law firm's facts as a person types them; `clean` builds the JSON facts and runs the rules' own
    parser (`firm`), so the page, the API and the command line accept exactly the same things."""

    name = forms.CharField(label=_("律师事务所名称"), max_length=rules.MAX_NAME)
    practising_lawyers = forms.IntegerField(label=_("执业律师人数"), min_value=0, max_value=rules.MAX_PEOPLE)
    admin_staff = forms.IntegerField(label=_("行政辅助人员人数"), min_value=0, max_value=rules.MAX_PEOPLE)
    qualified_partners = forms.IntegerField(
        label=_("曾任政府机关法律顾问或在行政、司法机关工作过的合伙人人数"),
        min_value=0,
        max_value=rules.MAX_ITEMS,
        initial=0,
    )
    bad_records = forms.CharField(
        label=_("不良执业记录的日期"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每条记录一个日期（YYYY-MM-DD），用空格、逗号或换行分隔；没有就留空"),
    )
    admin_law_team = forms.BooleanField(label=_("具有熟悉行政法规的律师团队"), required=False)
    on = forms.DateField(label=_("审查日期"), help_text=_("“近三年内”从这一天往前算"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        facts = {"name": data["name"], "practising_lawyers": data["practising_lawyers"],
                 "admin_staff": data["admin_staff"], "admin_law_team": data["admin_law_team"],
                 "partners": [{"government_adviser": True}] * data["qualified_partners"],
                 "bad_records": [d for d in _SEPARATORS.split(data["bad_records"]) if d]}
        try:
            self.firm = rules.parse_firm(facts)
        except rules.InvalidFacts as exc:
            field = (exc.field or "").split(".")[0]
            self.add_error(field if field in self.fields else None, exc.detail)
        return data


class WorkRecordForm(forms.Form):
    """One day's work (§五(二)); the rules judge it again in the service."""

    person = forms.TypedChoiceField(label=_("人员"), coerce=int)
    day = forms.DateField(label=_("日期"))
    kind = forms.ChoiceField(label=_("服务类别"), choices=list(SERVICE_KIND_LABELS.items()))
    hours = forms.DecimalField(label=_("工作时间（小时）"), min_value=0, max_value=24, decimal_places=1)
    cases = forms.IntegerField(label=_("处理案件数量"), min_value=0, initial=0)
    disputes = forms.IntegerField(label=_("解决纠纷数量"), min_value=0, initial=0)
    documents = forms.IntegerField(label=_("发出律师文书数量"), min_value=0, initial=0)
    actions = forms.IntegerField(label=_("随队执法次数"), min_value=0, initial=0)
    present = forms.BooleanField(label=_("当天在执法单位"), required=False, initial=True)
    note = forms.CharField(
        label=_("工作内容"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._people = {p.pk: p for p in people}
        self.fields["person"].choices = [(p.pk, p.name) for p in people]

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["person"] = self._people[d["person"]]
        return d
