"""Routing many conversations in one pass (dispatch/batcher.py's work) and claiming every
agent's share of them in one transaction."""

from sqlalchemy import select, update

from kefu.dispatch import claims, router
from kefu.dispatch import snapshot as snapshot_module
from kefu.extensions import db
from kefu.models import Agent, Conversation
from kefu.timeutil import utcnow
from tests.factories import visitor_says

from .engines import app_on_every_engine, empty_database  # noqa: F401  (`app` on each engine)


def queued(make_visitor, count, priority=0):
    """`count` conversations waiting in the queue (no agent online when they arrive)."""
    ids = []
    for _ in range(count):
        visitor = make_visitor()
        conversation = Conversation(visitor_id=visitor.id, status="queued", priority=priority)
        db.session.add(conversation)
        db.session.commit()
        ids.append(conversation.id)
    return ids


def rows(ids):
    return {
        c.id: c
        for c in db.session.scalars(
            select(Conversation)
            .where(Conversation.id.in_(ids))
            .execution_options(populate_existing=True)
        )
    }


def open_count(agent):
    return db.session.scalar(
        select(db.func.count()).where(
            Conversation.agent_id == agent.id, Conversation.status == "open"
        )
    )


def load_of(agent):
    return db.session.scalar(select(Agent.load).where(Agent.id == agent.id))


def test_claim_shares_takes_the_whole_share_with_a_reason_each(make_agent, make_visitor, app):
    agent = make_agent(max_concurrent=3)
    first, second = queued(make_visitor, 2)
    reasons = {first: "least loaded (0/3)", second: "least loaded (1/3)"}
    assert claims.claim_shares({agent.id: reasons}, utcnow()) == {agent.id: [first, second]}
    found = rows([first, second])
    assert {c.status for c in found.values()} == {"open"}
    assert (found[first].route_reason, found[second].route_reason) == (
        "least loaded (0/3)",
        "least loaded (1/3)",
    )
    assert load_of(agent) == 2 == open_count(agent)


def test_claim_shares_gives_every_agent_its_share_in_one_transaction(make_agent, make_visitor, app):
    agents = [make_agent(max_concurrent=3) for _ in range(3)]
    ids = queued(make_visitor, 5)
    shares = {
        agents[0].id: {ids[0]: "sticky", ids[3]: "least loaded (1/3)"},
        agents[1].id: {ids[1]: "least loaded (0/3)"},
        agents[2].id: {ids[2]: "least loaded (0/3)", ids[4]: "least loaded (1/3)"},
    }
    claimed = claims.claim_shares(shares, utcnow())
    assert claimed == {agent_id: sorted(share) for agent_id, share in shares.items()}
    found = rows(ids)
    for agent_id, share in shares.items():
        for cid, reason in share.items():
            assert (found[cid].agent_id, found[cid].status, found[cid].route_reason) == (
                agent_id,
                "open",
                reason,
            )
    assert [load_of(a) for a in agents] == [2, 1, 2] == [open_count(a) for a in agents]


def test_claim_shares_takes_nothing_when_any_agent_has_no_room(make_agent, make_visitor, app):
    roomy, cramped = make_agent(max_concurrent=5), make_agent(max_concurrent=1)
    ids = queued(make_visitor, 3)
    shares = {roomy.id: {ids[0]: "r"}, cramped.id: dict.fromkeys(ids[1:], "r")}
    assert claims.claim_shares(shares, utcnow()) is None
    assert {c.status for c in rows(ids).values()} == {"queued"}
    assert {c.agent_id for c in rows(ids).values()} == {None}
    assert load_of(roomy) == 0 == load_of(cramped)


def test_claim_shares_gives_back_the_load_of_conversations_taken_meanwhile(
    make_agent, make_visitor, app
):
    agent, second, other = (make_agent(max_concurrent=5) for _ in range(3))
    mine, gone, theirs = queued(make_visitor, 3)
    assert claims.claim(gone, other.id, "picked") is True  # another worker got there first
    shares = {agent.id: {mine: "r", gone: "r"}, second.id: {theirs: "r"}}
    assert claims.claim_shares(shares, utcnow()) == {agent.id: [mine], second.id: [theirs]}
    assert load_of(agent) == 1 == open_count(agent)
    assert load_of(second) == 1 == open_count(second)
    assert rows([gone])[gone].agent_id == other.id
    assert load_of(other) == 1


def test_claim_shares_of_conversations_all_taken_meanwhile_changes_nothing(
    make_agent, make_visitor, app
):
    agent, other = make_agent(max_concurrent=5), make_agent(max_concurrent=5)
    (gone,) = queued(make_visitor, 1)
    assert claims.claim(gone, other.id, "picked") is True
    assert claims.claim_shares({agent.id: {gone: "r"}}, utcnow()) == {}
    assert load_of(agent) == 0 and load_of(other) == 1


def test_a_batch_spreads_over_agents_head_of_the_queue_first(make_agent, make_visitor, online, app):
    agents = [make_agent(max_concurrent=2) for _ in range(3)]
    online(*agents)
    ids = queued(make_visitor, 5)
    vip = queued(make_visitor, 2, priority=5)
    routed = router.route_batch(ids + vip)
    found = rows(ids + vip)
    # 6 places for 7: the two VIPs first, then by age; the newest waits.
    assert [i for i in ids + vip if routed[i] is None] == [ids[-1]]
    assert found[ids[-1]].status == "queued" and found[ids[-1]].route_reason == "no eligible agent"
    for agent in agents:
        assert load_of(agent) == 2 == open_count(agent)
    # Least loaded first: the first three go to three different agents.
    assert len({routed[i] for i in vip + ids[:1]}) == 3


def test_a_batch_whose_agent_filled_up_elsewhere_is_routed_one_by_one(
    make_agent, make_visitor, online, app
):
    full, spare = make_agent(max_concurrent=2), make_agent(max_concurrent=2)
    online(full, spare)
    ids = queued(make_visitor, 2)
    # The snapshot sees `full` empty; another worker fills it before the claims run.
    snapshot = snapshot_module.AgentSnapshot.read()
    db.session.execute(update(Agent).where(Agent.id == full.id).values(load=2))
    db.session.commit()
    reads = iter([snapshot, snapshot_module.AgentSnapshot.read()])
    original = snapshot_module.AgentSnapshot.read
    snapshot_module.AgentSnapshot.read = classmethod(lambda cls: next(reads))
    try:
        routed = router.route_batch(ids)
    finally:
        snapshot_module.AgentSnapshot.read = original
    assert all(agent_id == spare.id for agent_id in routed.values()), routed
    assert load_of(spare) == 2 == open_count(spare)
    assert load_of(full) == 2


def test_conversations_arriving_together_are_routed_in_one_pass(
    make_agent, make_visitor, online, app
):
    import gevent

    from kefu.dispatch.batcher import DispatchBatcher

    agents = [make_agent(max_concurrent=2) for _ in range(2)]
    online(*agents)
    ids = queued(make_visitor, 5)
    batcher, passes = DispatchBatcher(app, router.route_and_publish), []
    original = router.route_batch
    router.route_batch = lambda batch: passes.append(list(batch)) or original(batch)
    try:
        greenlets = [gevent.spawn(batcher.route, i) for i in ids]
        gevent.joinall(greenlets, timeout=10)
    finally:
        router.route_batch = original
    assert passes == [ids]  # one pass for all five
    results = [g.value for g in greenlets]
    assert results[-1] is None and sorted(results[:4]) == sorted([a.id for a in agents] * 2)


def test_a_first_message_is_acknowledged_when_routing_fails(
    make_agent, make_visitor, online, app, monkeypatch
):
    from kefu.chat.principals import Principal

    online(make_agent())
    visitor = make_visitor()

    def broken(conversation_ids):
        raise RuntimeError("database went away mid-routing")

    monkeypatch.setattr(router, "route_batch", broken)
    message, created = visitor_says(Principal("visitor", visitor.id), "c1", "hi")
    assert created and message.seq == 1
    # Stored and waiting: the sweep routes it.
    assert rows([message.conversation_id])[message.conversation_id].status == "queued"
    monkeypatch.undo()
    assert router.drain_queue() == [message.conversation_id]


def test_a_conversation_another_pass_assigned_meanwhile_reports_that_agent(
    make_agent, make_visitor, online, app
):
    # An agent coming online drains the queue between a first message's commit and its
    # routing: the routing finds nothing to do, but the first message must still reach
    # the agent, so dispatch answers with the agent that took it.
    (conversation_id,) = queued(make_visitor, 1)
    agent = make_agent()
    online(agent)
    assert router.drain_queue() == [conversation_id]
    assert router.dispatch(conversation_id) == agent.id
    assert load_of(agent) == 1 == open_count(agent)  # assigned once, not twice


def test_a_conversation_still_waiting_reports_no_agent(make_agent, make_visitor, app):
    (conversation_id,) = queued(make_visitor, 1)
    assert router.dispatch(conversation_id) is None
    assert rows([conversation_id])[conversation_id].status == "queued"
