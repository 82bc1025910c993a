"""Routing against the database: assign, queue, drain, claims that lose races."""

import pytest
from sqlalchemy import select

from kefu.chat import agents as agent_service
from kefu.chat import conversations
from kefu.dispatch import claims, router
from kefu.errors import KefuError
from kefu.extensions import db
from kefu.models import Agent, Conversation
from tests.factories import as_agent, say


def load_of(agent):
    return db.session.scalar(select(Agent.load).where(Agent.id == agent.id))


def test_first_message_goes_to_the_least_loaded_online_agent(
    make_agent, make_visitor, online, sink
):
    busy, free, offline = make_agent(), make_agent(), make_agent()
    online(busy, free)
    say(make_visitor())  # ties go to the never-assigned lower id: busy
    conversation = say(make_visitor())
    assert conversation.status == "open" and conversation.agent_id == free.id
    assert load_of(free) == 1 and load_of(offline) == 0


def test_no_agent_online_queues_with_a_position(make_visitor, sink):
    first = say(make_visitor())
    second = say(make_visitor())
    assert (first.status, second.status) == ("queued", "queued")
    assert conversations.public_conversation(second)["queue_position"] == 2
    # One publication of the queue tells every waiting visitor its position.
    latest = sink.of("queue")[-1]
    assert [(c["id"], c["queue_position"]) for c in latest] == [(first.id, 1), (second.id, 2)]
    assert not [c for c in sink.of("conversation") if c["id"] == second.id]


def test_priority_then_age_orders_the_queue(make_visitor, make_agent, online, sink):
    low = say(make_visitor())
    vip_visitor = make_visitor()
    vip_visitor.priority = 5
    db.session.commit()
    vip = say(vip_visitor)
    assert conversations.public_conversation(vip)["queue_position"] == 1
    agent = make_agent(max_concurrent=1)
    online(agent)
    assigned = router.drain_queue()
    assert assigned == [vip.id]
    assert db.session.get(Conversation, low.id, populate_existing=True).status == "queued"


def test_closing_frees_capacity_and_drains_the_queue(make_agent, make_visitor, online, sink):
    agent = make_agent(max_concurrent=1)
    online(agent)
    first = say(make_visitor())
    waiting = say(make_visitor())
    assert waiting.status == "queued" and load_of(agent) == 1
    conversations.close_conversation(as_agent(agent), first.id)
    assert db.session.get(Conversation, waiting.id, populate_existing=True).agent_id == agent.id
    assert load_of(agent) == 1


def test_agent_coming_online_takes_the_queue(app, make_agent, make_visitor, sink):
    queued = say(make_visitor())
    agent = make_agent()
    agent_service.agent_connected(agent.id, "sid-1")
    assert db.session.get(Conversation, queued.id, populate_existing=True).agent_id == agent.id


def test_away_agent_gets_nothing_until_back(make_agent, make_visitor, online, sink):
    agent = make_agent()
    online(agent)
    agent_service.set_agent_status(agent.id, "away")
    queued = say(make_visitor())
    assert queued.status == "queued"
    agent_service.set_agent_status(agent.id, "online")
    assert db.session.get(Conversation, queued.id, populate_existing=True).agent_id == agent.id


def test_skill_group_routes_only_to_skilled_agents(make_agent, make_visitor, online, sink):
    seller = make_agent(skills=["sales"])
    biller = make_agent(skills=["billing"])
    online(seller, biller)
    conversation = say(make_visitor(skill_group="billing"))
    assert conversation.agent_id == biller.id


def test_claim_of_an_already_claimed_conversation_changes_nothing(make_agent, make_visitor, sink):
    one, two = make_agent(), make_agent()
    queued = say(make_visitor())
    assert claims.claim(queued.id, one.id) is True
    assert claims.claim(queued.id, two.id) == "conversation"
    assert (load_of(one), load_of(two)) == (1, 0)
    assert db.session.get(Conversation, queued.id, populate_existing=True).agent_id == one.id


def test_claim_by_a_full_agent_rolls_back(make_agent, make_visitor, sink):
    agent = make_agent(max_concurrent=1)
    first, second = say(make_visitor()), say(make_visitor())
    assert claims.claim(first.id, agent.id) is True
    assert claims.claim(second.id, agent.id) == "agent"
    conversation = db.session.get(Conversation, second.id, populate_existing=True)
    assert conversation.status == "queued" and conversation.agent_id is None
    assert load_of(agent) == 1


def test_pick_and_its_refusals(make_agent, make_visitor, sink):
    agent = make_agent(max_concurrent=1)
    first, second = say(make_visitor()), say(make_visitor())
    picked = conversations.pick_conversation(as_agent(agent), first.id)
    assert picked["status"] == "open" and picked["agent"]["id"] == agent.id
    with pytest.raises(KefuError) as err:
        conversations.pick_conversation(as_agent(agent), first.id)
    assert err.value.code == "already_assigned"
    with pytest.raises(KefuError) as err:
        conversations.pick_conversation(as_agent(agent), second.id)
    assert err.value.code == "capacity_full"


def test_transfer_to_agent_moves_load(make_agent, make_visitor, online, sink):
    source, target = make_agent(), make_agent()
    online(source)
    conversation = say(make_visitor())
    assert conversation.agent_id == source.id
    online(target)
    moved = conversations.transfer_conversation(
        as_agent(source), conversation.id, agent_id=target.id
    )
    assert moved["agent"]["id"] == target.id
    assert (load_of(source), load_of(target)) == (0, 1)


def test_transfer_to_full_or_offline_agent_is_refused(make_agent, make_visitor, online, sink):
    source, full, offline = make_agent(), make_agent(max_concurrent=1), make_agent()
    online(full)
    say(make_visitor())  # fills `full`
    online(source)
    conversation = say(make_visitor())
    assert conversation.agent_id == source.id
    for target, code in ((full, "capacity_full"), (offline, "agent_unavailable")):
        with pytest.raises(KefuError) as err:
            conversations.transfer_conversation(
                as_agent(source), conversation.id, agent_id=target.id
            )
        assert err.value.code == code
    assert load_of(source) == 1 and load_of(full) == 1 and load_of(offline) == 0


def test_transfer_to_skill_group_requeues_for_that_group(make_agent, make_visitor, online, sink):
    source = make_agent(skills=["sales"])
    biller = make_agent(skills=["billing"])  # offline for now
    online(source)
    conversation = say(make_visitor())
    moved = conversations.transfer_conversation(
        as_agent(source), conversation.id, skill_group="billing"
    )
    assert moved["status"] == "queued" and moved["skill_group"] == "billing"
    assert load_of(source) == 0
    agent_service.agent_connected(biller.id, "sid-b")
    assert (
        db.session.get(Conversation, conversation.id, populate_existing=True).agent_id == biller.id
    )


def test_transfer_to_unknown_group_is_refused(make_agent, make_visitor, online, sink):
    agent = make_agent()
    online(agent)
    conversation = say(make_visitor())
    with pytest.raises(KefuError) as err:
        conversations.transfer_conversation(as_agent(agent), conversation.id, skill_group="nope")
    assert err.value.code == "unknown_skill_group"
    assert load_of(agent) == 1


def test_returning_visitor_goes_back_to_the_previous_agent(make_agent, make_visitor, online, sink):
    first_agent, second_agent = make_agent(), make_agent()
    online(first_agent)
    visitor = make_visitor()
    conversation = say(visitor, "one")
    conversations.close_conversation(as_agent(first_agent), conversation.id)
    online(second_agent)
    # second_agent is less recently assigned, but stickiness wins.
    again = say(visitor, "two")
    assert again.agent_id == first_agent.id


def test_handing_off_to_own_group_never_bounces_back(make_agent, make_visitor, online, sink):
    """The agent who transferred to a group is skipped while it waits, yet may pick it."""
    source = make_agent(skills=["sales"])
    online(source)
    conversation = say(make_visitor())
    conversations.transfer_conversation(as_agent(source), conversation.id, skill_group="sales")
    router.drain_queue()
    waiting = db.session.get(Conversation, conversation.id, populate_existing=True)
    assert waiting.status == "queued" and waiting.route_reason == "no eligible agent in sales"
    colleague = make_agent(skills=["sales"])
    agent_service.agent_connected(colleague.id, "sid-c")
    taken = db.session.get(Conversation, conversation.id, populate_existing=True)
    assert taken.agent_id == colleague.id
    assert taken.excluded_agent_id is None  # the hand-off is over once someone takes it


def test_deleting_a_skill_group_reroutes_what_waited_for_it(make_agent, make_visitor, online, sink):
    make_agent(skills=["vip"])  # offline holder of the group
    general = make_agent()
    online(general)
    visitor = make_visitor(skill_group="vip")
    waiting = say(visitor)
    assert waiting.status == "queued"
    agent_service.delete_skill_group("vip")
    assert db.session.get(Conversation, waiting.id, populate_existing=True).agent_id == general.id
    assert db.session.get(type(visitor), visitor.id, populate_existing=True).skill_group is None


def test_raising_priority_moves_a_waiting_visitor_up(make_visitor, sink):
    from kefu.chat.visitors import update_visitor
    from kefu.schemas import VisitorUpdateIn

    first = say(make_visitor())
    late_visitor = make_visitor()
    late = say(late_visitor)
    assert conversations.public_conversation(late)["queue_position"] == 2
    update_visitor(late_visitor.id, VisitorUpdateIn(priority=5))
    assert (
        conversations.public_conversation(
            db.session.get(Conversation, late.id, populate_existing=True)
        )["queue_position"]
        == 1
    )
    assert [c["id"] for c in sink.of("queue")[-1]] == [late.id, first.id]
