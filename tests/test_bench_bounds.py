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


def test_the_api_budget_in_time_per_request_names_the_engine_work_that_exceeds_it():
    from benchmarks.server import api_budget
    # bare 4000 req/s = 250 µs; 0.7 leaves 250/0.7 - 250 = 107 µs; floor 2500 req/s = 400 µs, engine 150 µs
    line = api_budget(2000, 4000, 2500)
    assert "bare 250 µs, /score 500 µs" in line and "leaves /score 107 µs" in line
    assert "engine work alone takes 150 µs, more than the budget leaves" in line and "JSON) 100 µs" in line
    assert "within it, leaving 71 µs" in api_budget(3000, 4000, 3500)  # floor 286 µs: engine 36, 107 - 36
    assert "not measured" in api_budget(0, 4000, 2500)


def _sample(busy, total, server, clients):
    from benchmarks._cpu import Sample
    return Sample(busy, total, server, clients)


def test_cpu_per_request_splits_server_client_and_rest_and_bounds_the_throughput():
    from benchmarks._cpu import cpu_line
    # 60 s on 2 cores, 114 CPU-seconds busy over 57,000 requests: 2.00 ms each
    line = cpu_line(_sample(10, 100, 5, 1), _sample(124, 220, 101, 13), 57000, 60, 1000, 2)
    assert "95% busy" in line and "per request 2.00 ms" in line
    assert "server (gunicorn) 1.68" in line and "wrk) 0.21" in line and "interrupts 0.11" in line
    assert "at most 1000 req/s, enough" in line
    slow = cpu_line(_sample(0, 0, 0, 0), _sample(120, 120, 100, 10), 48000, 60, 1000, 2)  # 2.5 ms each
    assert "at most 800 req/s, below the 1000 req/s needed" in slow and "cut to 2.00 ms, by 20%" in slow


def test_cpu_not_measured_is_said():
    from benchmarks._cpu import cpu_line
    assert "not measured" in cpu_line(None, None, 100, 60, 1000, 2)
    assert "not measured" in cpu_line(_sample(0, 0, 0, 0), _sample(1, 2, 1, 0), 0, 60, 1000, 2)


def test_the_server_tree_is_read_from_proc():
    import os
    from benchmarks._cpu import sample
    s = sample(os.getpid())
    assert s is not None and s.machine_all >= s.machine_busy > 0 and s.server > 0
