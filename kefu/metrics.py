"""Prometheus metrics of this process (scrape each worker's /metrics)."""

from prometheus_client import Counter, Gauge, Histogram

MESSAGES = Counter("kefu_messages_stored_total", "Messages stored", ["sender_type"])
CLAIMS = Counter(
    "kefu_dispatch_claims_total",
    "Assignment claims by outcome: assigned; conversation_lost (another claim took it "
    "first); agent_lost (the agent filled up in a race, the next candidate is tried)",
    ["outcome"],
)
REDISPATCHED = Counter(
    "kefu_conversations_redispatched_total", "Conversations requeued after their agent was lost"
)
PUBSUB_EMITS = Counter("kefu_pubsub_emits_published_total", "Emits published for the other workers")
PUBSUB_BATCHES = Counter(
    "kefu_pubsub_batches_published_total",
    "Redis messages those emits went out in (sockets/fanout/outbox.py publishes them together)",
)
PUBSUB_DROPPED = Counter(
    "kefu_pubsub_emits_dropped_total",
    "Emits dropped unpublished because the outbox was full (Redis away for long)",
)
SOCKETS = Gauge("kefu_sockets_connected", "Connected Socket.IO clients", ["namespace"])
HANDSHAKES_WAITING = Gauge(
    "kefu_handshakes_waiting", "New connections waiting for a handshake permit"
)
HANDSHAKES_WAITED_OUT = Counter(
    "kefu_handshakes_waited_out_total", "New connections let through unpermitted after the wait"
)
GROUP_COMMIT_BATCH = Histogram(
    "kefu_group_commit_batch_jobs",
    "Messages stored per transaction by the group commit",
    buckets=(1, 2, 4, 8, 16, 32, 64, 100),
)
OUTBOX_LAG = Gauge(
    "kefu_outbox_lag_seconds",
    "Age of the oldest committed event not yet on the webhook stream (0: none waiting)",
)
WEBHOOK_STREAM_ENTRIES = Gauge("kefu_webhook_stream_entries", "Entries on the webhook stream")
WEBHOOK_WAITING = Gauge(
    "kefu_webhook_waiting_events",
    "Events a webhook has yet to be done with (pending and not yet read)",
    ["webhook"],
)
WEBHOOK_DELIVERIES = Counter(
    "kefu_webhook_deliveries_total",
    "Webhook delivery attempts by result: delivered; retry (the receiver failed, tried "
    "again later); failed (given up after KEFU_WEBHOOK_GIVE_UP_HOURS)",
    ["result"],
)
