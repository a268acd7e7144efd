#!/usr/bin/env python3
"""Writes an ExperimentTracker directory as the Python tracker would, for benchmarks and trying
the runs view: COUNT experiments with experiment.json and RESULTS lines of results.jsonl each.

usage: scripts/make-experiments.py OUTPUT_DIR COUNT RESULTS
"""
import json, os, random, sys

out, count, results = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(11)
for index in range(count):
    algorithm = ["dqn", "ppo", "a2c"][index % 3]
    lr = [0.0001, 0.0005, 0.001, 0.003][index % 4]
    exp_id = f"{algorithm}_lr{lr}_{index:04d}_20261125_120000"
    directory = os.path.join(out, exp_id)
    os.makedirs(directory, exist_ok=True)
    record = {
        "id": exp_id, "name": f"{algorithm}_lr{lr}_{index:04d}", "description": "synthetic",
        "tags": [algorithm, "synthetic"], "hyperparameters": {"learning_rate": lr, "gamma": 0.99, "batch_size": 32 * (1 + index % 3)},
        "status": "completed" if index % 5 else "running", "created_at": "2026-11-25T12:00:00Z",
        "completed_at": None, "final_metrics": {},
    }
    with open(os.path.join(directory, "experiment.json"), "w") as f:
        json.dump(record, f, indent=2)
    drift = rng.gauss(0.1, 0.3)
    profit = 0.0
    with open(os.path.join(directory, "results.jsonl"), "w") as f:
        for episode in range(results):
            profit += rng.gauss(drift, 5.0)
            f.write(json.dumps({"episode": episode, "profit": profit, "sharpe": rng.gauss(drift * 3, 0.5),
                                "win_rate": rng.random(), "epsilon": max(0.05, 0.995 ** episode)}) + "\n")
