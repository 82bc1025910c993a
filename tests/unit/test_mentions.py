"""The parts of chat/mentions.py that need no socket: the excerpt, where the `mention` event
goes, who it says wrote the note, and the read path's one query."""

from types import SimpleNamespace

from sqlalchemy import event

from kefu.chat import apikeys
from kefu.chat.lookups import get_conversation
from kefu.chat.mentions import EXCERPT_CHARS, excerpt, is_mentioned_in
from kefu.chat.messages import messages_after
from kefu.chat.principals import Principal
from kefu.events.sink import EXTENSION_KEY
from kefu.extensions import db
from kefu.sockets.broadcast import SocketSink
from tests.factories import as_agent, as_visitor, staff_says, visitor_says


class RecordingSocketIO:
    def __init__(self):
        self.emits = []

    def emit(self, event_name, payload, **options):
        self.emits.append((event_name, payload, options))


class MentionSink(SocketSink):
    """The real routing, recorded: what note_mentioned would emit."""

    def __init__(self):
        super().__init__(RecordingSocketIO())


def note(content, attachment=None):
    return SimpleNamespace(content=content, attachment=attachment)


def test_the_excerpt_is_one_line_cut_to_its_length():
    assert excerpt(note("  line one\n\n line\ttwo ")) == "line one line two"
    long = excerpt(note("word " * 100))
    assert len(long) <= EXCERPT_CHARS and long.endswith("…")
    assert excerpt(note("", SimpleNamespace(name="invoice.pdf"))) == "invoice.pdf"


def test_a_mention_goes_to_each_mentioned_agents_room_on_agent_only():
    sink = MentionSink()
    sink.note_mentioned({"conversation_id": 4}, agent_ids=[3, 5])
    assert [
        (name, options["to"], options["namespace"]) for name, _, options in sink.socketio.emits
    ] == [
        ("mention", "agent:3", "/agent"),
        ("mention", "agent:5", "/agent"),
    ]


def test_an_api_key_mentions_as_itself_and_staff_reads_take_one_query_more(
    app, make_agent, make_visitor, online
):
    ann, bea = make_agent(name="Ann"), make_agent(name="Bea")
    online(ann)
    first, _ = visitor_says(as_visitor(make_visitor()), "v1", "hello")
    cid = first.conversation_id
    key, _ = apikeys.create_api_key("crm")
    sent = []

    class Recorded(MentionSink):
        def note_mentioned(self, mention, *, agent_ids):
            sent.append((mention, agent_ids))

    app.extensions[EXTENSION_KEY] = Recorded()
    crm = Principal("api_key", key.id, "crm")
    staff_says(crm, cid, "n1", "@Bea refund approved?", private=True, mentions=[bea.id])
    staff_says(as_agent(ann), cid, "n2", "a note for nobody", private=True)
    assert [(m["by"], ids) for m, ids in sent] == [({"id": None, "name": "crm"}, [bea.id])]
    assert is_mentioned_in(bea.id, cid) and not is_mentioned_in(ann.id, cid)

    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        rows = messages_after(as_agent(bea), get_conversation(cid), 0)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert [m.mentions for m in rows if m.private] == [[bea.id], []]
    assert sum("note_mentions" in s for s in statements) == 1
