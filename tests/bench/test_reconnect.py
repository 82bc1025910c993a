"""The reconnect storm's arithmetic: the socket.io client's backoff, the storm's figures from a
timeline, the message windows and the lost-message check, and its report section.
(bench/reconnect.py against real servers runs in the smoke test.)"""

import pytest

from bench.reconnect import flow_figures, storm_figures
from bench.rejoin import backoff
from bench.report_sections import reconnect_section


class FixedRandom:
    """random() answers from a list, in turn."""

    def __init__(self, *values):
        self.values = list(values)

    def random(self):
        return self.values.pop(0)


@pytest.mark.parametrize(
    ("attempt", "draws", "expected"),
    [
        (0, (0.0, 0.9), 1.0),  # no deviation
        (0, (1.0, 0.1), 0.5),  # the full 50 % down
        (0, (1.0, 0.9), 1.5),  # the full 50 % up
        (1, (0.5, 0.1), 1.5),  # 2 s, a quarter down
        (2, (1.0, 0.9), 5.0),  # 6 s, capped
        (9, (0.0, 0.1), 5.0),  # 512 s, capped
    ],
)
def test_backoff_is_the_socket_io_clients(attempt, draws, expected):
    assert backoff(attempt, FixedRandom(*draws)) == pytest.approx(expected)


def status(per_worker, back, failed=0, errors=None):
    return {
        "per_worker": per_worker,
        "back": back,
        "failed_attempts": failed,
        "errors": errors or {},
        "client_cpu": 0.1,
    }


def test_storm_figures_count_from_the_signal():
    signalled = 1000.0
    # [dropped_at, back_at, worker, attempts, drops]
    timeline = [
        [1000.5, 1001.2, 0, 1, 1],
        [1000.5, 1002.9, 1, 2, 1],
        [1000.6, 1003.1, 1, 2, 1],
        [1000.6, 1004.0, 0, 3, 1],
    ]
    statuses = [status([1, 1], 2, 3, {"ConnectionRefusedError: x": 3}), status([1, 1], 2)]
    storm = storm_figures(timeline, signalled, statuses, 0.4)
    assert storm["dropped"] == storm["back"] == 4
    assert storm["not_back"] == 0
    assert storm["first_drop_seconds"] == 0.5
    assert storm["half_back_seconds"] == pytest.approx(2.9)
    assert storm["all_back_seconds"] == pytest.approx(4.0)
    assert storm["reconnect_per_second"] == pytest.approx(4 / 2.8, abs=0.05)
    assert storm["back_by_second"] == [0, 1, 1, 1, 1]
    assert storm["peak_per_second"] == 1
    assert storm["landed"] == [2, 2]
    assert (storm["attempts_mean"], storm["attempts_max"]) == (2.0, 3)
    assert storm["failed_attempts"] == 3
    assert storm["client_cpu_max"] == 0.4


def test_a_socket_not_back_leaves_no_all_back_time():
    timeline = [[1000.5, 1001.2, 0, 1, 1], [1000.5, None, 0, 0, 1]]
    storm = storm_figures(timeline, 1000.0, [status([1, 0], 1)], 0.1)
    assert storm["not_back"] == 1
    assert storm["all_back_seconds"] is None
    assert storm["back"] == 1


def flowed(acked, sent=None):
    return {
        "rate": 10,
        "sent": sent if sent is not None else len(acked),
        "acked": acked,
        "errors": {},
        "late_sends": 0,
        "ack_ms": {},
        "client_cpu": 0.01,
    }


def test_flow_windows_split_by_send_time():
    marks = (90.0, 100.0, 110.0, 120.0)  # flow start, signal, storm over, halt
    received = [[95.0, 2.0, "m-0"], [100.0, 40.0, "m-1"], [109.0, 30.0, "m-2"], [111, 3.0, "m-3"]]
    flow = flow_figures(flowed(["m-0", "m-1", "m-2", "m-3"]), received, marks)
    assert (flow["lost"], flow["duplicates"], flow["delivered"]) == (0, 0, 4)
    windows = flow["windows"]
    assert [windows[w]["n"] for w in ("before", "during", "after")] == [1, 2, 1]
    assert windows["during"]["p99"] == 40.0
    assert [windows[w]["seconds"] for w in ("before", "during", "after")] == [10.0, 10.0, 10.0]
    assert flow["p99_by_second"] == [[-5, 1, 2.0], [0, 1, 40.0], [9, 1, 30.0], [11, 1, 3.0]]


def test_an_acked_message_not_delivered_is_lost_and_a_double_counted():
    received = [[95.0, 2.0, "m-0"], [96.0, 2.0, "m-0"]]
    flow = flow_figures(flowed(["m-0", "m-1"]), received, (90.0, 100.0, 110.0, 120.0))
    assert (flow["acked"], flow["delivered"], flow["lost"], flow["duplicates"]) == (2, 1, 1, 1)


def test_the_report_section_says_what_was_lost():
    timeline = [[1000.5, 1001.2, 0, 1, 1], [1000.5, 1002.0, 1, 2, 1]]
    run = {
        "sockets": 2,
        "seconds": 30.0,
        "initial": {"connect_per_second": 900.0},
        "node": {"connect_per_second": 2000.0},
        "restart": {
            "exit_seconds": 0.4,
            "exit_code": 0,
            "ready_seconds": 2.5,
            "back_up_seconds": 2.9,
        },
        "storm": storm_figures(timeline, 1000.0, [status([1, 1], 2)], 0.2),
        "flow": flow_figures(
            flowed(["m-0", "m-1"]), [[95.0, 2.0, "m-0"]], (90.0, 100.0, 110.0, 120.0)
        ),
        "b_cpu_percent_storm": 40.0,
        "b_gc_pauses_over_20ms_storm": 3,
        "rss_mb_before": [100.0, 90.0],
        "rss_mb_after": [80.0, 95.0],
    }
    text = reconnect_section({"runs": {"reconnect": run}}, {})
    assert text.startswith("## Reconnect storm")
    assert "every socket was connected again 2.0 s after it, 1 on A and 1 on B" in text
    assert "**1 acknowledged messages were lost" in text
    assert "| Landed on worker A / B | 1 / 1 |" in text
