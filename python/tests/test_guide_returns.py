"""What the guide's methods return, key by key, as ../shared/SEED-FORMATS.md ("What the guide's
methods return") records it from the real package: the shape of the seed's own
``tests/test_monitoring.py`` checks."""

import json
import math
import random
import time

import pytest

from nexlify_tui import ExperimentTracker, MetricsLogger
from nexlify_tui import _numpy_mean


def test_the_six_metrics_are_stored_as_floats_and_episode_and_trades_as_given(tmp_path):
    logger = MetricsLogger("ints", output_dir=tmp_path)
    logger.log_episode(episode=3, profit=5, sharpe=1, win_rate=0, drawdown=-2, num_trades=7, epsilon=1, learning_rate=0)
    record = logger.get_latest_episode()
    for key in ("profit", "sharpe", "win_rate", "drawdown", "epsilon", "learning_rate"):
        assert type(record[key]) is float, key
    assert type(record["episode"]) is int and type(record["num_trades"]) is int
    assert logger.get_statistics()["best_profit"] == 5.0 and type(logger.get_statistics()["best_profit"]) is float
    path = logger.save_metrics("json")
    assert '"profit": 5.0' in path.read_text()
    csv_path = logger.save_metrics("csv")
    assert csv_path.read_text().splitlines()[1].split(",")[2] == "5.0"
    logger.close()


def test_smoothed_metrics_read_episodes_only_and_are_none_without_a_value(tmp_path):
    logger = MetricsLogger("smooth", output_dir=tmp_path)
    assert logger.get_smoothed_metric("profit") is None
    logger.log_model_metrics(loss=0.5)
    assert logger.get_smoothed_metric("loss") is None, "a model metric is not an episode metric"
    assert logger.get_smoothed_metric("no_such_metric") is None
    logger.log_episode(episode=0, profit=1.0, custom=2.0)
    logger.log_episode(episode=1, profit=2.0, custom=4.0, loss=9.0)
    assert logger.get_smoothed_metric("profit") == 1.5 and logger.get_smoothed_metric("custom") == 3.0
    assert logger.get_smoothed_metric("loss") == 9.0, "an episode that carries loss is read"
    logger.close()


def test_a_csv_save_with_no_episode_writes_no_file(tmp_path):
    logger = MetricsLogger("empty", output_dir=tmp_path)
    path = logger.save_metrics("csv")
    assert path.suffix == ".csv" and not path.exists()
    logger.close()


def test_recent_averages_are_numpys_means_to_the_last_digit(tmp_path):
    numpy = pytest.importorskip("numpy")
    generator = random.Random(11)
    for count in (3, 8, 49, 50, 137):
        logger = MetricsLogger("mean%d" % count, output_dir=tmp_path)
        profits = [generator.uniform(-100, 100) for _ in range(count)]
        sharpes = [generator.uniform(-3, 3) for _ in range(count)]
        for episode, (profit, sharpe) in enumerate(zip(profits, sharpes)):
            logger.log_episode(episode=episode, profit=profit, sharpe=sharpe)
        stats = logger.get_statistics()
        assert stats["recent_avg_profit"] == float(numpy.mean(profits[-50:]))
        assert stats["recent_avg_sharpe"] == float(numpy.mean(sharpes[-50:]))
        assert logger.get_smoothed_metric("profit") == float(numpy.mean(profits[-10:]))
        logger.close()


def test_the_mean_and_std_are_numpys_bit_for_bit():
    numpy = pytest.importorskip("numpy")
    generator = random.Random(5)
    for count in list(range(1, 140)) + [255, 256, 257, 1000, 4099]:
        values = [generator.uniform(-1e3, 1e3) * generator.choice([1e-3, 1, 1e6]) for _ in range(count)]
        assert _numpy_mean.mean(values) == float(numpy.mean(values)), count
        assert _numpy_mean.std(values) == float(numpy.std(values)), count
    assert math.isnan(_numpy_mean.mean([]))


def make(tracker, name, profits, **extra):
    exp_id = tracker.create_experiment(name, {"learning_rate": 0.001}, tags=["dqn"])
    for episode, profit in enumerate(profits):
        tracker.log_result(exp_id, episode=episode, profit=profit, sharpe=profit / 10, **extra)
    return exp_id


def test_experiment_summaries_have_the_guides_keys(tmp_path):
    numpy = pytest.importorskip("numpy")
    tracker = ExperimentTracker(str(tmp_path))
    profits = [1.5, 7.25, -3.0, 12.0, 4.5]
    exp_id = make(tracker, "dqn", profits)
    summary = tracker.get_experiment_summary(exp_id)
    assert list(summary) == ["id", "name", "status", "created", "total_episodes", "hyperparameters", "best_episode", "statistics"]
    assert summary["id"] == exp_id and summary["name"] == "dqn" and summary["status"] == "running" and summary["total_episodes"] == 5
    assert summary["created"] == tracker.experiments[exp_id]["created"] and summary["hyperparameters"] == {"learning_rate": 0.001}
    assert summary["best_episode"]["episode"] == 3
    assert list(summary["statistics"]) == ["profit", "sharpe"]
    assert summary["statistics"]["profit"] == {"mean": float(numpy.mean(profits)), "std": float(numpy.std(profits)), "max": 12.0, "min": -3.0}
    empty = tracker.create_experiment("empty", {})
    assert tracker.get_experiment_summary(empty) == {"id": empty, "name": "empty", "status": "running", "total_episodes": 0}
    assert tracker.get_experiment_summary("no_such_experiment") is None
    tracker.close()


def test_comparisons_list_only_the_metrics_results_have(tmp_path):
    tracker = ExperimentTracker(str(tmp_path))
    a = make(tracker, "a", [1.0, 3.0], win_rate=0.5)
    time.sleep(1.01)
    b = make(tracker, "b", [10.0, 20.0])
    comparison = tracker.compare_experiments([a, b])
    assert list(comparison) == ["experiments", "metrics_comparison"]
    first, second = comparison["experiments"]
    assert list(first) == ["id", "name", "hyperparameters", "total_episodes", "best_episode", "profit_mean", "profit_std", "profit_max",
                           "profit_min", "sharpe_mean", "sharpe_std", "sharpe_max", "sharpe_min", "win_rate_mean", "win_rate_std",
                           "win_rate_max", "win_rate_min"]
    assert "win_rate_mean" not in second and "drawdown_mean" not in first, "a metric no result has is left out, not null"
    assert comparison["metrics_comparison"]["profit"] == [{"experiment": "a", "mean": 2.0, "std": 1.0, "max": 3.0},
                                                          {"experiment": "b", "mean": 15.0, "std": 5.0, "max": 20.0}]
    assert comparison["metrics_comparison"]["win_rate"] == [{"experiment": "a", "mean": 0.5, "std": 0.0, "max": 0.5}]
    assert comparison["metrics_comparison"]["drawdown"] == []
    tracker.close()


def test_the_leaderboard_is_in_completion_order_and_get_leaderboard_sorts_its_rows(tmp_path):
    tracker = ExperimentTracker(str(tmp_path))
    high = make(tracker, "high", [50.0, 90.0])
    time.sleep(1.01)
    low = make(tracker, "low", [1.0, 2.0])
    tracker.complete_experiment(low)
    tracker.complete_experiment(high)
    assert [row["id"] for row in tracker.leaderboard] == [low, high], "appended as each completes"
    stored = json.loads((tmp_path / "leaderboard.json").read_text())
    assert [row["id"] for row in stored] == [low, high]
    best = tracker.get_leaderboard("profit", top_n=10)
    assert [row["id"] for row in best] == [high, low]
    assert all(any(row is kept for kept in tracker.leaderboard) for row in best), "the stored rows themselves"
    assert list(best[0]) == ["id", "name", "created", "best_profit", "best_sharpe", "avg_profit", "total_episodes", "hyperparameters"]
    assert [row["id"] for row in tracker.get_leaderboard("sharpe", top_n=1)] == [high]
    # A new tracker reads the stored order back.
    assert [row["id"] for row in ExperimentTracker(str(tmp_path)).leaderboard] == [low, high]
    tracker.close()


def test_experiments_is_a_plain_dict_and_a_dropped_entry_is_read_back(tmp_path):
    tracker = ExperimentTracker(str(tmp_path))
    exp_id = make(tracker, "keep", [1.0])
    tracker.save_experiment(exp_id)
    assert type(tracker.experiments) is dict
    del tracker.experiments[exp_id]
    assert tracker.load_experiment(exp_id)["results"][0]["profit"] == 1.0 and exp_id in tracker.experiments
    tracker.close()


def test_star_import_needs_no_stable_baselines3(tmp_path):
    namespace = {}
    exec("from nexlify_tui import *", namespace)
    assert {"MetricsLogger", "ExperimentTracker", "TrainingDashboard"} <= set(namespace)


def test_a_disk_that_stays_full_keeps_the_newest_lines_in_bounded_memory(tmp_path, capsys):
    logger = MetricsLogger("blocked", output_dir=tmp_path, max_pending_lines=100, flush_latency=0.01)
    (tmp_path / "blocked").write_text("a file where the run directory goes: every write fails")
    for episode in range(1000):
        logger.log_episode(episode=episode, profit=float(episode))
    logger.flush()
    assert logger.dropped_lines >= 900 and len(logger._episode_queue) <= 100
    assert logger.write_failure is not None and "oldest are dropped" in capsys.readouterr().err
    assert len(logger.episode_metrics) == 1000, "the history itself keeps everything"
    (tmp_path / "blocked").unlink()
    logger.flush()
    written = [json.loads(line)["episode"] for line in (tmp_path / "blocked" / "episodes.jsonl").read_text().splitlines()]
    assert written == list(range(1000 - len(written), 1000)) and len(written) <= 100, "the newest, in order"
    logger.close()


def test_close_never_closes_a_file_under_a_write_still_running(tmp_path, monkeypatch):
    from nexlify_tui import _appender

    def slow(record):
        time.sleep(0.002)
        return json.dumps(record)

    monkeypatch.setattr(_appender, "_python_json", slow)
    appender = _appender.LineAppender(latency=0.01)
    queue = appender.queue(str(tmp_path / "slow.jsonl"))
    for index in range(300):
        queue.append({"episode": index})
    appender.close(timeout=0.05)   # gives up waiting long before the thread is done
    appender._thread.join(10)
    lines = (tmp_path / "slow.jsonl").read_text().splitlines()
    assert [json.loads(line)["episode"] for line in lines] == list(range(300))
    assert appender._handles == {}
