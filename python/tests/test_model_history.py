"""The model-metric history: read back as the guide's list of dicts, stored where the cycle
collector does not walk it (the cause of 200 ms pauses inside logging calls)."""

import gc
import json

from nexlify_tui import MetricsLogger
from nexlify_tui._model_history import ModelHistory, pack, unpack


def test_records_read_back_as_logged():
    record = {"timestamp": "t", "loss": 0.5, "q_values": {"mean": 1.0, "std": 0.0}, "gradients": None, "tag": [1, 2]}
    assert unpack(pack(record)) == record
    assert unpack(pack({1: "one", "two": {2: 2.0}})) == {1: "one", "two": {2: 2.0}}
    assert unpack(pack({"nested": {2: 2.0}})) == {"nested": {2: 2.0}}
    assert list(unpack(pack(record))) == list(record)
    history = ModelHistory()
    history.append(record)
    history.append({"loss": 2.0})
    assert history == [record, {"loss": 2.0}] and history[-1] == {"loss": 2.0} and history[:1] == [record]
    history[1] = {"loss": 3.0}
    del history[0]
    assert list(history) == [{"loss": 3.0}] and len(history) == 1
    history.clear()
    assert not history


def test_a_bounded_history_keeps_the_newest():
    history = ModelHistory(maxlen=2)
    for loss in range(5):
        history.append({"loss": float(loss)})
    assert [r["loss"] for r in history] == [3.0, 4.0] and history.maxlen == 2
    del history[:1]
    assert [r["loss"] for r in history] == [4.0]


def test_logged_model_records_are_not_walked_by_the_collector(tmp_path):
    logger = MetricsLogger("gc", output_dir=tmp_path)
    logger.log_episode(episode=1, profit=1.0)
    for step in range(1000):
        logger.log_model_metrics(loss=0.1 * step, q_values=[1.0, 2.0, 3.0, float(step)])
    logger.log_model_metrics(loss=1.0, gradients={"norm": 0.5}, lr_scale=2.0)
    gc.collect()
    tracked = sum(1 for entry in logger.model_metrics._entries if gc.is_tracked(entry))
    assert tracked == 0
    assert logger.model_metrics[3]["q_values"] == {"mean": 2.25, "std": logger.model_metrics[3]["q_values"]["std"], "min": 1.0, "max": 3.0}
    assert logger.model_metrics[-1] == {"timestamp": logger.model_metrics[-1]["timestamp"], "loss": 1.0, "q_values": None,
                                        "gradients": {"norm": 0.5}, "weights": None, "lr_scale": 2.0}
    logger.close()
    with open(tmp_path / "gc" / "model_metrics.jsonl") as handle:
        lines = [json.loads(line) for line in handle]
    assert len(lines) == 1001 and lines[-1]["lr_scale"] == 2.0 and lines[-1]["episode"] == 1
    assert list(lines[0]) == ["timestamp", "loss", "q_values", "gradients", "weights", "episode"]
