"""The database holds canned shortcuts unique per owner (migration 0009): on every engine,
a write that loses a race to the same shortcut answers the check's own 409, and rows that
were already duplicates survive the upgrade renamed."""

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config import normalize_database_url
from kefu import create_app
from kefu.chat import canned as canned_service
from kefu.chat.principals import Principal
from kefu.extensions import db
from kefu.models import AuditEntry, CannedResponse

from .engines import app_on_every_engine, empty_database  # noqa: F401  (`app` on each engine)
from .rest import bearer, count, login


def stored(shortcut, agent_id=None):
    """A committed row written on a connection of its own, as another worker would."""
    with Session(db.engine) as other:
        other.add(
            CannedResponse(
                shortcut=shortcut,
                content="x",
                scope="team" if agent_id is None else "personal",
                agent_id=agent_id,
                created_at=datetime(2026, 1, 1),
                updated_at=datetime(2026, 1, 1),
            )
        )
        other.commit()
        return other.scalar(sa.select(sa.func.max(CannedResponse.id)))


def test_the_constraint_binds_case_insensitively_per_owner(app, make_agent):
    """A second row with the same shortcut in one owner's scope (whatever its case) is
    refused by the database itself; the same text in another scope, or with an accent, is
    not the same shortcut."""
    alice, bob = make_agent(), make_agent()
    stored("Hi", alice.id)
    stored("hi", bob.id)
    stored("hi")  # the team's
    stored("hé", alice.id)  # MariaDB's collation alone would call this "he"
    stored("he", alice.id)
    for agent_id in (alice.id, None):
        with pytest.raises(IntegrityError):
            stored("HI", agent_id)
    db.session.rollback()  # a new snapshot (MariaDB reads repeatably within one)
    assert count(CannedResponse) == 5


@pytest.fixture
def headers(app, client, make_agent):
    alice, admin = make_agent(name="Alice"), make_agent(role="admin")
    token = lambda agent: bearer(login(client, agent).get_json()["access_token"])  # noqa: E731
    return {"alice": token(alice), "admin": token(admin), "alice_id": alice.id}


@pytest.fixture
def losing_race(monkeypatch):
    """The check passes once while another writer commits `shortcut` in the same scope
    right after it, as when two creates run side by side; later checks are the real one."""
    real = canned_service._require_free_shortcut
    calls = []

    def check_then_lose(shortcut, owner, other_than=None):
        if not calls:
            calls.append(shortcut)
            stored(shortcut.upper(), owner)
            return None
        return real(shortcut, owner, other_than)

    monkeypatch.setattr(canned_service, "_require_free_shortcut", check_then_lose)
    return calls


@pytest.mark.parametrize("scope", ["personal", "team"])
def test_a_create_that_loses_the_race_answers_409(client, headers, losing_race, scope):
    """The insert hits the constraint: 409 duplicate_shortcut on the shortcut field, as the
    check answers, and neither the row nor its audit entry is kept."""
    who = headers["admin"] if scope == "team" else headers["alice"]
    response = client.post(
        "/api/canned-responses",
        headers=who,
        json={"shortcut": "refund", "content": "Refunds take 3 days.", "scope": scope},
    )
    assert losing_race == ["refund"]
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("duplicate_shortcut", "shortcut")
    db.session.rollback()
    assert [c.shortcut for c in db.session.scalars(sa.select(CannedResponse))] == ["REFUND"]
    actions = db.session.scalars(sa.select(AuditEntry.action))
    assert not [a for a in actions if a.startswith("canned_response.")]


def test_a_rename_that_loses_the_race_answers_409(client, headers, losing_race):
    """A PATCH to a shortcut taken meanwhile is refused at commit, and the row keeps its
    old shortcut."""
    mine = stored("a", headers["alice_id"])
    db.session.rollback()  # the requests share this session: a snapshot that holds the row
    response = client.patch(
        f"/api/canned-responses/{mine}", headers=headers["alice"], json={"shortcut": "b"}
    )
    assert losing_race == ["b"]
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "duplicate_shortcut"
    db.session.rollback()
    assert db.session.get(CannedResponse, mine).shortcut == "a"


def test_another_integrity_error_is_not_called_a_duplicate(app):
    """Only a taken shortcut becomes 409: a row that breaks another rule (here an owner that
    does not exist) still fails as it is."""
    ghost = Principal(kind="agent", id=987654, name="Ghost", role="agent")
    with pytest.raises(IntegrityError):
        canned_service.create_canned(ghost, "hi", "hello")
    db.session.rollback()
    assert count(CannedResponse) == 0


AGENTS = sa.table(
    "agents",
    *(sa.column(n) for n in ("id", "email", "name", "password_hash", "role", "max_concurrent")),
    sa.column("load"),
    sa.column("created_at"),
)
CANNED = sa.table(
    "canned_responses",
    *(sa.column(n) for n in ("id", "shortcut", "content", "scope", "agent_id")),
    sa.column("created_at"),
    sa.column("updated_at"),
)
LONG = "x" * 64
# id, shortcut, owner (None: the team's) as they stood before 0009, and after it.
BEFORE_AND_AFTER = [
    (1, "Hi", 1, "Hi"),
    (2, "hi", 1, "hi-3"),  # "hi-2" is a later row's own shortcut
    (3, "hi-2", 1, "hi-2"),
    (4, "hi", 2, "hi"),  # another agent's
    (5, "hi", None, "hi"),  # the team's
    (6, "HI", None, "HI-2"),
    (7, LONG, None, LONG),
    (8, LONG.upper(), None, "X" * 62 + "-2"),  # cut to stay within 64 characters
]


def test_upgrade_renames_the_later_duplicates(database_url):
    """Rows that already share a shortcut in a scope keep the oldest as it is and rename
    the others to the first free `-n`, each rename in the audit log; then the constraint
    holds."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url)})
    now = datetime(2026, 1, 1)
    with app.app_context():
        upgrade(revision="0008")
        with db.engine.begin() as connection:
            for agent_id in (1, 2):
                connection.execute(
                    AGENTS.insert().values(
                        email=f"a{agent_id}@example.com",
                        name=f"A{agent_id}",
                        password_hash="x",
                        role="agent",
                        max_concurrent=5,
                        load=0,
                        created_at=now,
                    )
                )
            # A fresh database numbers both tables from 1, as BEFORE_AND_AFTER expects.
            assert connection.scalar(sa.select(sa.func.max(AGENTS.c.id))) == 2
            for _, shortcut, owner, _ in BEFORE_AND_AFTER:
                connection.execute(
                    CANNED.insert().values(
                        shortcut=shortcut,
                        content="x",
                        scope="team" if owner is None else "personal",
                        agent_id=owner,
                        created_at=now,
                        updated_at=now,
                    )
                )
        upgrade(revision="0009")
        rows = db.session.execute(
            sa.select(CannedResponse.id, CannedResponse.shortcut).order_by(CannedResponse.id)
        ).all()
        assert [tuple(r) for r in rows] == [(r[0], r[3]) for r in BEFORE_AND_AFTER]
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.actor_type, e.action, e.target) for e in entries] == [
            ("system", "canned_response.updated", f"canned_response:{n}") for n in (2, 6, 8)
        ]
        assert entries[0].details["changes"] == {"shortcut": {"from": "hi", "to": "hi-3"}}
        db.session.rollback()
        with pytest.raises(IntegrityError):
            stored("hI-3", 1)
        db.session.remove()
        downgrade(revision="0008")  # and back: the key columns go, the rows stay
        with db.engine.connect() as connection:
            assert connection.scalar(sa.select(sa.func.count()).select_from(CANNED)) == 8
        upgrade(revision="0009")
        db.engine.dispose()
