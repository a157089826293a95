"""core.maintenance: the planner's statistics are refreshed by a daily job."""

import pytest
from django.db import connection

from zhengwu.core import maintenance, tasks
from zhengwu.core.apps import CoreConfig

pytestmark = pytest.mark.django_db


def test_the_daily_job_is_declared_and_runs_the_analysis():
    (job,) = [p for p in CoreConfig.periodic if p.name == "core.database_analyse"]
    assert job.task == "zhengwu.core.tasks.database_analyse"
    assert "statistics" in tasks.database_analyse.call()  # the task the worker runs, run here directly


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its own statistics (autovacuum)")
def test_on_sqlite_the_units_indexes_get_statistics(units):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    said = maintenance.analyse_database()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'org_unit'")
        (rows,) = cursor.fetchone()
    assert rows > 0 and said.startswith("sqlite: statistics of ")


def test_on_postgresql_nothing_is_done(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    assert "autovacuum" in maintenance.analyse_database()
