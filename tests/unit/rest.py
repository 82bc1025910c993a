"""Helpers of the REST tests (one test module per blueprint)."""

from sqlalchemy import func, select

from kefu.extensions import db


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def login(client, agent, password="pw"):
    return client.post("/api/agent/login", json={"email": agent.email, "password": password})


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))
