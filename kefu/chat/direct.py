"""The hot path's statements run straight on the SQLite driver's cursor.

Profiled at 1,000 msg/s on one embedded worker, the three statements of a message (the
visitor's active conversation, the seq bump, the insert) took a quarter of the worker, and
three quarters of that was SQLAlchemy Core around the driver: the compiled-cache lookup,
the execution context, the parameters built and processed, the result wrapped. A
DirectStatement compiles its statement once per dialect and then only orders the
parameters, applies the column types' bind processors (Kefu's timestamps become SQLite's
text form exactly as SQLAlchemy would write them) and calls the driver. On other dialects
it runs the statement through SQLAlchemy as before: their round trip dwarfs this overhead.

Driver errors come back as SQLAlchemy's (IntegrityError for a used client_id), as callers
expect.
"""

from sqlalchemy import exc


class DirectStatement:
    def __init__(self, statement, column_keys=None):
        self.statement = statement
        self.column_keys = column_keys  # an INSERT's columns, in the order given
        self._plans = {}  # dialect name -> (sql, [(name, default, processor)])

    def _plan(self, dialect):
        plan = self._plans.get(dialect.name)
        if plan is None:
            compiled = self.statement.compile(dialect=dialect, column_keys=self.column_keys)
            binds = []
            for name in compiled.positiontup:
                bind = compiled.binds[name]
                # Literals in the statement (a LIMIT, a status compared) are binds too.
                process = bind.type.dialect_impl(dialect).bind_processor(dialect)
                binds.append((name, bind.effective_value, process))
            plan = self._plans[dialect.name] = (compiled.string, binds)
        return plan

    def cursor(self, connection, params):
        """Run on a Core connection's transaction; return the driver's cursor (rows as
        tuples), or None when the dialect takes the SQLAlchemy path (`first`, `insert`)."""
        dialect = connection.dialect
        if dialect.name != "sqlite":
            return None
        sql, binds = self._plan(dialect)
        values = []
        for name, default, process in binds:
            value = params.get(name, default)
            values.append(value if process is None else process(value))
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
        cursor = self.cursor(connection, params)
        if cursor is None:
            return connection.execute(self.statement, params).inserted_primary_key[0]
        return cursor.lastrowid
