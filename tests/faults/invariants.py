"""The check that follows every fault row, over the database itself:

1. every conversation's messages are numbered 1..n without a gap, n its `last_seq`;
2. every client_id is stored once per sender, and every acknowledged message is stored,
   under its client_id, with the id and seq its ack carried;
3. each client's view, what it heard live and was acked plus what `sync` then gives it
   (as a client does after a gap: from the end of what it holds without holes), is the
   conversation as the database has it (a visitor's without private notes).
"""

from dataclasses import dataclass, field

from ..integration.clients import new_client_id


@dataclass
class Ledger:
    """Every message a test's clients had acknowledged, by the peer that sent it."""

    acked: list = field(default_factory=list)  # (peer, message dict)

    def record(self, peer, ack):
        assert isinstance(ack, dict) and ack.get("ok") is True, f"{peer.name}: {ack}"
        self.acked.append((peer, ack["message"]))
        return ack["message"]

    def say(self, peer, content, conversation_id=None, client_id=None, timeout=10):
        """Send a message and insist it is acknowledged; return the stored message."""
        return self.record(
            peer, peer.call("message", payload(content, conversation_id, client_id), timeout)
        )

    def of(self, peer, conversation_id):
        return [m for p, m in self.acked if p is peer and m["conversation_id"] == conversation_id]


def payload(content, conversation_id=None, client_id=None):
    body = {"client_id": client_id or new_client_id(), "content": content, "type": "text"}
    if conversation_id is not None:
        body["conversation_id"] = conversation_id
    return body


def _rows(connection, sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def check_database(database, ledger=None, views=()):
    """Assert the three invariants; `views` are (peer, conversation_id, is_visitor) of
    connected peers. Returns what was checked, for the test's report."""
    connection = database.connect(autocommit=True)
    try:
        conversations = _rows(
            connection,
            "SELECT c.id, c.last_seq, COUNT(m.id), MIN(m.seq), MAX(m.seq) "
            "FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id "
            "GROUP BY c.id, c.last_seq",
        )
        for cid, last_seq, count, low, high in conversations:
            if count == 0:
                assert last_seq == 0, f"conversation {cid}: last_seq {last_seq}, no messages"
                continue
            assert (low, high, count) == (1, count, last_seq), (
                f"conversation {cid}: seqs {low}..{high} for {count} messages, "
                f"last_seq {last_seq}: a gap or a double"
            )
        doubles = _rows(
            connection,
            "SELECT sender_type, sender_id, client_id, COUNT(*) FROM messages "
            "WHERE client_id IS NOT NULL GROUP BY sender_type, sender_id, client_id "
            "HAVING COUNT(*) > 1",
        )
        assert not doubles, f"client_ids stored more than once: {doubles}"
        acked = ledger.acked if ledger is not None else []
        for peer, message in acked:
            stored = _rows(
                connection,
                "SELECT id, conversation_id, seq, content FROM messages "
                "WHERE sender_type = %s AND sender_id = %s AND client_id = %s",
                (message["sender"]["type"], str(message["sender"]["id"]), message["client_id"]),
            )
            expected = [
                (message["id"], message["conversation_id"], message["seq"], message["content"])
            ]
            assert stored == expected, f"{peer.name}: acked {expected}, stored {stored}"
        for peer, cid, is_visitor in views:
            _check_view(connection, ledger, peer, cid, is_visitor)
        return {
            "conversations": len(conversations),
            "acked": len(acked),
            "views": len(views),
        }
    finally:
        connection.close()


def _check_view(connection, ledger, peer, cid, is_visitor):
    held = {m["seq"]: m for m in peer.received("message") if m.get("conversation_id") == cid}
    if ledger is not None:
        held.update({m["seq"]: m for m in ledger.of(peer, cid)})
    after = 0
    while after + 1 in held:
        after += 1
    synced = peer.sync(after, conversation_id=None if is_visitor else cid)["messages"]
    view = {**held, **{m["seq"]: m for m in synced}}
    rows = _rows(
        connection,
        "SELECT seq, id, content FROM messages WHERE conversation_id = %s"
        + (" AND NOT private" if is_visitor else "")
        + " ORDER BY seq",
        (cid,),
    )
    assert [(s, view[s]["id"], view[s]["content"]) for s in sorted(view)] == [
        tuple(r) for r in rows
    ], f"{peer.name}: its view of conversation {cid} is not the database's"
