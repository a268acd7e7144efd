#!/usr/bin/env python3
"""Appends episodes to a run as a training loop does, at a steady rate, for live benchmarks.

usage: scripts/write-live-run.py EPISODES_JSONL SECONDS [RATE]   (RATE episodes/s, default 50)

One json.dumps line per episode, flushed at once (as MetricsLogger does with buffer_size=1);
the file may already hold a run: episodes continue from its line count.
"""
import json, math, random, sys, time

path, seconds = sys.argv[1], float(sys.argv[2])
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 50.0
try:
    with open(path) as existing:
        episode = sum(1 for _ in existing)
except FileNotFoundError:
    episode = 0
rng = random.Random(1)
first, start = episode, time.time()
profit = 0.0
with open(path, "a") as f:
    while time.time() - start < seconds:
        profit += rng.gauss(0.05, 10.0)
        f.write(json.dumps({"episode": episode, "profit": profit, "sharpe": rng.gauss(0.5, 1), "win_rate": rng.random(),
                            "drawdown": -abs(rng.gauss(0, 5)), "epsilon": max(0.05, math.exp(-episode / 50_000)),
                            "learning_rate": 1e-3, "timestamp": time.time()}) + "\n")
        f.flush()
        episode += 1
        time.sleep(max(0.0, start + (episode - first) / rate - time.time()))
