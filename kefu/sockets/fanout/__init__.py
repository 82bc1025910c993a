"""The Socket.IO fan-out engine: the client manager (a room index, lean local emits, Redis
pub/sub across workers), the outbox of emits for other workers, plain-JSON packets."""
