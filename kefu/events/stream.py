"""The event stream deliveries read, in the order the relay saw events commit.

- RedisStream (with KEFU_REDIS_URL): one Redis Stream per deployment; each webhook is a
  consumer group on it, created at the stream position of the webhook's creation time, so
  it hears what was relayed after it existed. Its deliverer reads its group in order:
  pending entries first (its own, and a dead worker's claimed with XAUTOCLAIM once idle),
  new ones only when nothing of the group is pending anywhere, so an entry a dead worker
  held is never overtaken by a later one.
- TableStream (embedded, one process): the outbox table is the stream; the relay numbers
  rows in `position` and each webhook keeps the position it is done with in `cursor`.

Entries are Entry tuples; `ack` is called in order, once an entry is delivered or given up.
"""

from dataclasses import dataclass

import redis
from sqlalchemy import func, select, update

from ..extensions import db
from ..models import OutboxEvent, Webhook


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # the entry's place in the stream (a Redis id, or the position)
    outbox_id: int
    uid: str
    type: str
    body: str
    webhook_id: int | None  # set: only that webhook gets it (a redelivery, a test event)


class RedisStream:
    def __init__(self, client, key):
        self.redis = client
        self.key = key

    def append(self, rows):
        """XADD each outbox row, in order, in one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        for row in rows:
            pipe.xadd(self.key, _fields(row))
        pipe.execute()

    def lost(self):
        """Whether Redis lost the stream (restarted without its data): the marker set when
        the stream began is gone."""
        return not self.redis.exists(self.key + ":began")

    def mark(self):
        self.redis.set(self.key + ":began", "1")

    def group(self, webhook_id):
        return f"webhook:{webhook_id}"

    def ensure_group(self, webhook_id, since_epoch):
        """Create the webhook's group at `since_epoch`, its creation (an existing one is
        kept where it is)."""
        start = f"{int(since_epoch * 1000)}-0"
        try:
            self.redis.xgroup_create(self.key, self.group(webhook_id), id=start, mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def drop_group(self, webhook_id):
        try:
            self.redis.xgroup_destroy(self.key, self.group(webhook_id))
        except redis.ResponseError:
            pass

    def read(self, webhook_id, consumer, count, claim_idle_ms, block_ms=0):
        """The next entries for `consumer` to deliver, in stream order ([] to wait); with
        nothing pending, waits up to `block_ms` for new ones to come."""
        group = self.group(webhook_id)
        # A dead worker's entries, idle long enough: now this consumer's pending ones.
        _, _, deleted = self.redis.xautoclaim(
            self.key, group, consumer, claim_idle_ms, "0-0", count=count
        )
        gone = [Entry(_key(i), 0, "", "", "", None) for i in deleted]  # trimmed away
        mine = self.redis.xreadgroup(group, consumer, {self.key: "0"}, count=count)
        entries = _entries(mine)
        if entries or gone:
            return gone + entries
        if self.redis.xpending(self.key, group)["pending"]:
            return []  # another consumer's entries, not idle long enough to claim yet
        return _entries(
            self.redis.xreadgroup(
                group, consumer, {self.key: ">"}, count=count, block=block_ms or None
            )
        )

    def ack(self, webhook_id, entry):
        self.redis.xack(self.key, self.group(webhook_id), entry.key)

    def trim(self, before_epoch):
        """Forget entries relayed before `before_epoch` (the retention)."""
        self.redis.xtrim(self.key, minid=f"{int(before_epoch * 1000)}-0", approximate=True)

    def sizes(self, webhook_ids):
        """(stream length, {webhook id: entries pending and not yet read})."""
        length = self.redis.xlen(self.key)
        waiting = {}
        if length:
            groups = {g["name"]: g for g in self.redis.xinfo_groups(self.key)}
            for webhook_id in webhook_ids:
                info = groups.get(self.group(webhook_id).encode()) or groups.get(
                    self.group(webhook_id)
                )
                if info:
                    waiting[webhook_id] = info["pending"] + (info.get("lag") or 0)
        return length, waiting


class TableStream:
    """The outbox table as the stream of one process (no Redis)."""

    def __init__(self):
        self.next_position = None

    def append(self, rows):
        if self.next_position is None:
            top = db.session.scalar(select(func.max(OutboxEvent.position)))
            self.next_position = (top or 0) + 1
        for row in rows:
            db.session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id == row.id)
                .values(position=self.next_position)
            )
            self.next_position += 1

    def lost(self):
        return False  # the table is the stream

    def mark(self):
        pass

    def ensure_group(self, webhook_id, since_epoch):
        pass  # a webhook's cursor starts where the stream was when it was made

    def drop_group(self, webhook_id):
        pass

    def read(self, webhook_id, consumer, count, claim_idle_ms, block_ms=0):
        cursor = db.session.scalar(select(Webhook.cursor).where(Webhook.id == webhook_id))
        rows = db.session.execute(
            select(
                OutboxEvent.position,
                OutboxEvent.id,
                OutboxEvent.uid,
                OutboxEvent.type,
                OutboxEvent.body,
                OutboxEvent.webhook_id,
            )
            .where(OutboxEvent.position > (cursor or 0))
            .order_by(OutboxEvent.position)
            .limit(count)
        ).all()
        db.session.rollback()
        return [Entry(*row) for row in rows]

    def ack(self, webhook_id, entry):
        db.session.execute(
            update(Webhook)
            .where(Webhook.id == webhook_id, Webhook.cursor < entry.key)
            .values(cursor=entry.key)
        )
        db.session.commit()

    def trim(self, before_epoch):
        pass  # the relay's pruning deletes old rows

    def sizes(self, webhook_ids):
        """(entries on the stream, {webhook: entries it has not delivered yet})."""
        top, length = db.session.execute(
            select(func.max(OutboxEvent.position), func.count(OutboxEvent.position))
        ).one()
        top = top or 0
        cursors = dict(
            db.session.execute(
                select(Webhook.id, Webhook.cursor).where(Webhook.id.in_(webhook_ids))
            ).all()
        )
        db.session.rollback()
        return length, {w: max(0, top - (cursors.get(w) or 0)) for w in webhook_ids}


def _fields(row):
    fields = {"outbox_id": row.id, "uid": row.uid, "type": row.type, "body": row.body}
    if row.webhook_id is not None:
        fields["webhook_id"] = row.webhook_id
    return fields


def _key(raw):
    return raw.decode() if isinstance(raw, bytes) else raw


def _entries(reply):
    """Entries of an XREADGROUP reply (one stream)."""
    entries = []
    for _stream, items in reply or ():
        for raw_id, fields in items:
            if not fields:  # trimmed away while pending
                entries.append(Entry(_key(raw_id), 0, "", "", "", None))
                continue
            f = {_key(k): _key(v) for k, v in fields.items()}
            webhook_id = f.get("webhook_id")
            entries.append(
                Entry(
                    _key(raw_id),
                    int(f["outbox_id"]),
                    f["uid"],
                    f["type"],
                    f["body"],
                    int(webhook_id) if webhook_id else None,
                )
            )
    return entries
