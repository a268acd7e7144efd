#!/usr/bin/env python3
"""Writes what the seed's MetricsLogger leaves on disk (shared/SEED-FORMATS.md): snapshots
<out>/<name>_<YYYYmmdd_HHMMSS>.json of the whole history, json.dump(indent=2), one model record
per episode, NaN/Infinity bare, loss null for NaN, q_values as {mean, std, min, max}.

usage: make-seed-snapshots.py OUT NAME EPISODES [--every N] [--from EPISODE] [--pause SECONDS]
  --every N   also save after every N episodes (default: only at the end)
  --from E    ... but only from episode E on
  --pause S   sleep S seconds after each save (to follow a run live)
"""
import argparse, json, math, os, random, time
from datetime import datetime, timedelta

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("name")
parser.add_argument("episodes", type=int)
parser.add_argument("--every", type=int, default=0)
parser.add_argument("--pause", type=float, default=0.0)
parser.add_argument("--from", dest="first", type=int, default=0)
args = parser.parse_args()

os.makedirs(args.out, exist_ok=True)
rng = random.Random(7)
start = datetime(2026, 12, 1, 6, 20, 0)
episodes, models = [], []
saves = [0]

def save():
    stamp = (start + timedelta(seconds=saves[0])).strftime("%Y%m%d_%H%M%S")
    saves[0] += 1
    finite = [e["profit"] for e in episodes if math.isfinite(e["profit"])]
    data = {"experiment_name": args.name, "timestamp": stamp, "episode_metrics": episodes, "model_metrics": models,
            "diagnostics": {}, "statistics": {"total_episodes": len(episodes), "training_time": 3600.0,
            "best_profit": max(finite) if finite else 0.0, "best_sharpe": 2.0, "recent_avg_profit": 1.0,
            "recent_avg_sharpe": 0.5, "avg_log_time_ms": 0.024}}
    with open(os.path.join(args.out, f"{args.name}_{stamp}.json"), "w") as f:
        json.dump(data, f, indent=2)

for episode in range(args.episodes):
    when = start + timedelta(milliseconds=100 * episode)
    profit = rng.gauss(episode * 0.01, 50.0)
    episodes.append({"timestamp": when.isoformat(), "episode": episode, "profit": profit, "sharpe": rng.gauss(1.0, 0.5),
                     "win_rate": rng.random(), "drawdown": abs(rng.gauss(10, 5)), "num_trades": rng.randrange(50),
                     "epsilon": max(0.01, 1.0 - episode / 50000), "learning_rate": 0.001})
    loss = rng.lognormvariate(0, 1) if episode % 997 else float("nan")
    models.append({"timestamp": (when + timedelta(milliseconds=50)).isoformat(), "loss": None if math.isnan(loss) else loss,
                   "q_values": {"mean": rng.gauss(5, 1), "std": abs(rng.gauss(1, 0.2)), "min": rng.gauss(2, 1), "max": rng.gauss(8, 1)},
                   "gradients": {"mean": rng.gauss(0, 0.01), "std": abs(rng.gauss(0.001, 0.0001))}, "weights": None})
    if args.every and episode > 0 and episode >= args.first and episode % args.every == 0:
        save()
        time.sleep(args.pause)
save()
