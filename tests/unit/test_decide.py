"""The decision core: eligibility, least load, tie-breaks, stickiness — on plain data."""

from datetime import datetime

import pytest

from kefu.dispatch.decide import AgentView, ConversationView, choose_agent, ineligibility

T0 = datetime(2026, 1, 1, 8, 0)
T1 = datetime(2026, 1, 1, 9, 0)


def agent(id, load=0, cap=5, skills=(), last=None, online=True):
    return AgentView(id, load, cap, frozenset(skills), last, online)


CASES = [
    # (description, agents, conversation, expected agent, reason fragment)
    ("nobody online", [], ConversationView(1), None, "no eligible agent"),
    ("offline agent is skipped", [agent(1, online=False)], ConversationView(1), None, "no"),
    ("full agent is skipped", [agent(1, load=5, cap=5)], ConversationView(1), None, "no"),
    ("least load wins", [agent(1, load=2), agent(2, load=1)], ConversationView(1), 2, "least"),
    (
        "ratio, not count: 2/10 beats 1/2",
        [agent(1, load=1, cap=2), agent(2, load=2, cap=10)],
        ConversationView(1),
        2,
        "least loaded (2/10)",
    ),
    (
        "tie goes to the least recently assigned",
        [agent(1, last=T1), agent(2, last=T0)],
        ConversationView(1),
        2,
        "least",
    ),
    (
        "never assigned counts as least recent",
        [agent(1, last=T0), agent(2, last=None)],
        ConversationView(1),
        2,
        "least",
    ),
    (
        "skill group filters",
        [agent(1, skills=("billing",)), agent(2, load=3, skills=("sales",))],
        ConversationView(1, skill_group="sales"),
        2,
        "least",
    ),
    (
        "no one with the skill",
        [agent(1, skills=("billing",))],
        ConversationView(1, skill_group="sales"),
        None,
        "no eligible agent in sales",
    ),
    (
        "no group: any agent",
        [agent(1, skills=("billing",))],
        ConversationView(1),
        1,
        "least",
    ),
    (
        "sticky to the previous agent even if busier",
        [agent(1, load=0), agent(2, load=3)],
        ConversationView(1, previous_agent_id=2),
        2,
        "returning visitor",
    ),
    (
        "sticky ignored when the previous agent is full",
        [agent(1, load=0), agent(2, load=5, cap=5)],
        ConversationView(1, previous_agent_id=2),
        1,
        "least",
    ),
    (
        "excluded agent is never chosen",
        [agent(1, load=0), agent(2, load=4)],
        ConversationView(1, excluded_agent_id=1),
        2,
        "least",
    ),
]


@pytest.mark.parametrize(
    "agents, conversation, expected, reason",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_choose_agent(agents, conversation, expected, reason):
    """Each table row: the chosen agent and the reason given."""
    decision = choose_agent(conversation, agents)
    assert decision.agent_id == expected
    assert reason in decision.reason
    if expected is not None:
        assert decision.ranking[0] == expected


def test_ranking_lists_every_eligible_agent_best_first():
    """The ranking is the fallback order when a claim loses a race."""
    agents = [agent(1, load=3), agent(2, load=1), agent(3, load=5, cap=5), agent(4, load=2)]
    assert choose_agent(ConversationView(1), agents).ranking == (2, 4, 1)


def test_ineligibility_explains():
    conversation = ConversationView(1, skill_group="sales")
    assert ineligibility(agent(1, online=False), conversation) == "not online"
    assert ineligibility(agent(1, skills=()), conversation) == "lacks skill sales"
    assert ineligibility(agent(1, load=2, cap=2, skills=("sales",)), conversation) == "at capacity"
    assert ineligibility(agent(1, skills=("sales",)), conversation) is None
    handed_off = ConversationView(1, excluded_agent_id=1)
    assert ineligibility(agent(1), handed_off) == "transferred it away"


def test_widened_conversation_may_go_to_any_agent():
    """Past the skill-group fallback, an agent without the skill is eligible, and it says so."""
    agents = [agent(1, skills=("billing",))]
    narrow = choose_agent(ConversationView(1, skill_group="sales"), agents)
    wide = choose_agent(ConversationView(1, skill_group="sales", widened=True), agents)
    assert narrow.agent_id is None
    assert wide.agent_id == 1 and "widened beyond sales" in wide.reason


def test_widened_still_prefers_least_load():
    agents = [agent(1, load=1, skills=("sales",)), agent(2, load=0)]
    wide = choose_agent(ConversationView(1, skill_group="sales", widened=True), agents)
    assert wide.agent_id == 2
