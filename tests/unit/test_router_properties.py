"""Random sequences of arrivals, closes, transfers, picks and presence changes: the
router's invariants hold after every step."""

import tempfile
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kefu import create_app
from kefu.chat import agents as agent_service
from kefu.chat import conversations
from kefu.chat.agent_loss import sweep
from kefu.chat.principals import Principal
from kefu.chat.visitors import authenticate_visitor
from kefu.dispatch.decide import ineligibility
from kefu.dispatch.queue import queued_conversations
from kefu.dispatch.snapshot import conversation_view, online_agent_views
from kefu.errors import KefuError
from kefu.extensions import db
from kefu.models import Agent, Conversation
from kefu.schemas import VisitorAuthIn
from kefu.timeutil import utcnow
from tests.factories import visitor_says

GROUPS = [None, "sales", "billing"]
AGENT_SKILLS = [("sales",), ("billing",), ("sales", "billing"), ()]

operations = st.lists(
    st.one_of(
        st.tuples(st.just("arrive"), st.sampled_from(GROUPS), st.integers(0, 2)),
        st.tuples(st.just("close"), st.integers(0, 30)),
        st.tuples(st.just("transfer_agent"), st.integers(0, 30), st.integers(0, 3)),
        st.tuples(st.just("transfer_group"), st.integers(0, 30), st.sampled_from(GROUPS[1:])),
        st.tuples(st.just("pick"), st.integers(0, 3), st.integers(0, 30)),
        st.tuples(st.just("connect"), st.integers(0, 3)),
        st.tuples(st.just("disconnect"), st.integers(0, 3)),
        st.tuples(st.just("away"), st.integers(0, 3)),
        st.tuples(st.just("back"), st.integers(0, 3)),
        st.tuples(st.just("capacity"), st.integers(0, 3), st.integers(1, 3)),
        st.tuples(
            st.just("lose_agents"),
        ),
    ),
    min_size=1,
    max_size=40,
)


def check_invariants():
    agents = db.session.scalars(select(Agent).execution_options(populate_existing=True)).all()
    for agent in agents:
        open_count = db.session.scalar(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.agent_id == agent.id, Conversation.status == "open")
        )
        assert agent.load == open_count, f"agent {agent.id}: load {agent.load} != {open_count}"
        assert agent.load <= agent.max_concurrent, f"agent {agent.id} over capacity"
    for conversation in db.session.scalars(select(Conversation)):
        if conversation.status == "open":
            assert conversation.agent_id is not None
        if conversation.status == "queued":
            assert conversation.agent_id is None
    # Work-conserving: no waiting conversation has a free, eligible, online agent.
    online = online_agent_views()
    for conversation in queued_conversations():
        view = conversation_view(conversation)
        free = [a.id for a in online if ineligibility(a, view) is None]
        assert not free, f"conversation {conversation.id} waits while {free} could take it"


def run(steps, agents, conversation_ids):
    for step in steps:
        kind = step[0]
        try:
            if kind == "arrive":
                visitor, _ = authenticate_visitor(VisitorAuthIn(skill_group=step[1]))
                visitor.priority = step[2]
                db.session.commit()
                message, _ = visitor_says(Principal("visitor", visitor.id), "c", "hi")
                conversation_ids.append(message.conversation_id)
            elif kind in ("close", "transfer_agent", "transfer_group") and conversation_ids:
                cid = conversation_ids[step[1] % len(conversation_ids)]
                admin = Principal("api_key", 0)
                if kind == "close":
                    conversations.close_conversation(admin, cid)
                elif kind == "transfer_agent":
                    target = agents[step[2]].id
                    conversations.transfer_conversation(admin, cid, agent_id=target)
                else:
                    conversations.transfer_conversation(admin, cid, skill_group=step[2])
            elif kind == "pick" and conversation_ids:
                agent = agents[step[1]]
                cid = conversation_ids[step[2] % len(conversation_ids)]
                conversations.pick_conversation(Principal("agent", agent.id), cid)
            elif kind == "connect":
                agent_service.agent_connected(agents[step[1]].id, f"s{step[1]}")
            elif kind == "disconnect":
                agent_service.agent_disconnected(agents[step[1]].id, f"s{step[1]}")
            elif kind == "away":
                agent_service.set_agent_status(agents[step[1]].id, "away")
            elif kind == "back":
                agent_service.set_agent_status(agents[step[1]].id, "online")
            elif kind == "capacity":
                from kefu.schemas import AgentUpdateIn

                agent_service.update_agent(
                    agents[step[1]].id, AgentUpdateIn(max_concurrent=step[2])
                )
            elif kind == "lose_agents":
                sweep(utcnow() + timedelta(hours=1))
        except KefuError:
            db.session.rollback()  # refusals (capacity_full, already_assigned …) change nothing
        check_invariants()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=operations)
def test_router_invariants_hold(steps):
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/p.db"})
        with app.app_context():
            db.create_all()
            agent_service.ensure_skill_groups(["sales", "billing"])
            agents = [
                agent_service.create_agent(f"a{i}@x.io", "pw", f"A{i}", skills, 2)
                for i, skills in enumerate(AGENT_SKILLS)
            ]
            try:
                run(steps, agents, [])
            finally:
                db.session.remove()
                db.engine.dispose()
