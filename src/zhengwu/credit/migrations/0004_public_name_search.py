"""The public-name substring search: table `credit_publicname`, its full-text index per database, a backfill.

SQLite: two contentless FTS5 tables with rowid = rank — the names with the trigram tokenizer, the character
pairs as single tokens — kept in sync by triggers on `credit_publicname`. NOTE: if a later migration makes SQLite rebuild `credit_publicname` (most AlterField
operations do), it must recreate these triggers. PostgreSQL: the pg_trgm extension (trusted: the database
owner may create it) and GIN trigram indexes on `name` and `pairs`. Other databases: no full-text index
(the search falls back to LIKE).
"""

import django.db.models.deletion
from django.db import migrations, models

FTS = "credit_publicname_fts"  # the public names, trigram tokens (queries of >= 3 characters)
PAIRS = "credit_publicname_pairs"  # every 2-character window of a name as one token (2-character queries)
# unicode61 with every category except control characters (Cc) as token characters: U+001F separates the
# pairs, nothing else does; case folded like the trigram table; detail=none: single-token queries only
PAIRS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* P* S* Z* M* Co Cf'"
SQLITE_FORWARD = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(name, tokenize='trigram', content='', columnsize=0)",
    f"CREATE VIRTUAL TABLE {PAIRS} USING fts5(pairs, tokenize=\"{PAIRS_TOKENIZER}\", content='', columnsize=0, "
    f"detail=none)",
    f"CREATE TRIGGER credit_publicname_ai AFTER INSERT ON credit_publicname BEGIN "
    f"INSERT INTO {FTS}(rowid, name) VALUES (new.rank, new.name); "
    f"INSERT INTO {PAIRS}(rowid, pairs) VALUES (new.rank, new.pairs); END",
    f"CREATE TRIGGER credit_publicname_ad AFTER DELETE ON credit_publicname BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name) VALUES ('delete', old.rank, old.name); "
    f"INSERT INTO {PAIRS}({PAIRS}, rowid, pairs) VALUES ('delete', old.rank, old.pairs); END",
    f"CREATE TRIGGER credit_publicname_au AFTER UPDATE ON credit_publicname BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name) VALUES ('delete', old.rank, old.name); "
    f"INSERT INTO {PAIRS}({PAIRS}, rowid, pairs) VALUES ('delete', old.rank, old.pairs); "
    f"INSERT INTO {FTS}(rowid, name) VALUES (new.rank, new.name); "
    f"INSERT INTO {PAIRS}(rowid, pairs) VALUES (new.rank, new.pairs); END",
)
SQLITE_BACKWARD = ("DROP TRIGGER IF EXISTS credit_publicname_ai", "DROP TRIGGER IF EXISTS credit_publicname_ad",
                   "DROP TRIGGER IF EXISTS credit_publicname_au", f"DROP TABLE IF EXISTS {FTS}",
                   f"DROP TABLE IF EXISTS {PAIRS}")
PG_FORWARD = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS credit_publicname_name_trgm ON credit_publicname USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS credit_publicname_pairs_trgm ON credit_publicname USING gin (pairs gin_trgm_ops)",
)
PG_BACKWARD = ("DROP INDEX IF EXISTS credit_publicname_name_trgm", "DROP INDEX IF EXISTS credit_publicname_pairs_trgm")


def _run(schema_editor, statements) -> None:
    for sql in statements:
        schema_editor.execute(sql)


def fulltext_forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}.get(vendor, ()))


def fulltext_backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}.get(vendor, ()))


def backfill(apps, schema_editor):
    """Index the records published before this migration (chunked; pure name rules from credit.name_search)."""
    from zhengwu.credit.rules import name_search

    record = apps.get_model("credit", "Record")
    published = record.objects.filter(state__in=("published", "pushed")).order_by("id")
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            batch = list(published.filter(id__gt=last).values_list(
                "id", "subject_name", "is_natural_person", "decided_on")[:20_000])
            if not batch:
                break
            rows = []
            for pk, subject, natural, decided_on in batch:
                name = name_search.public_name(subject, natural_person=natural)
                rows.append((name_search.rank_of(decided_on, pk), pk, name, name_search.pairs_of(name)))
            cursor.executemany("INSERT INTO credit_publicname (rank, record_id, name, pairs) VALUES (%s, %s, %s, %s)",
                               rows)
            last = batch[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0003_confidentiality_objections_catalog'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicName',
            fields=[
                ('rank', models.BigIntegerField(help_text='决定日期（日序号）左移 32 位再加记录 ID，新决定在前', primary_key=True, serialize=False, verbose_name='排序键')),
                ('name', models.CharField(help_text='公开页面显示的名称，自然人已隐去，例如 张*明', max_length=256, verbose_name='公开名称')),
                ('pairs', models.TextField(help_text='名称中每两个相邻字符，用于两个字的查询', verbose_name='两字索引')),
                ('record', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='public_name', to='credit.record', verbose_name='记录')),
            ],
            options={
                'verbose_name': '公示名称索引',
                'verbose_name_plural': '公示名称索引',
            },
        ),
        migrations.RunPython(fulltext_forward, fulltext_backward, elidable=False),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
    ]
