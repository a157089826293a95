"""Database upkeep the platform does itself.

SQLite's query planner chooses between indexes from the statistics that ANALYZE keeps (sqlite_stat1); without
them, after a bulk import or on a database that has only grown, it guesses, and a lookup that should use a
narrow index can scan a wide one (measured on the same-matter check of 大分拨 at 1,000,000
events). PostgreSQL's autovacuum keeps its statistics itself, so nothing is done there.
"""

from django.db import connection

#: rows ANALYZE samples per index (SQLite's analysis_limit): seconds at most on millions of rows, and the
#: planner needs the shape of the data, not exact counts
ANALYSIS_LIMIT = 1000


def analyse_database() -> str:
    """Refresh the query planner's statistics; returns what was done, for the job's log."""
    if connection.vendor != "sqlite":
        return f"{connection.vendor}: statistics kept by the server (autovacuum)"
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(DISTINCT tbl) FROM sqlite_stat1")
        (tables,) = cursor.fetchone()
    return f"sqlite: statistics of {tables} tables refreshed"
