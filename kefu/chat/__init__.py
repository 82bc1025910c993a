"""The chat domain: visitors, agents, conversations, messages.

Plain functions over the database session and the state backend. No Flask
request and no socket here; what happened is reported through the event sink (events/sink.py).
"""
