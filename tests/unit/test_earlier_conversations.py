"""A returning visitor's earlier conversations, as the dashboard's visitor panel reads them:
GET /api/conversations?visitor_id= lists them for the agent now serving the visitor, who may
read (never write to) one that another agent held."""

from kefu.chat import conversations
from tests.factories import as_agent, as_visitor, staff_says, visitor_says

from .rest import bearer, login


def test_the_serving_agent_reads_the_visitors_earlier_conversations(
    client, make_agent, make_visitor
):
    ann, bea = make_agent(name="Ann"), make_agent(name="Bea")
    visitor = make_visitor(name="Returning")
    first, _ = visitor_says(as_visitor(visitor), "v1", "Where is my parcel?")
    earlier = first.conversation_id
    conversations.pick_conversation(as_agent(ann), earlier)
    staff_says(as_agent(ann), earlier, "a1", "On its way.")
    conversations.close_conversation(as_agent(ann), earlier)
    again, _ = visitor_says(as_visitor(visitor), "v2", "Me again")
    current = again.conversation_id
    conversations.pick_conversation(as_agent(bea), current)
    visitor_says(as_visitor(make_visitor()), "x1", "someone else")
    token = login(client, bea).get_json()["access_token"]

    listed = client.get(f"/api/conversations?visitor_id={visitor.id}", headers=bearer(token))
    assert listed.status_code == 200
    body = listed.get_json()
    assert [c["id"] for c in body["data"]] == [current, earlier]
    assert body["total"] == 2
    assert body["data"][1]["agent"]["name"] == "Ann"
    assert body["data"][1]["status"] == "closed"

    read = client.get(f"/api/conversations/{earlier}/messages", headers=bearer(token))
    assert read.status_code == 200
    said = [m["content"] for m in read.get_json()["data"] if m["sender"]["type"] != "system"]
    assert said == ["Where is my parcel?", "On its way."]

    # Reading is all: the earlier conversation is Ann's, and closed.
    wrote = client.post(
        f"/api/conversations/{earlier}/messages",
        json={"client_id": "b1", "content": "hello"},
        headers=bearer(token),
    )
    assert wrote.status_code == 403
    assert wrote.get_json()["error"]["code"] == "forbidden"
    after = client.get(f"/api/conversations/{earlier}/messages", headers=bearer(token))
    assert len(after.get_json()["data"]) == len(read.get_json()["data"])
