"""The earliest day a credit repair may end a penalty's publicity, stored beside `public_until` so that every
surface applies the one definition of what is public (rules.visibility) — the raw SQL of the public search too.

Records published before: computed from their decision date and severity under the policy in force
(`CREDIT_PUBLICITY_POLICY`), as `services.workflow` does at publication.
"""

from django.db import migrations, models

from zhengwu.core.conf import setting
from zhengwu.credit.rules import publicity


def backfill(apps, schema_editor):
    Record = apps.get_model("credit", "Record")
    policy = publicity.policy_from_settings(setting("CREDIT_PUBLICITY_POLICY"))
    published = Record.objects.filter(kind="penalty", state__in=("published", "pushed"), public_until__isnull=False)
    pairs = published.exclude(severity="").values_list("decided_on", "severity").distinct()
    for decided_on, severity in pairs.iterator():
        window = policy.window(publicity.Severity(severity))
        if window.publish:
            published.filter(decided_on=decided_on, severity=severity).update(
                repairable_from=publicity.add_months(decided_on, window.min_months))


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0006_import_batch_heartbeat_lease"),
    ]

    operations = [
        migrations.AddField(
            model_name="record",
            name="repairable_from",
            field=models.DateField(blank=True, help_text="处罚最短公示期满之日；信用修复不早于该日结束公示，例如 2026-08-11",
                                   null=True, verbose_name="最早可修复日期"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
