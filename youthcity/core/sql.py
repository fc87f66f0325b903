"""Hand-written SQL for the few statements every request of a hot path runs.

Django compiles a queryset into SQL on every call: about 0.4–1 ms of CPU per query on these
machines, more than PostgreSQL needs to answer it. The booking path (docs/bookings.md) and the
API's token check run a handful of fixed statements thousands of times a minute, so they are
written once as SQL here — table and column names always taken from the models' ``_meta``, never
typed by hand — and everything else stays on the ORM.

Parameters go through the backend's own adaptation (as ``QuerySet.raw`` does), so a timezone-aware
datetime or a date means the same on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


def table(model: type[models.Model]) -> str:
    """The model's quoted table name."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[models.Model], field: str) -> str:
    """The quoted column of ``field`` (a field name: ``person`` gives ``person_id``)."""
    return connection.ops.quote_name(model._meta.get_field(field).column)


def adapt(params: Iterable[Any]) -> list[Any]:
    adapt_value = connection.ops.adapt_unknown_value
    return [adapt_value(p) for p in params]


def to_date(value: Any) -> dt.date:
    """A DATE column's value: PostgreSQL's driver gives a date, SQLite's an ISO string."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def rows(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """All rows of one statement (values as the driver returns them: see :func:`to_date`)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, adapt(params))
        return cursor.fetchall()


def run(sql: str, params: Sequence[Any] = ()) -> int:
    """Execute one statement; the number of rows it touched."""
    with connection.cursor() as cursor:
        cursor.execute(sql, adapt(params))
        return cursor.rowcount


def run_all(statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
    """Execute statements in order; on PostgreSQL in one round trip (psycopg's client-side
    binding, Django's default, sends several statements in one message; SQLite takes one at a time).
    A failing statement raises as it would alone, and the ones after it do not run."""
    if connection.vendor == "postgresql" and len(statements) > 1:
        with connection.cursor() as cursor:
            if hasattr(cursor.cursor, "mogrify"):  # not with OPTIONS server_side_binding
                # Merge each statement's parameters client-side, then send them together.
                cursor.execute(";\n".join(cursor.mogrify(sql, adapt(params)) for sql, params in statements))
                return
    for sql, params in statements:
        run(sql, params)


def for_update(no_key: bool = False, of: str = "") -> str:
    """A row-lock clause where the database has one (SQLite serialises writers instead); ``of``
    names the table alias whose rows are locked."""
    if connection.vendor != "postgresql":
        return ""
    return (" FOR NO KEY UPDATE" if no_key else " FOR UPDATE") + (f" OF {of}" if of else "")


def insert_statement(obj: models.Model, *, ignore_conflicts: bool = False, returning: bool = False
                     ) -> tuple[str, list[Any]]:
    """The INSERT that ``obj.save(force_insert=True)`` would send, without compiling a query and
    without signals (the caller writes any audit entry). ``auto_now_add`` fields are filled in;
    a primary key left None is the database's to choose."""
    meta = type(obj)._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and getattr(obj, f.attname) is None)]
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    sql = (f"INSERT INTO {table(type(obj))} ({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    if returning:
        sql += f" RETURNING {connection.ops.quote_name(meta.pk.column)}"
    return sql, values


def insert(obj: models.Model, *, ignore_conflicts: bool = False) -> bool:
    """Insert ``obj`` (see :func:`insert_statement`) and give it its primary key. With
    ``ignore_conflicts``, a row refused by a unique key is skipped and False returned."""
    statement, values = insert_statement(obj, ignore_conflicts=ignore_conflicts, returning=True)
    with connection.cursor() as cursor:
        cursor.execute(statement, values)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    saved(obj)
    return True


def saved(obj: models.Model) -> None:
    """Mark an instance written by hand as Django's own save would."""
    obj._state.adding = False
    obj._state.db = connection.alias


def values_statement(model: type[models.Model], fields: Sequence[str], rows_: Sequence[Sequence[Any]]
                     ) -> tuple[str, list[Any]]:
    """One INSERT of many rows of a few columns (fields by name; values already as the database
    takes them, e.g. from ``adapt``)."""
    columns = ", ".join(column(model, f) for f in fields)
    one = f"({', '.join(['%s'] * len(fields))})"
    return (f"INSERT INTO {table(model)} ({columns}) VALUES {', '.join([one] * len(rows_))}",
            adapt(v for row in rows_ for v in row))


def instances(model: type[M], statement: str, params: Sequence[Any] = ()) -> list[M]:
    """Model instances from a hand-written SELECT, as ``Model.objects.raw`` gives them (values
    through the fields' database converters; a column that is no field becomes an attribute), at a
    fraction of its cost per call: how columns map to fields is worked out once per statement shape."""
    with connection.cursor() as cursor:
        cursor.execute(statement, adapt(params))
        names = tuple(d[0] for d in cursor.description)
        found = cursor.fetchall()
    if not found:
        return []
    order, converters, extras = _shape(model, names, connection.vendor)
    alias = connection.alias
    out = []
    for row in found:
        values = list(row)
        for i, col, convert in converters:
            for fn in convert:
                values[i] = fn(values[i], col, connection)
        obj = model.from_db(alias, order[0], [values[i] for i in order[1]])
        for i, name in extras:
            setattr(obj, name, values[i])
        out.append(obj)
    return out


@functools.cache
def _shape(model: type[models.Model], names: tuple[str, ...], vendor: str):
    """For the columns ``names``: (field attnames in model order, their column indexes), the
    converters per column index, and the extra (non-field) columns."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = []
    converters = []
    extras = []
    for i, name in enumerate(names):
        field = by_column.get(name)
        if field is None:
            extras.append((i, name))
            continue
        fields.append((field, i))
        col = field.get_col(model._meta.db_table)
        convert = [*connection.ops.get_db_converters(col), *field.get_db_converters(connection)]
        if convert:
            converters.append((i, col, convert))
    position = {f: n for n, f in enumerate(model._meta.concrete_fields)}
    fields.sort(key=lambda pair: position[pair[0]])
    return ([f.attname for f, _i in fields], [i for _f, i in fields]), converters, extras
