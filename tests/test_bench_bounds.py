"""The load benchmark's closed-loop bound: what a p99 budget asks of throughput (issue 19)."""
from benchmarks.server import closed_loop_bound


def _mix(p99s):
    return {name: {"connections": n, "p50": 150, "p99": p99}
            for (name, n), p99 in zip((("pages", 67), ("results", 67), ("api", 66)), p99s)}


def test_mean_latency_is_connections_over_throughput_and_the_need_grows_with_the_spread():
    line = closed_loop_bound(_mix((250, 260, 240)), 1000)
    assert "200 connections / 1000 req/s = 200 ms" in line
    assert "needs >= 1000 req/s with no spread at all" in line
    assert "about 1300 req/s" in line and "1.30" in line  # worst p99 260 ms over a 200 ms mean


def test_a_tail_below_the_mean_never_lowers_the_need_below_the_bound():
    line = closed_loop_bound(_mix((90, 95, 99)), 2000)
    assert "= 100 ms" in line and "about 1000 req/s" in line and "1.00" in line


def test_no_answers_is_said_not_divided_by():
    assert "no requests answered" in closed_loop_bound(_mix((None, None, None)), 0)
