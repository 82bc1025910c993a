"""A database that cannot answer is `unavailable` (503, retry later), whatever layer raised
it; the errors of a request or a bug keep their own answers."""

import psycopg
import pymysql
import pytest
from sqlalchemy import exc as sa

from kefu.errors import Unavailable, database_unavailable


def wrapped(error_class, orig, **kwargs):
    return error_class("SELECT 1", {}, orig, **kwargs)


@pytest.mark.parametrize(
    ("exc", "unavailable"),
    [
        (wrapped(sa.OperationalError, psycopg.OperationalError("connection refused")), True),
        (wrapped(sa.OperationalError, pymysql.err.OperationalError(2003, "can't connect")), True),
        (wrapped(sa.InterfaceError, psycopg.InterfaceError("the connection is closed")), True),
        (
            wrapped(
                sa.DBAPIError,
                Exception("server closed the connection"),
                connection_invalidated=True,
            ),
            True,
        ),
        (sa.TimeoutError("QueuePool limit of size 6 overflow 0 reached"), True),
        (sa.DisconnectionError("ping failed"), True),
        (psycopg.OperationalError("raised on the driver path"), True),
        (psycopg.errors.QueryCanceled("statement timeout"), True),
        (wrapped(sa.IntegrityError, psycopg.IntegrityError("duplicate key")), False),
        (wrapped(sa.ProgrammingError, psycopg.ProgrammingError("syntax error")), False),
        (ValueError("a bug"), False),
        (KeyError("a bug"), False),
    ],
)
def test_what_counts_as_the_database_being_unavailable(exc, unavailable):
    result = database_unavailable(exc)
    if unavailable:
        assert isinstance(result, Unavailable)
        assert (result.code, result.status) == ("unavailable", 503)
        assert result.to_dict()["error"]["message"]
    else:
        assert result is None


@pytest.fixture
def failing_route(app):
    """A route that raises what it is given, as a view reaching a broken database would."""
    raised = {}

    @app.get("/_raise")
    def raise_it():
        raise raised["exc"]

    return raised


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (wrapped(sa.OperationalError, psycopg.OperationalError("refused")), 503, "unavailable"),
        (sa.TimeoutError("pool"), 503, "unavailable"),
        (RuntimeError("a bug"), 500, "internal_error"),
    ],
)
def test_rest_answers_in_the_envelope(app, client, failing_route, exc, status, code):
    failing_route["exc"] = exc
    response = client.get("/_raise")
    assert response.status_code == status and response.mimetype == "application/json"
    assert response.get_json()["error"]["code"] == code


def test_socket_events_ack_it_and_connects_are_refused_with_it(app):
    """A failed connect is refused with the error (a handler's return value would let the
    socket in without an identity); any other event acks it."""
    from flask import request
    from flask_socketio import ConnectionRefusedError

    from kefu.sockets.errors import ack_error

    down = wrapped(sa.OperationalError, psycopg.OperationalError("refused"))
    with app.test_request_context():
        request.event = {"message": "connect", "args": ()}
        with pytest.raises(ConnectionRefusedError) as refused:
            ack_error(down)
        assert refused.value.error_args["data"] == {"code": "unavailable"}
        request.event = {"message": "message", "args": ()}
        ack = ack_error(down)
        assert ack["ok"] is False and ack["error"]["code"] == "unavailable"
        assert ack_error(RuntimeError("a bug"))["error"]["code"] == "internal_error"
