import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="标题")),
                ("state", models.CharField(choices=[("draft", "草稿"), ("submitted", "已提交"), ("done", "已办结")],
                                           default="draft", max_length=16, verbose_name="状态")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                 to=settings.AUTH_USER_MODEL, verbose_name="创建人")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                           to="org.unit", verbose_name="单位")),
            ],
            options={"verbose_name": "事项", "verbose_name_plural": "事项", "ordering": ["-created_at", "-id"]},
        ),
    ]
