"""What happened, told to whoever listens: the event sink the domain reports through
(sockets/broadcast.py implements it as emits)."""
