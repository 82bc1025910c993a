"""Time arithmetic done by the database, one construct per need, compiled per dialect: the
summary gets seconds and hour numbers instead of datetimes, which cost a year's report
most of its time in Python (docs/performance.md, Reports).

- `seconds_between(start, end)`: end − start in seconds (a float), NULL when either is NULL
  or end is before start (a clock step back is no duration).
- `epoch_seconds(moment)`: whole seconds since 1970-01-01 of a naive UTC timestamp.
"""

from sqlalchemy import BigInteger, Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class seconds_between(FunctionElement):  # noqa: N801 (reads as SQL)
    type = Float()
    name = "seconds_between"
    inherit_cache = True


class epoch_seconds(FunctionElement):  # noqa: N801
    type = BigInteger()
    name = "epoch_seconds"
    inherit_cache = True


def _args(element, compiler, **kw):
    return [compiler.process(clause, **kw) for clause in element.clauses]


def _forward_only(start, end, difference):
    return f"(CASE WHEN {end} >= {start} THEN {difference} END)"


@compiles(seconds_between)
def _seconds_sqlite(element, compiler, **kw):
    start, end = _args(element, compiler, **kw)
    return _forward_only(start, end, f"((julianday({end}) - julianday({start})) * 86400.0)")


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element, compiler, **kw):
    start, end = _args(element, compiler, **kw)
    return _forward_only(start, end, f"EXTRACT(EPOCH FROM ({end} - {start}))::float8")


@compiles(seconds_between, "mysql")
@compiles(seconds_between, "mariadb")
def _seconds_mysql(element, compiler, **kw):
    start, end = _args(element, compiler, **kw)
    return _forward_only(start, end, f"(TIMESTAMPDIFF(MICROSECOND, {start}, {end}) / 1000000.0)")


@compiles(epoch_seconds)
def _epoch_sqlite(element, compiler, **kw):
    (moment,) = _args(element, compiler, **kw)
    return f"CAST(strftime('%s', {moment}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element, compiler, **kw):
    (moment,) = _args(element, compiler, **kw)
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {moment})) AS BIGINT)"


@compiles(epoch_seconds, "mysql")
@compiles(epoch_seconds, "mariadb")
def _epoch_mysql(element, compiler, **kw):
    (moment,) = _args(element, compiler, **kw)
    return f"TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', {moment})"
