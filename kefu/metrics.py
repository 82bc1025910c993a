"""Prometheus metrics of this process (scrape each worker's /metrics)."""

from prometheus_client import Counter, Gauge

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
SOCKETS = Gauge("kefu_sockets_connected", "Connected Socket.IO clients", ["namespace"])
