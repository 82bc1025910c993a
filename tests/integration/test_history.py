"""GET /api/messages/history: paging over every conversation of a visitor, and who may read."""

import pytest

from .clients import assert_error

pytestmark = pytest.mark.integration


@pytest.fixture
def chatty_visitor(server, make_visitor, connect):
    """A visitor with two conversations: four messages and a close notice, then three more.

    Returns (visitor, every message id of the visitor in commit order, the two conversations).
    """
    visitor = make_visitor()  # idle group: the conversations wait in the queue
    tab = connect(visitor)
    first = [tab.say(f"first chat {n}") for n in range(1, 5)]
    closed = first[0]["conversation_id"]
    server.api.expect(
        "POST", f"/api/conversations/{closed}/close", 200, token=server.admin.access_token
    )
    second = [tab.say(f"second chat {n}") for n in range(1, 4)]
    assert second[0]["conversation_id"] != closed
    notice = server.api.expect(
        "GET",
        f"/api/conversations/{closed}/messages?after_seq=4",
        200,
        token=server.admin.access_token,
    )["data"]
    assert [(m["seq"], m["sender"]["type"]) for m in notice] == [(5, "system")]
    ids = [m["id"] for m in first] + [notice[0]["id"]] + [m["id"] for m in second]
    assert ids == sorted(ids)
    return visitor, ids, (closed, second[0]["conversation_id"])


def history(server, token, **params):
    return server.api.get("/api/messages/history", token=token, params=params)


def test_pages_run_newest_first_and_each_page_oldest_first(server, chatty_visitor):
    """Page 1 holds the newest per_page messages; inside a page, oldest first; total is
    every message of every conversation; a page past the end is empty."""
    visitor, ids, (closed, current) = chatty_visitor
    assert len(ids) == 8
    expected_pages = {1: ids[5:8], 2: ids[2:5], 3: ids[0:2], 4: []}
    for page, expected in expected_pages.items():
        response = history(
            server, visitor.token, visitor_id=visitor.visitor_id, page=page, per_page=3
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["total"], body["page"], body["per_page"]) == (8, page, 3)
        assert [m["id"] for m in body["data"]] == expected, f"page {page}"
        times = [m["created_at"] for m in body["data"]]
        assert times == sorted(times)

    whole = history(server, visitor.token, visitor_id=visitor.visitor_id).json()
    assert (whole["total"], whole["page"], whole["per_page"]) == (8, 1, 20)
    assert [m["id"] for m in whole["data"]] == ids
    assert [m["conversation_id"] for m in whole["data"]] == [closed] * 5 + [current] * 3
    assert [m["content"] for m in whole["data"][-3:]] == [f"second chat {n}" for n in (1, 2, 3)]

    largest = history(server, visitor.token, visitor_id=visitor.visitor_id, per_page=100)
    assert largest.status_code == 200
    assert [m["id"] for m in largest.json()["data"]] == ids


@pytest.mark.parametrize(
    "params",
    [
        {"per_page": "101"},
        {"per_page": "0"},
        {"per_page": "abc"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "1.5"},
    ],
    ids=["per_page=101", "per_page=0", "per_page=abc", "page=0", "page=-1", "page=1.5"],
)
def test_bad_paging_is_refused(server, make_visitor, params):
    """Paging outside 1.. and per_page outside 1..100, or not whole numbers: 400."""
    visitor = make_visitor()
    response = history(server, visitor.token, visitor_id=visitor.visitor_id, **params)
    assert_error(response, 400, "invalid_paging")


def test_who_may_read_a_visitors_history(server, chatty_visitor, make_visitor):
    """No token or a bad one: 401; another visitor's token: 403; any agent's token: 200."""
    visitor, ids, _ = chatty_visitor
    assert_error(history(server, None, visitor_id=visitor.visitor_id), 401, "token_missing")
    assert_error(history(server, "not-a-jwt", visitor_id=visitor.visitor_id), 401, "token_invalid")
    stranger = make_visitor()
    assert_error(history(server, stranger.token, visitor_id=visitor.visitor_id), 403, "forbidden")

    plain_agent = server.agents[0]  # not an admin, holds none of these conversations
    response = history(server, plain_agent.access_token, visitor_id=visitor.visitor_id)
    assert response.status_code == 200, response.text
    assert [m["id"] for m in response.json()["data"]] == ids
    assert response.json() == history(server, visitor.token, visitor_id=visitor.visitor_id).json()


def test_a_visitor_without_messages_has_an_empty_history(server, make_visitor):
    """A visitor who never wrote: total 0, no data (and visitor_id is required)."""
    visitor = make_visitor()
    body = history(server, visitor.token, visitor_id=visitor.visitor_id).json()
    assert body == {"data": [], "total": 0, "page": 1, "per_page": 20}
    assert history(server, visitor.token).status_code == 400
