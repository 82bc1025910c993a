"""The message path's statements run straight on the DB-API driver (SQLite's, psycopg).

Around the driver, SQLAlchemy Core costs more than the statement itself on this path (the
compiled-cache lookup, the execution context, parameter processing, the result wrapper:
docs/performance.md has the profiles). A DirectStatement compiles its statement once per
dialect and then only orders the parameters, applies the column types' bind processors
(exactly as SQLAlchemy would write the values) and calls the driver. Where the dialect
has no driver path (MariaDB/MySQL), or the guard does not know the installed SQLAlchemy
(kefu/patches/sqlalchemy.py: the compiler parts read here are not a public API), the
statement runs through Core. Driver errors come back as SQLAlchemy's (IntegrityError for a
used client_id), as callers expect.
"""

from sqlalchemy import exc

from .. import patches
from .dialects import capabilities


class DirectStatement:
    def __init__(self, statement, column_keys=None):
        self.statement = statement
        self.column_keys = column_keys  # an INSERT's columns, in the order given
        self._plans = {}  # (dialect name, returning the key) -> (sql, binds, positional)

    def _plan(self, dialect, returning_key=False):
        key = (dialect.name, returning_key)
        plan = self._plans.get(key)
        if plan is None:
            statement = self.statement
            if returning_key:  # the new row's primary key, where the driver has no lastrowid
                statement = statement.returning(*statement.table.primary_key.columns)
            compiled = statement.compile(dialect=dialect, column_keys=self.column_keys)
            defaults = self._column_defaults(compiled)
            # Literals in the statement (a LIMIT, a status compared) are binds too.
            by_name = {name: bind for bind, name in compiled.bind_names.items()}
            positional = compiled.positiontup is not None  # SQLite's "?"; psycopg's named
            names = compiled.positiontup if positional else list(by_name)
            binds = []
            for name in names:
                bind = by_name[name]
                process = bind.type.dialect_impl(dialect).bind_processor(dialect)
                # A named placeholder's text may be escaped (escaped_bind_names).
                placeholder = compiled.escaped_bind_names.get(name, name)
                default = defaults.get(name, bind.effective_value)
                binds.append((name, placeholder, default, process))
            plan = self._plans[key] = (compiled.string, binds, positional)
        return plan

    def _column_defaults(self, compiled):
        """An INSERT's columns left out of column_keys that SQLAlchemy would fill from their
        Python-side defaults: {bind name: value}. Only constant defaults can be taken."""
        defaults = {}
        for column in getattr(compiled, "insert_prefetch", ()):
            if column.key in (self.column_keys or ()):
                continue
            if column.default is None or not column.default.is_scalar:
                raise ValueError(f"{column}: give it a value, its default is not a constant")
            defaults[column.key] = column.default.arg
        return defaults

    def cursor(self, connection, params, returning_key=False):
        """Run on a Core connection's transaction; return the driver's cursor (rows as
        tuples), or None when the dialect takes the SQLAlchemy path (`first`, `insert`)."""
        dialect = connection.dialect
        if not capabilities(dialect.name).driver_path or not patches.allowed("sqlalchemy"):
            return None
        sql, binds, positional = self._plan(dialect, returning_key)
        values = [] if positional else {}
        for name, placeholder, default, process in binds:
            value = params.get(name, default)
            if process is not None:
                value = process(value)
            if positional:
                values.append(value)
            else:
                values[placeholder] = value
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(sql, values)
        except dialect.loaded_dbapi.Error as error:
            raise exc.DBAPIError.instance(
                sql, values, error, dialect.loaded_dbapi.Error, dialect=dialect
            ) from error
        return cursor

    def first(self, connection, params):
        """The first row as a tuple, or None."""
        cursor = self.cursor(connection, params)
        if cursor is None:
            row = connection.execute(self.statement, params).first()
            return None if row is None else tuple(row)
        return cursor.fetchone()

    def insert(self, connection, params):
        """Run an INSERT; return the new row's primary key."""
        sqlite = connection.dialect.name == "sqlite"  # its cursor has the lastrowid
        cursor = self.cursor(connection, params, returning_key=not sqlite)
        if cursor is None:
            return connection.execute(self.statement, params).inserted_primary_key[0]
        return cursor.lastrowid if sqlite else cursor.fetchone()[0]
