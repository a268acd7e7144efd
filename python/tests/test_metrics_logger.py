"""The guide's MetricsLogger behaviour, method by method, and the live run log."""

import json
import math
import os
import resource
import threading
import time

import pytest

from nexlify_tui import MetricsLogger

GUIDE_SNAPSHOT_KEYS = ["experiment_name", "timestamp", "episode_metrics", "model_metrics", "diagnostics", "statistics"]
EPISODE_KEYS = ["timestamp", "episode", "profit", "sharpe", "win_rate", "drawdown", "num_trades", "epsilon", "learning_rate"]


def lines(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_log_and_query_as_the_guide(tmp_path):
    logger = MetricsLogger("dqn", output_dir=tmp_path)
    assert logger.output_dir == tmp_path and logger.buffer_size == 100 and logger.auto_save_interval == 50 and logger.enable_async
    assert logger.get_statistics() == {} and logger.get_latest_episode() == {}
    for episode, profit in enumerate([10.0, 30.0, 20.0, 5.0]):
        logger.log_episode(episode=episode, profit=profit, sharpe=episode / 2, win_rate=0.5, custom_score=0.9)
    logger.log_model_metrics(loss=0.5, q_values=[1.0, 2.0, 3.0], gradients={"mean": 0.01, "std": 0.001})
    logger.log_model_metrics(loss=float("nan"))
    logger.log_diagnostic("replay", 512)
    assert logger.get_latest_episode()["episode"] == 3 and logger.get_latest_episode()["custom_score"] == 0.9
    assert logger.get_best_episode()["episode"] == 1 and logger.get_best_episode("sharpe")["episode"] == 3
    assert [e["episode"] for e in logger.get_episode_history(last_n=2)] == [2, 3]
    assert logger.get_smoothed_metric("profit") == pytest.approx(16.25) and logger.get_smoothed_metric("profit", window=2) == 12.5
    first = logger.model_metrics[0]
    assert list(first) == ["timestamp", "loss", "q_values", "gradients", "weights"]
    assert first["q_values"] == {"mean": 2.0, "std": pytest.approx(math.sqrt(2 / 3)), "min": 1.0, "max": 3.0}
    assert logger.model_metrics[1]["loss"] is None and logger.model_metrics[1]["q_values"] is None
    assert logger.get_latest_model()["loss"] is None
    assert logger.diagnostics["replay"][0]["value"] == 512
    stats = logger.get_statistics()
    assert list(stats) == ["total_episodes", "training_time", "best_profit", "best_sharpe", "recent_avg_profit", "recent_avg_sharpe", "avg_log_time_ms"]
    assert stats["total_episodes"] == 4 and stats["best_profit"] == 30 and stats["best_sharpe"] == 1.5 and stats["recent_avg_profit"] == 16.25
    assert logger.smoothing_windows == {"profit": 10, "loss": 20, "sharpe": 10, "win_rate": 20}
    logger.close()


def test_every_call_reaches_the_run_log_within_a_second(tmp_path):
    logger = MetricsLogger("live", output_dir=tmp_path)
    logger.log_episode(episode=7, profit=1.5)
    logger.log_model_metrics(loss=0.25, q_values=[1, 2])
    deadline = time.time() + 1.0
    episodes = tmp_path / "live" / "episodes.jsonl"
    while time.time() < deadline and not (episodes.exists() and episodes.read_text()):
        time.sleep(0.02)
    assert [e["episode"] for e in lines(episodes)] == [7]
    time.sleep(0.1)
    model = lines(tmp_path / "live" / "model_metrics.jsonl")
    assert model[0]["episode"] == 7 and model[0]["q_values"]["mean"] == 1.5
    logger.close()


def test_save_metrics_writes_the_guides_files(tmp_path):
    logger = MetricsLogger("dqn_20261201_062047", output_dir=tmp_path)
    logger.log_episode(episode=0, profit=float("nan"), num_trades=3)
    logger.log_episode(episode=1, profit=float("inf"), regime="bull")
    path = logger.save_metrics("json")
    assert path.parent == tmp_path and path.name.startswith("dqn_20261201_062047_") and path.suffix == ".json"
    data = json.loads(path.read_text())
    assert list(data) == GUIDE_SNAPSHOT_KEYS and data["timestamp"] == path.stem[len("dqn_20261201_062047_"):]
    assert list(data["episode_metrics"][0]) == EPISODE_KEYS and math.isnan(data["episode_metrics"][0]["profit"])
    assert "NaN" in path.read_text() and "Infinity" in path.read_text()
    csv_path = logger.save_metrics("csv")
    header, first, second = csv_path.read_text().splitlines()[:3]
    assert header == ",".join(EPISODE_KEYS + ["regime"]) and ",nan," in first and second.endswith(",bull")
    with pytest.raises(ValueError):
        logger.save_metrics("parquet")
    logger.close()
    # close(): the final snapshot, and the run marked finished for the dashboard.
    assert (tmp_path / "dqn_20261201_062047" / "metrics.json").exists()
    assert len(lines(tmp_path / "dqn_20261201_062047" / "episodes.jsonl")) == 2


def test_synchronous_auto_save_doubles(tmp_path):
    logger = MetricsLogger("auto", output_dir=tmp_path, auto_save_interval=10, enable_async=False)
    saved = []
    original = logger.save_metrics
    logger.save_metrics = lambda format="json": saved.append(logger.get_statistics()["total_episodes"]) or original(format)
    for episode in range(200):
        logger.log_episode(episode=episode, profit=1.0)
    assert saved == [11, 31, 71, 151]
    logger.close()


def test_four_threads_lose_nothing(tmp_path):
    logger = MetricsLogger("threads", output_dir=tmp_path, buffer_size=16)

    def work(thread):
        for index in range(2000):
            logger.log_episode(episode=thread * 2000 + index, profit=float(index))
            if index % 10 == 0:
                logger.log_model_metrics(loss=float(thread))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    logger.close()
    episodes = lines(tmp_path / "threads" / "episodes.jsonl")
    assert sorted(e["episode"] for e in episodes) == list(range(8000))
    assert len(lines(tmp_path / "threads" / "model_metrics.jsonl")) == 800
    assert logger.get_statistics()["total_episodes"] == 8000


def test_keep_last_bounds_memory_and_keeps_statistics_exact(tmp_path):
    logger = MetricsLogger("bounded", output_dir=tmp_path, keep_last=100)
    for episode in range(10_000):
        logger.log_episode(episode=episode, profit=-abs(episode - 3000), sharpe=episode / 1000)
    assert len(logger.episode_metrics) == 100
    stats = logger.get_statistics()
    assert stats["total_episodes"] == 10_000 and stats["best_profit"] == 0 and stats["best_sharpe"] == 9.999
    assert logger.get_best_episode()["episode"] == 3000
    logger.close()
    assert len(lines(tmp_path / "bounded" / "episodes.jsonl")) == 10_000


def test_a_removed_directory_is_reported_once_and_recreated(tmp_path, capsys):
    logger = MetricsLogger("gone", output_dir=tmp_path, flush_latency=0.05)
    logger.log_episode(episode=0, profit=1.0)
    logger.flush()
    import shutil
    shutil.rmtree(tmp_path / "gone")
    logger.log_episode(episode=1, profit=2.0)
    logger.flush()
    assert [e["episode"] for e in lines(tmp_path / "gone" / "episodes.jsonl")] == [1]
    logger.close()


def test_a_full_disk_never_raises_into_training(tmp_path, capsys):
    logger = MetricsLogger("full", output_dir=tmp_path, flush_latency=0.05)
    os.makedirs(tmp_path / "full", exist_ok=True)
    os.symlink("/dev/full", tmp_path / "full" / "episodes.jsonl")
    for episode in range(500):
        logger.log_episode(episode=episode, profit=1.0)
    logger.flush()
    assert logger.write_failure is not None and "No space left" in logger.write_failure
    logger.close()
    complaints = capsys.readouterr().err
    assert complaints.count("cannot write") == 1


def test_the_context_manager_closes(tmp_path):
    with MetricsLogger("ctx", output_dir=tmp_path) as logger:
        logger.log_episode(episode=0, profit=1.0)
    assert (tmp_path / "ctx" / "metrics.json").exists()
    assert len(lines(tmp_path / "ctx" / "episodes.jsonl")) == 1


def test_lines_are_flushed_at_interpreter_exit(tmp_path):
    import subprocess
    import sys
    script = ("import sys; sys.path.insert(0, %r)\nfrom nexlify_tui import MetricsLogger\n"
              "logger = MetricsLogger('exit', output_dir=%r)\nfor i in range(300): logger.log_episode(episode=i, profit=1.0)\n"
              % (os.path.join(os.path.dirname(__file__), ".."), str(tmp_path)))
    subprocess.run([sys.executable, "-c", script], check=True, timeout=30)
    assert len(lines(tmp_path / "exit" / "episodes.jsonl")) == 300
