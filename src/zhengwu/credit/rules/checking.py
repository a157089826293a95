"""Validating a whole file batch by batch (the loop shared by `credit validate` and the import).

File-wide rules (a 序号 twice, a counterparty twice under one decision) are found first from the key
columns alone, then every batch is checked column-wise by `rules.validate`.
"""

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import polars as pl
from django.utils import translation

from zhengwu.credit.formats.ingest import Ragged, Table
from zhengwu.credit.rules import validation as rules
from zhengwu.credit.rules.validation import Context
from zhengwu.credit.standard import Standard

VALIDATE_BATCH_ROWS = 250_000


def _with_duplicates(table: Table, std: Standard, ctx: rules.Context) -> rules.Context:
    dup_keys = rules.duplicates(table.column(std.key))
    dup_parties: frozenset[str] = frozenset()
    if std.kind == "penalty":
        both = pl.DataFrame(
            {std.decision_no: table.column(std.decision_no), std.subject: table.column(std.subject)}
        )
        if len(both):
            dup_parties = rules.duplicates(rules.party_keys(both, std))
    return replace(ctx, duplicate_keys=dup_keys, duplicate_parties=dup_parties)


def check_batches(table: Table, std: Standard, ctx: rules.Context, *, batch_rows: int = VALIDATE_BATCH_ROWS,
                  bounded: bool = False) -> Iterator[tuple[int, pl.DataFrame, rules.Result]]:
    """Yield (rows before the batch, raw frame, result) for each batch of the file."""
    table.check_shape()  # rows of another width found before the first batch (the import has done it already)
    ctx = replace(_with_duplicates(table, std, ctx), check_nul=table.may_hold_nul)
    for offset, frame in table.batches(batch_rows, bounded=bounded):
        yield (
            offset,
            frame,
            with_row_problems(rules.validate(frame, std, ctx, row_offset=offset), table, offset),
        )


def with_row_problems(result: rules.Result, table: Table, offset: int) -> rules.Result:
    """Rows whose cells do not line up with the header (`Table.problems_between`): invalid, with that one
    reason (their other errors would only describe the shifted cells)."""
    problems = table.problems_between(offset + 1, offset + result.rows)
    if not problems:
        return result
    rows = [r for r, _m in problems]
    extra = pl.DataFrame({"row": rows, "field": [None] * len(rows), "rule": [rules.Rule.COLUMNS] * len(rows),
                          "message": [m for _r, m in problems]}, schema=rules.ERROR_SCHEMA)
    errors = pl.concat([result.errors.filter(~pl.col("row").is_in(rows)), extra]).sort(
        "row", maintain_order=True
    )
    valid = result.valid.clone().scatter([r - offset - 1 for r in rows], False)
    return replace(result, errors=errors, valid=valid)


def prefetched(items: Iterator, *, depth: int = 1) -> Iterator:
    """Produce the next items in a background thread while the caller consumes the current one.

    The import reads and validates the next batch (polars and numpy release the GIL) while this batch is
    written to the database (SQLite and psycopg release the GIL inside the database call). The producer
    must not touch a database connection. It stops when the consumer stops, error or not.
    """
    done = object()
    out: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    language = translation.get_language()

    def put(entry) -> bool:
        """Hand over one entry unless the consumer has stopped (never blocks a stopped consumer's join)."""
        while not stop.is_set():
            try:
                out.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            with translation.override(language):
                for item in items:
                    if not put((item, None)):
                        return
        except BaseException as exc:  # handed to the consumer, raised there
            put((None, exc))
            return
        put((done, None))

    worker = threading.Thread(target=produce, name="credit-import-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item, exc = out.get()
            if exc is not None:
                raise exc
            if item is done:
                return
            yield item
    finally:
        stop.set()
        worker.join()


@dataclass
class Report:
    kind: str
    rows: int = 0
    valid_rows: int = 0
    errors: list[pl.DataFrame] = field(default_factory=list)

    def error_frame(self) -> pl.DataFrame:
        return pl.concat(self.errors) if self.errors else pl.DataFrame(schema=rules.ERROR_SCHEMA)

    def as_json(self, *, limit: int | None = None) -> dict:
        """The CLI contract: {"kind", "rows", "valid_rows",
        "errors": [{"row", "field", "rule", "message"}]}."""
        errors = self.error_frame()
        if limit is not None:
            errors = errors.head(limit)
        return {
            "kind": self.kind,
            "rows": self.rows,
            "valid_rows": self.valid_rows,
            "errors": errors.to_dicts(),
        }


def validate_table(
    table: Table, std: Standard, ctx: Context, *, batch_rows: int = VALIDATE_BATCH_ROWS
) -> Report:
    """Check a whole file; the report holds counts and every error (see `_validate_table`).

    Read by the fastest reader; if that meets a row of another width (`Ragged`), once more row by row."""
    try:
        return _validate_table(table, std, ctx, batch_rows=batch_rows)
    except Ragged:
        return _validate_table(table, std, ctx, batch_rows=batch_rows)


def _validate_table(table: Table, std: Standard, ctx: Context, *, batch_rows: int) -> Report:
    """Check a whole file; the report holds counts and every error.

    One pass over the file: the file-wide rules (a 序号 twice, a counterparty twice under one decision)
    are settled at the end from the normalised key columns kept along the way, instead of reading the
    key columns in a pass of their own first (the import needs them first; plain validation does not).
    """
    report = Report(kind=std.kind)
    plain = replace(
        ctx, duplicate_keys=frozenset(), duplicate_parties=frozenset(), check_nul=table.may_hold_nul
    )
    keys, parties, valid = [], [], []
    for offset, frame in table.batches(batch_rows):  # a prefetch thread was measured: no faster here
        result = with_row_problems(rules.validate(frame, std, plain, row_offset=offset), table, offset)
        report.rows += result.rows
        report.valid_rows += result.valid_rows
        keys.append(result.clean[std.key])
        if std.kind == "penalty":
            parties.append(rules.party_keys(result.clean, std))
        valid.append(result.valid)
        if len(result.errors):
            report.errors.append(result.errors)
    found = []
    if keys:
        valid_all = pl.concat(valid)
        candidates = [(std.key, rules.Rule.DUPLICATE_KEY, pl.concat(keys))]
        if parties:
            candidates.append((std.subject, rules.Rule.DUPLICATE_PARTY, pl.concat(parties)))
        for code, rule, values in candidates:
            dup = rules.duplicates(values)
            if not dup:
                continue
            hit = values.is_in(list(dup)).fill_null(False)
            report.valid_rows -= int((hit & valid_all).sum())
            valid_all = valid_all & ~hit
            rows = hit.arg_true().cast(pl.Int64) + 1
            found.append(
                pl.DataFrame(
                    {
                        "row": rows,
                        "field": pl.repeat(code, len(rows), eager=True, dtype=pl.Utf8),
                        "rule": pl.repeat(rule, len(rows), eager=True, dtype=pl.Utf8),
                        "message": pl.repeat(
                            rules.message(std.by_code[code], rule), len(rows), eager=True, dtype=pl.Utf8
                        ),
                    },
                    schema=rules.ERROR_SCHEMA,
                )
            )
    if found:
        order = pl.DataFrame({"field": list(std.codes), "_order": list(range(len(std.codes)))})
        merged = pl.concat(report.errors + found).join(order, on="field", how="left", maintain_order="left")
        report.errors = [merged.sort(["row", "_order"], maintain_order=True).drop("_order")]
    return report
