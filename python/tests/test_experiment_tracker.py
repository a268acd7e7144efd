"""The guide's ExperimentTracker behaviour and its on-disk layout (SEED-FORMATS.md)."""

import json
import math
import time

import pytest

from nexlify_tui import ExperimentTracker

RECORD_KEYS = ["id", "name", "created", "hyperparameters", "description", "tags", "results", "status", "best_episode", "final_metrics"]


def make(tracker, name, profits, lr=0.001):
    exp_id = tracker.create_experiment(name, {"learning_rate": lr, "layers": [64, 64]}, description="d", tags=["dqn", name])
    for episode, profit in enumerate(profits):
        tracker.log_result(exp_id, episode=episode, profit=profit, sharpe=profit / 10)
    return exp_id


def test_layout_and_lifecycle(tmp_path):
    root = tmp_path / "nested" / "experiments"
    tracker = ExperimentTracker(str(root))
    assert root.is_dir() and tracker.experiments_dir == root
    exp_id = make(tracker, "dqn_baseline", [5.0, 12.5, float("nan"), 9.0])
    assert exp_id.startswith("dqn_baseline_") and len(exp_id) == len("dqn_baseline_") + 15
    assert (root / exp_id).is_dir() and not (root / exp_id / "experiment.json").exists()   # as the guide's: no file yet
    tracker._appender.flush()
    results = [json.loads(line) for line in (root / exp_id / "results.jsonl").read_text().splitlines()]
    assert [r["episode"] for r in results] == [0, 1, 2, 3] and list(results[0])[:2] == ["episode", "timestamp"]
    assert tracker.experiments[exp_id]["best_episode"]["episode"] == 1
    tracker.complete_experiment(exp_id, final_metrics={"best_profit": 12.5})
    record = json.loads((root / exp_id / "experiment.json").read_text())
    assert list(record) == RECORD_KEYS + ["completed"] and record["status"] == "completed" and len(record["results"]) == 4
    board = json.loads((root / "leaderboard.json").read_text())
    assert [row["id"] for row in board] == [exp_id] and list(board[0]) == ["id", "name", "created", "best_profit", "best_sharpe",
                                                                          "avg_profit", "total_episodes", "hyperparameters"]
    assert board[0]["best_profit"] == 12.5 and board[0]["avg_profit"] == pytest.approx((5 + 12.5 + 9) / 3) and tracker.leaderboard == board
    again = ExperimentTracker(str(root)).load_experiment(exp_id)
    assert again["results"][1]["profit"] == 12.5 and again["hyperparameters"]["layers"] == [64, 64]
    tracker.close()


def test_compare_summary_list_leaderboard_delete(tmp_path, capsys):
    tracker = ExperimentTracker(str(tmp_path))
    low = make(tracker, "low", [1.0, 2.0, 3.0], lr=0.01)
    time.sleep(1.01)   # ids carry the second, as the guide's
    high = make(tracker, "high", [10.0, 30.0, 20.0])
    tracker.complete_experiment(low)
    tracker.complete_experiment(high)
    summary = tracker.get_experiment_summary(high)
    assert summary["total_episodes"] == 3 and summary["best_episode"]["episode"] == 1
    assert summary["statistics"]["profit"] == {"mean": 20.0, "std": pytest.approx(math.sqrt(200 / 3)), "max": 30.0, "min": 10.0}
    comparison = tracker.compare_experiments([low, "nope_1", high])
    assert [row["id"] for row in comparison["experiments"]] == [low, high] and "nope_1" in capsys.readouterr().err
    assert comparison["experiments"][1]["profit_max"] == 30.0
    assert [entry["experiment"] for entry in comparison["metrics_comparison"]["profit"]] == ["low", "high"]
    assert "win_rate_mean" not in comparison["experiments"][0] and comparison["metrics_comparison"]["win_rate"] == []
    assert [row["id"] for row in tracker.get_leaderboard("profit", top_n=1)] == [high]
    assert [e["id"] for e in tracker.list_experiments(status="completed", tags=["low"])] == [low]
    exported = tracker.export_comparison([low, high], format="csv", output_path=str(tmp_path / "cmp.csv"))
    assert exported.read_text().splitlines()[0].startswith("id,name,hyperparameters,total_episodes,best_episode,profit_mean")
    assert tracker.delete_experiment(low) is False and (tmp_path / low).is_dir()
    assert tracker.delete_experiment(low, confirm=True) and not (tmp_path / low).exists()
    for bad in ["", ".", "..", "../x", "a/b"]:
        with pytest.raises((ValueError, KeyError)):
            tracker.delete_experiment(bad, confirm=True)
    tracker.archive_experiment(high)
    assert (tmp_path / "archived" / high / "experiment.json").exists()
    tracker.close()
