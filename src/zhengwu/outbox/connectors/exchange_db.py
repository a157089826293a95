"""前置库 connector: upsert a message's rows into a
standard-named table of a separate database (SQLAlchemy Core).

The destination's URL is any SQLAlchemy database URL (postgresql+psycopg://…, mysql://…, sqlite:////path).
Each row gets the message's idempotency key (column MSG_ID by default; "<key>#<n>" when a message carries
several rows), a timestamp SJC and the topic; rows are upserted by the key column, so delivering the same
message twice never doubles a row. Missing tables are created (text columns named after the standard's
field codes) unless options["create_tables"] is false; a
table lacking a column is a permanent error naming it.
"""

import json
import re
import threading

import sqlalchemy as sa
from django.utils import timezone
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite

from zhengwu.outbox import standard
from zhengwu.outbox.connectors.base import Result, records_of, table_of

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
_engines: dict[str, sa.Engine] = {}
_tables: dict[tuple[str, str], sa.Table] = {}
_lock = threading.Lock()


class ConfigError(Exception):
    """A problem only a person can fix (bad table or column name, missing table or column)."""


def engine_for(url: str, timeout: float) -> sa.Engine:
    """One pooled engine per 前置库 URL for the life of the process."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            parsed = sa.make_url(url)
            connect_args = {}
            if parsed.get_backend_name() == "sqlite":
                connect_args["timeout"] = timeout
            elif parsed.get_backend_name() in ("postgresql", "mysql"):
                connect_args["connect_timeout"] = max(1, int(timeout))
            engine = sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
            _engines[url] = engine
        return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests, process shutdown)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _tables.clear()


def _check_ident(name: str, what: str) -> str:
    if not _IDENT.match(name or ""):
        raise ConfigError(
            f"invalid {what} name {name!r} (letters, digits and _ only, starting with a letter)"
        )
    return name


def _table(engine: sa.Engine, url: str, name: str, columns: list[str], *, key_column: str, ts_column: str,
           create: bool) -> sa.Table:
    cache_key = (url, name)
    table = _tables.get(cache_key)
    if table is None:
        if sa.inspect(engine).has_table(name):
            table = sa.Table(name, sa.MetaData(), autoload_with=engine)
        elif not create:
            raise ConfigError(f"table {name} does not exist in the exchange database")
        else:
            cols = [sa.Column(key_column, sa.String(200), primary_key=True),
                    sa.Column(ts_column, sa.DateTime, nullable=False)]
            cols += [
                sa.Column(c, sa.Text, nullable=True) for c in columns if c not in (key_column, ts_column)
            ]
            table = sa.Table(name, sa.MetaData(), *cols)
            table.create(engine, checkfirst=True)
        _tables[cache_key] = table
    missing = [c for c in columns if c not in table.c]
    if missing:
        _tables.pop(cache_key, None)  # re-read next time: someone may add the columns
        raise ConfigError(f"table {name} has no column(s) {', '.join(missing)}")
    return table


def _cell(value):
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def rows_for(message, *, key_column: str, ts_column: str, topic_column: str, now) -> list[dict]:
    """The rows to upsert: the payload's records plus the key, timestamp and topic bookkeeping columns."""
    records = records_of(message.payload)
    if not records and isinstance(message.payload, dict):
        records = [message.payload]
    stamp = timezone.localtime(now).replace(tzinfo=None)
    rows = []
    for n, record in enumerate(records, start=1):
        row = {str(k): _cell(v) for k, v in record.items()}
        row[key_column] = message.idempotency_key if len(records) == 1 else f"{message.idempotency_key}#{n}"
        row[ts_column] = stamp
        if topic_column:
            row[topic_column] = message.topic
        rows.append(row)
    return rows


def _upsert(conn: sa.Connection, table: sa.Table, rows: list[dict], key_column: str) -> None:
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(table)
        for row in rows:
            stmt = insert.values(row).on_conflict_do_update(
                index_elements=[table.c[key_column]],
                set_={c: insert.excluded[c] for c in row if c != key_column})
            conn.execute(stmt)
        return
    if dialect in ("mysql", "mariadb"):
        from sqlalchemy.dialects.mysql import insert as mysql_insert

        for row in rows:
            stmt = mysql_insert(table).values(row)
            conn.execute(stmt.on_duplicate_key_update({c: stmt.inserted[c] for c in row if c != key_column}))
        return
    for row in rows:  # portable fallback (Oracle, SQL Server …): update, else insert
        values = {c: v for c, v in row.items() if c != key_column}
        done = conn.execute(sa.update(table).where(table.c[key_column] == row[key_column]).values(values))
        if done.rowcount == 0:
            conn.execute(sa.insert(table).values(row))


def send(destination, message, *, client=None, now=None) -> Result:
    """Upsert the message's rows; connection problems → retry, schema/config problems → permanent."""
    options = destination.options or {}
    key_column = str(options.get("key_column", standard.DEFAULT_KEY_COLUMN))
    ts_column = str(options.get("timestamp_column", standard.DEFAULT_TIMESTAMP_COLUMN))
    topic_column = str(options.get("topic_column", standard.DEFAULT_TOPIC_COLUMN))
    url = destination.resolved_url()
    try:
        name = _check_ident(table_of(message.payload, message.topic, options), "table")
        for ident, what in ((key_column, "key column"), (ts_column, "timestamp column")):
            _check_ident(ident, what)
        rows = rows_for(message, key_column=key_column, ts_column=ts_column, topic_column=topic_column,
                        now=now or timezone.now())
        if not rows:
            raise ConfigError("message has no records to write")
        columns = list(dict.fromkeys(c for row in rows for c in row))
        for column in columns:
            _check_ident(column, "column")
        engine = engine_for(url, destination.timeout_seconds)
        table = _table(engine, url, name, columns, key_column=key_column, ts_column=ts_column,
                       create=bool(options.get("create_tables", True)))
        with engine.begin() as conn:
            _upsert(conn, table, rows, key_column)
    except ConfigError as exc:
        return Result(standard.PERMANENT, error=str(exc))
    except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError) as exc:
        return Result(standard.PERMANENT, error=f"invalid exchange database URL: {exc}")
    except (sa_exc.ProgrammingError, sa_exc.DataError) as exc:
        with _lock:
            _tables.pop((url, table_of(message.payload, message.topic, options)), None)
        return Result(standard.PERMANENT, error=f"{type(exc).__name__}: {str(exc).splitlines()[0][:500]}")
    except sa_exc.SQLAlchemyError as exc:  # connection lost, locked, timeout, concurrent insert …
        return Result(standard.RETRY, error=f"{type(exc).__name__}: {str(exc).splitlines()[0][:500]}")
    return Result(standard.OK)
