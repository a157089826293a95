# The state side as makemigrations wrote it; the database side by hand: Django would drop and build both
# indexes again (and on SQLite rebuild the whole table) where a rename is enough.

from django.db import migrations, models

#: (old name, new name, column): the names Django gave the db_index indexes in 0001_initial
RENAMED = (
    ("credit_record_decision_no_d00ee750", "credit_record_decision_no", "decision_no"),
    ("credit_record_uscc_8770b472", "credit_record_uscc", "uscc"),
)


def _rename(schema_editor, pairs) -> None:
    q = schema_editor.quote_name
    for old, new, column in pairs:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {q(old + '_like')}")
            schema_editor.execute(f"ALTER INDEX IF EXISTS {q(old)} RENAME TO {q(new)}")
        else:  # SQLite cannot rename an index
            schema_editor.execute(f"DROP INDEX IF EXISTS {q(old)}")
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {q(new)} ON credit_record ({q(column)})")


def forwards(apps, schema_editor):
    _rename(schema_editor, RENAMED)


def backwards(apps, schema_editor):
    _rename(schema_editor, [(new, old, column) for old, new, column in RENAMED])
    if schema_editor.connection.vendor == "postgresql":
        q = schema_editor.quote_name
        for old, _new, column in RENAMED:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {q(old + '_like')} ON credit_record "
                                  f"({q(column)} varchar_pattern_ops)")


class Migration(migrations.Migration):
    """决定书文号 and 统一社会信用代码 keep one plain index each; PostgreSQL's `_like` twins go (no query
    uses LIKE on them), two of the ten index builds after a large import."""

    dependencies = [
        ('credit', '0014_public_name_fts_newest_first'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='record',
                    name='decision_no',
                    field=models.CharField(help_text='XK_WSH / CF_WSH，多个相对人的处罚以此关联，例如 深罗城罚决字〔2016〕第1号', max_length=128, verbose_name='决定书文号'),
                ),
                migrations.AlterField(
                    model_name='record',
                    name='uscc',
                    field=models.CharField(blank=True, max_length=64, verbose_name='统一社会信用代码'),
                ),
                migrations.AddIndex(
                    model_name='record',
                    index=models.Index(fields=['decision_no'], name='credit_record_decision_no'),
                ),
                migrations.AddIndex(
                    model_name='record',
                    index=models.Index(fields=['uscc'], name='credit_record_uscc'),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
