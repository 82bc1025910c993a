"""GET /api/conversations?q= and its filters, on every engine: the visitor's name and email
and the messages (notes included, for staff), Chinese text, wildcards taken literally."""

from datetime import timedelta

from sqlalchemy import update

from kefu.extensions import db
from kefu.models import Conversation
from kefu.timeutil import utcnow
from tests.factories import as_agent, as_visitor, staff_says, visitor_says

from .engines import app_on_every_engine, empty_database  # noqa: F401  (`app` on each engine)
from .rest import bearer, login


def found(client, token, query):
    answer = client.get(f"/api/conversations?{query}", headers=bearer(token))
    assert answer.status_code == 200, answer.get_json()
    return [c["id"] for c in answer.get_json()["data"]]


def test_search_and_filters(app, client, make_agent, make_visitor):
    agent = make_agent(skills=["sales"])
    token = login(client, agent).get_json()["access_token"]
    ann = make_visitor(name="Ann Lee", email="ann@shop.example", skill_group="sales")
    li = make_visitor(name="李雷")
    other = make_visitor(name="Bob")
    first, _ = visitor_says(as_visitor(ann), "a1", "My parcel to Shanghai is late")
    second, _ = visitor_says(as_visitor(li), "l1", "请问运费多少？100% 包邮吗")
    third, _ = visitor_says(as_visitor(other), "b1", "hello")
    staff_says(
        as_agent(make_agent(role="admin")), third.conversation_id, "n", "refund_ok", private=True
    )
    a, b, c = first.conversation_id, second.conversation_id, third.conversation_id

    assert found(client, token, "q=shanghai") == [a]
    assert found(client, token, "q=SHOP.EXAMPLE") == [a]  # email, any case
    assert found(client, token, "q=运费") == [b]
    assert found(client, token, "q=李") == [b]  # the name
    assert found(client, token, "q=100%25") == [b]  # % is a character, not a wildcard
    assert found(client, token, "q=%25") == [b]
    assert found(client, token, "q=refund_ok") == [c]  # a private note, for staff
    assert found(client, token, "q=refund%5Fo") == [c] and found(client, token, "q=_") == [c]
    assert found(client, token, "q=nothing-like-this") == []
    assert found(client, token, "skill_group=sales") == [a]
    assert found(client, token, f"visitor_id={li.id}") == [b]

    db.session.execute(
        update(Conversation)
        .where(Conversation.id == a)
        .values(created_at=utcnow() - timedelta(days=3), rating=5)
    )
    db.session.commit()
    today = utcnow().date().isoformat()
    assert sorted(found(client, token, f"from={today}&to={today}")) == [b, c]
    assert found(client, token, "rating=5") == [a]


def test_bad_search_input(client, make_agent):
    token = login(client, make_agent()).get_json()["access_token"]
    for query in ("q=" + "x" * 201, "from=2026-13-01", "rating=6", "agent_id=abc"):
        answer = client.get(f"/api/conversations?{query}", headers=bearer(token))
        assert answer.status_code == 400, query
        assert answer.get_json()["error"]["code"] in ("invalid_field", "invalid_paging")
