"""Routing: a pure decision core (decide.py), atomic claims (claims.py), and the
router that joins them to the database and the state backend (router.py)."""
