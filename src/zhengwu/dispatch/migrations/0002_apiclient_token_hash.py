"""Store only the SHA-256 of API tokens (existing tokens keep working: their hashes are computed)."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    ApiClient = apps.get_model("dispatch", "ApiClient")
    for client in ApiClient.objects.all():
        client.token_hash = hashlib.sha256(client.token.encode("utf-8")).hexdigest()
        client.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apiclient", name="token_hash",
            field=models.CharField(max_length=64, null=True, editable=False, verbose_name="令牌摘要"),
        ),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="apiclient", name="token"),
        migrations.AlterField(
            model_name="apiclient", name="token_hash",
            field=models.CharField(editable=False, help_text="令牌的 SHA-256；令牌本身只在生成时显示一次",
                                   max_length=64, unique=True, verbose_name="令牌摘要"),
        ),
    ]
