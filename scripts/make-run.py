#!/usr/bin/env python3
"""Writes a synthetic run as Python's MetricsLogger would (json.dumps per line) for benchmarks.

usage: scripts/make-run.py OUTPUT_DIR EPISODES
"""
import json, math, os, random, sys

out, episodes = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = random.Random(7)
t0 = 1_764_000_000.0
with open(os.path.join(out, "episodes.jsonl"), "w") as f:
    profit = 0.0
    for episode in range(episodes):
        profit += rng.gauss(0.05, 10.0)
        f.write(json.dumps({
            "episode": episode,
            "profit": profit,
            "sharpe": rng.gauss(0.5, 1.0),
            "win_rate": rng.random(),
            "drawdown": -abs(rng.gauss(0, 20)),
            "num_trades": rng.randint(0, 60),
            "epsilon": max(0.05, math.exp(-episode / 50_000)),
            "learning_rate": 1e-3 * 0.5 ** (episode // 250_000),
            "timestamp": t0 + episode * 0.1 + rng.random() * 0.01,
        }) + "\n")
with open(os.path.join(out, "model_metrics.jsonl"), "w") as f:
    for step in range(episodes // 10):
        f.write(json.dumps({"episode": step * 10, "loss": abs(rng.gauss(1, 0.3)) / (1 + step / 1000),
                            "q_values": [rng.gauss(5, 1) for _ in range(3)], "timestamp": t0 + step}) + "\n")
