"""The guide's ``MetricsLogger``, method for method, streaming every call to the run log that
nexlify-tui follows.

Differences from the guide's logger, all additions:

* every ``log_episode`` / ``log_model_metrics`` is appended, as it happens, to
  ``<output_dir>/<experiment_name>/episodes.jsonl`` and ``model_metrics.jsonl`` by a background
  thread (the training thread never waits on the disk; lines reach the file within
  ``flush_latency`` seconds, at ``close()`` and at interpreter exit). Model records carry the
  latest episode number;
* the guide's snapshot ``<output_dir>/<experiment_name>_<YYYYmmdd_HHMMSS>.json`` is written at
  ``save_metrics()``/``close()`` as the guide's is; its auto-save (``enable_async=False``) writes
  one at the first ``auto_save_interval`` and then only when the history has doubled, so a long
  run stays linear (the guide's rewrites the whole history every 50 episodes);
* ``keep_last=N`` keeps only the last N records in memory; statistics stay exact;
* ``model_metrics`` is a list-like ``ModelHistory`` (index, slice, iterate, ``len``, ``==`` with a
  list) that stores each record as a flat tuple, so CPython's cycle collector does not walk a
  long run's records inside a logging call; each read gives a new dict;
* a full disk or a removed directory is reported once on stderr and never raises;
* ``should_stop()`` / ``checkpoint_requested()`` answer the dashboard's ``S`` and ``C`` (its
  ``control.json`` in the run directory, looked at at most once a second).
"""

import collections
import csv
import json
import math
import os
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from . import _model_history, _numpy_mean
from ._appender import LineAppender
from ._control import ControlListener

RECENT_WINDOW = 50


def stamp(moment: Optional[float] = None) -> str:
    """The guide's file stamp, local time: ``YYYYmmdd_HHMMSS``."""
    return time.strftime("%Y%m%d_%H%M%S", time.localtime(moment))


def write_json_atomically(path: Union[str, Path], data: Any, indent: int = 2) -> None:
    """``json.dump(data, indent=2)`` into ``path`` through a temporary file and a rename, so a
    reader never finds it half written."""
    temporary = "%s.tmp-%d" % (path, os.getpid())
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=indent, default=str)
    os.replace(temporary, path)


def _summary(values):
    """numpy's (mean, std, min, max) (population std; a NaN anywhere makes every result NaN)."""
    count = len(values)
    if not all(value == value for value in values):
        return math.nan, math.nan, math.nan, math.nan
    mean = sum(values) / count
    variance = sum((value - mean) ** 2 for value in values) / count
    return mean, math.sqrt(variance) if variance == variance else math.nan, min(values), max(values)


#: The shape of a model record logged with Q-values and nothing else, and without them.
_MODEL_WITH_Q = _model_history.layout(("timestamp", "loss", 4, "q_values", "mean", "std", "min", "max", "gradients", "weights"))
_MODEL_WITHOUT_Q = _model_history.layout(("timestamp", "loss", "q_values", "gradients", "weights"))


def _model_line(item):
    """A model record as its run-log line: the record, then the episode it was logged after."""
    entry, episode = item
    line = _model_history.unpack(entry)
    line["episode"] = episode
    return line


class _RunningBest:
    """The record with the highest finite value of each numeric metric, kept as records come
    (only with ``keep_last``: otherwise the history itself is searched, as the guide's does)."""

    def __init__(self):
        self.best = {}

    def add(self, record):
        best = self.best
        for key, value in record.items():
            if type(value) is float or type(value) is int:
                if value == value and value not in (math.inf, -math.inf):
                    known = best.get(key)
                    if known is None or value > known[0]:
                        best[key] = (value, record)


class MetricsLogger:
    """High-performance metrics logging, the guide's API; see the module documentation."""

    smoothing_windows_default = {"profit": 10, "loss": 20, "sharpe": 10, "win_rate": 20}
    #: The metrics whose recent values are kept apart for ``get_smoothed_metric`` and the statistics.
    _tracked = ("profit", "sharpe", "win_rate")

    def __init__(self, experiment_name: str, output_dir: Union[str, Path] = "training_logs", buffer_size: int = 100,
                 auto_save_interval: int = 50, enable_async: bool = True, keep_last: Optional[int] = None,
                 flush_latency: float = 0.5, max_pending_lines: int = 100_000) -> None:
        self.experiment_name = experiment_name
        self.output_dir = Path(output_dir)
        self.buffer_size = buffer_size
        self._wake_every = max(1, int(buffer_size))
        self.auto_save_interval = auto_save_interval
        self.enable_async = enable_async
        self.keep_last = keep_last
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir = self.output_dir / experiment_name
        self.episode_metrics = collections.deque(maxlen=keep_last) if keep_last else []
        self.model_metrics = _model_history.ModelHistory(maxlen=keep_last)
        self.diagnostics = collections.defaultdict(list)
        self.smoothing_windows = dict(self.smoothing_windows_default)
        self._recent = {name: collections.deque(maxlen=max(self.smoothing_windows[name], RECENT_WINDOW)) for name in self._tracked}
        self._lock = threading.Lock()
        self._start = time.time()
        self._total_episodes = 0
        self._total_models = 0
        self._log_seconds = 0.0
        self._best = _RunningBest() if keep_last else None
        self._best_profit = None
        self._best_sharpe = None
        self._latest_episode_number = None
        self._next_snapshot_at = auto_save_interval
        self._closed = False
        self._appender = LineAppender(latency=flush_latency, max_pending=max_pending_lines)
        self._episode_queue = self._appender.queue(str(self.run_dir / "episodes.jsonl"))
        self._model_queue = self._appender.queue(str(self.run_dir / "model_metrics.jsonl"), to_record=_model_line)
        self.control = ControlListener(self.run_dir)

    # The dashboard's requests (S, C), through control.json in the run directory.

    def should_stop(self) -> bool:
        """Whether the dashboard asked the run to stop (its ``S``). Cheap enough for every step:
        the run's ``control.json`` is looked at at most once a second."""
        return self.control.should_stop()

    def checkpoint_requested(self) -> bool:
        """Whether the dashboard asked for a checkpoint (its ``C``) since this last returned True."""
        return self.control.checkpoint_requested()

    # Logging.

    def log_episode(self, episode: int, profit: float, sharpe: float = 0.0, win_rate: float = 0.0, drawdown: float = 0.0,
                    num_trades: int = 0, epsilon: float = 0.0, learning_rate: float = 0.0, **kwargs: Any) -> None:
        """Logs one episode (keys as the guide's; custom metrics as keyword arguments). The six
        metrics are stored as floats (``profit=5`` is ``5.0``), as the guide's ``float(x)`` does;
        ``episode`` and ``num_trades`` stay as given."""
        started = time.perf_counter()
        profit = float(profit)
        sharpe = float(sharpe)
        win_rate = float(win_rate)
        record = {"timestamp": datetime.now().isoformat(), "episode": episode, "profit": profit, "sharpe": sharpe, "win_rate": win_rate,
                  "drawdown": float(drawdown), "num_trades": num_trades, "epsilon": float(epsilon), "learning_rate": float(learning_rate)}
        if kwargs:
            record.update(kwargs)
        with self._lock:
            if self._closed:
                return
            self.episode_metrics.append(record)
            self._total_episodes += 1
            self._latest_episode_number = episode
            if self._best is not None:
                self._best.add(record)
            if profit == profit and (self._best_profit is None or profit > self._best_profit[0]) and profit != math.inf:
                self._best_profit = (profit, record)
            if sharpe == sharpe and (self._best_sharpe is None or sharpe > self._best_sharpe) and sharpe != math.inf:
                self._best_sharpe = sharpe
            recent = self._recent
            recent["profit"].append(profit)
            recent["sharpe"].append(sharpe)
            recent["win_rate"].append(win_rate)
            self._episode_queue.append(record)
            # Once per buffer_size lines waiting (not at every call while the thread is behind).
            if len(self._episode_queue) % self._wake_every == 0:
                self._appender.wake()
            save = not self.enable_async and self.auto_save_interval > 0 and episode % self.auto_save_interval == 0 \
                and self._total_episodes >= self._next_snapshot_at
            self._log_seconds += time.perf_counter() - started
        if save:
            self._auto_save()

    def log_model_metrics(self, loss: float, q_values: Optional[List[float]] = None, gradients: Optional[Dict[str, float]] = None,
                          weights: Optional[Dict[str, Any]] = None, **kwargs: Any) -> None:
        """Logs model metrics: ``q_values`` summarised as ``{mean, std, min, max}``, ``loss`` None
        when NaN, as the guide's."""
        timestamp = datetime.now().isoformat()
        loss = None if loss != loss else loss
        summary = _summary(list(q_values)) if q_values is not None and len(q_values) else None
        if gradients is None and weights is None and not kwargs:
            entry = (_MODEL_WITH_Q, timestamp, loss, *summary, None, None) if summary else (_MODEL_WITHOUT_Q, timestamp, loss, None, None, None)
        else:
            record = {"timestamp": timestamp, "loss": loss, "q_values": dict(zip(("mean", "std", "min", "max"), summary)) if summary else None,
                      "gradients": dict(gradients) if gradients is not None else None,
                      "weights": dict(weights) if weights is not None else None}
            record.update(kwargs)
            entry = _model_history.pack(record)
        with self._lock:
            if self._closed:
                return
            self.model_metrics.append_packed(entry)
            self._total_models += 1
            self._model_queue.append((entry, self._latest_episode_number if self._latest_episode_number is not None else 0))
            if len(self._model_queue) % self._wake_every == 0:
                self._appender.wake()

    def log_diagnostic(self, key: str, value: Any) -> None:
        """Keeps ``value`` with its time under ``diagnostics[key]`` (written to the snapshot)."""
        with self._lock:
            self.diagnostics[key].append({"timestamp": datetime.now().isoformat(), "value": value})

    # Reading back.

    def get_latest_episode(self) -> Dict[str, Any]:
        with self._lock:
            return dict(self.episode_metrics[-1]) if self.episode_metrics else {}

    def get_latest_model(self) -> Dict[str, Any]:
        with self._lock:
            return dict(self.model_metrics[-1]) if self.model_metrics else {}

    def get_episode_history(self, last_n: Optional[int] = None) -> List[Dict[str, Any]]:
        with self._lock:
            history = list(self.episode_metrics)
        return history if last_n is None else history[-last_n:] if last_n > 0 else []

    def get_best_episode(self, metric: str = "profit") -> Optional[Dict[str, Any]]:
        """The episode with the highest value of ``metric`` (over the whole run, also with
        ``keep_last``), or None."""
        with self._lock:
            if metric == "profit":
                return dict(self._best_profit[1]) if self._best_profit else None
            if self._best is not None:
                best = self._best.best.get(metric)
                return dict(best[1]) if best else None
            history = list(self.episode_metrics)
        candidates = [r for r in history if isinstance(r.get(metric), (int, float)) and not isinstance(r.get(metric), bool)
                      and r[metric] == r[metric] and abs(r[metric]) != math.inf]
        return dict(max(candidates, key=lambda r: r[metric])) if candidates else None

    def get_smoothed_metric(self, metric: str, window: Optional[int] = None) -> Optional[float]:
        """The guide's: ``numpy.mean`` of ``metric`` over the last ``window`` episodes (by default
        ``smoothing_windows[metric]``, else 10). Episode records only (a model metric such as
        ``loss`` gives None unless episodes carry it); None when there is no value."""
        window = window or self.smoothing_windows.get(metric, 10)
        with self._lock:
            recent = self._recent.get(metric)
            if recent is not None and (window <= recent.maxlen or len(recent) < recent.maxlen):
                values = list(recent)[-window:]
            else:
                values = [record[metric] for record in list(self.episode_metrics)[-window:]
                          if isinstance(record.get(metric), (int, float)) and not isinstance(record.get(metric), bool)]
        return _numpy_mean.mean(values) if values else None

    def get_statistics(self) -> Dict[str, Any]:
        """The guide's statistics: ``{}`` before the first episode."""
        with self._lock:
            if not self._total_episodes:
                return {}
            profits = list(self._recent["profit"])[-RECENT_WINDOW:]
            sharpes = list(self._recent["sharpe"])[-RECENT_WINDOW:]
            best_profit = self._best_profit
            best_sharpe = self._best_sharpe
            return {
                "total_episodes": self._total_episodes,
                "training_time": time.time() - self._start,
                "best_profit": best_profit[0] if best_profit else math.nan,
                "best_sharpe": best_sharpe if best_sharpe is not None else math.nan,
                "recent_avg_profit": _numpy_mean.mean(profits),
                "recent_avg_sharpe": _numpy_mean.mean(sharpes),
                "avg_log_time_ms": self._log_seconds * 1000 / self._total_episodes,
            }

    # Saving.

    def save_metrics(self, format: str = "json") -> Path:
        """Writes everything so far as the guide's file ``<output_dir>/<name>_<stamp>.json|csv``
        and returns its path (``csv`` with no episode writes no file, as the guide's)."""
        if format not in ("json", "csv"):
            raise ValueError("format must be 'json' or 'csv', not %r" % (format,))
        path = self.output_dir / ("%s_%s.%s" % (self.experiment_name, stamp(), format))
        data = self._snapshot()
        if format == "json":
            write_json_atomically(path, data)
        elif data["episode_metrics"]:
            self._write_csv(path, data["episode_metrics"])
        return path

    def close(self) -> None:
        """Writes out the run log, saves the final JSON snapshot and marks the run finished."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._appender.close()
        try:
            path = self.save_metrics("json")
            self._mark_finished(path)
        except OSError as error:
            self._appender._report(str(self.output_dir), error)

    def flush(self) -> None:
        """Waits until everything logged so far is in the run log."""
        self._appender.flush()

    def __enter__(self) -> "MetricsLogger":
        return self

    def __exit__(self, *exc: Any) -> bool:
        self.close()
        return False

    @property
    def write_failure(self) -> Optional[str]:
        """Why the last write failed, while it does (None when all is well)."""
        return self._appender.failure

    @property
    def dropped_lines(self) -> int:
        """Lines of the run log given up while the disk stayed full: past ``max_pending_lines``
        waiting lines the oldest go (the in-memory history and the snapshots keep them all)."""
        return self._appender.dropped

    # Private.

    def _snapshot(self):
        statistics = self.get_statistics()
        with self._lock:
            return {"experiment_name": self.experiment_name, "timestamp": stamp(), "episode_metrics": list(self.episode_metrics),
                    "model_metrics": list(self.model_metrics), "diagnostics": {k: list(v) for k, v in self.diagnostics.items()},
                    "statistics": statistics}

    def _auto_save(self):
        try:
            self.save_metrics("json")
            with self._lock:
                self._next_snapshot_at = max(2 * self._total_episodes, self._total_episodes + self.auto_save_interval)
        except OSError as error:
            self._appender._report(str(self.output_dir), error)

    def _mark_finished(self, snapshot):
        """nexlify-tui calls a run finished when its ``metrics.json`` is at least as new as its
        lines: a hard link to the final snapshot costs nothing (a copy where links fail)."""
        target = self.run_dir / "metrics.json"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        temporary = str(target) + ".tmp-%d" % os.getpid()
        try:
            os.link(snapshot, temporary)
        except OSError:
            import shutil
            shutil.copyfile(snapshot, temporary)
        os.replace(temporary, target)

    @staticmethod
    def _write_csv(path, episodes):
        columns = []
        for record in episodes:
            for key in record:
                if key not in columns:
                    columns.append(key)
        temporary = "%s.tmp-%d" % (path, os.getpid())
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            if columns:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                writer.writerows(episodes)
        os.replace(temporary, path)
