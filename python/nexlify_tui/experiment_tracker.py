"""The guide's ``ExperimentTracker``, in its on-disk layout, plus ``results.jsonl`` appended per
``log_result`` so that nexlify-tui's runs view updates while an experiment runs.

``experiments/<id>/experiment.json`` holds the guide's keys (``id``, ``name``, ``created``,
``hyperparameters``, ``description``, ``tags``, ``results``, ``status``, ``best_episode``,
``final_metrics``, ``completed``), written at ``save_experiment`` and ``complete_experiment``
(atomically, unlike the guide's); ``experiments/leaderboard.json`` lists completed experiments in
the order they completed, as the guide's ``leaderboard`` does (only ``get_leaderboard`` sorts).
Statistics are numpy's (``mean``, population ``std``, bit for bit).
Ids are checked before anything is moved or deleted: one directory name inside
``experiments_dir``, never a path.
"""

import csv
import json
import math
import os
import shutil
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from . import _numpy_mean
from ._appender import LineAppender
from .metrics_logger import stamp, write_json_atomically

DEFAULT_METRICS = ["profit", "sharpe", "win_rate", "drawdown"]


def _numbers(results, metric):
    return [r[metric] for r in results if isinstance(r.get(metric), (int, float)) and not isinstance(r.get(metric), bool) and r[metric] == r[metric]]


def _values(results, metric):
    """The numbers ``metric`` has in the results that carry it (NaN included, as numpy sees it)."""
    return [r[metric] for r in results if isinstance(r.get(metric), (int, float)) and not isinstance(r.get(metric), bool)]


def _describe(values):
    """numpy's mean, std, max and min, in the guide's key order (a NaN makes each NaN)."""
    nan = any(value != value for value in values)
    return {"mean": _numpy_mean.mean(values), "std": _numpy_mean.std(values), "max": math.nan if nan else float(max(values)),
            "min": math.nan if nan else float(min(values))}


class ExperimentTracker:
    """Track and compare experiments; the guide's API."""

    def __init__(self, experiments_dir: Union[str, Path] = "experiments") -> None:
        self.experiments_dir = Path(experiments_dir)
        self.experiments_dir.mkdir(parents=True, exist_ok=True)
        self.experiments: Dict[str, Dict[str, Any]] = {}
        self._lock = threading.RLock()
        self._appender = LineAppender(latency=0.5)
        self.leaderboard = self._read_leaderboard()

    # Writing.

    def create_experiment(self, name: str, hyperparameters: Dict[str, Any], description: str = "", tags: Optional[List[str]] = None) -> str:
        exp_id = "%s_%s" % (name, stamp())
        with self._lock:
            directory = self.experiments_dir / exp_id
            directory.mkdir(parents=True, exist_ok=True)
            self.experiments[exp_id] = {"id": exp_id, "name": name, "created": datetime.now().isoformat(), "hyperparameters": dict(hyperparameters),
                                        "description": description, "tags": list(tags or []), "results": [], "status": "running",
                                        "best_episode": None, "final_metrics": {}}
        return exp_id

    def log_result(self, exp_id: str, episode: int, **metrics: Any) -> None:
        """Keeps the result and appends it to ``<id>/results.jsonl`` at once."""
        with self._lock:
            experiment = self._known(exp_id)
            result = {"episode": episode, "timestamp": datetime.now().isoformat()}
            result.update(metrics)
            experiment["results"].append(result)
            best = experiment["best_episode"]
            profit = result.get("profit")
            if isinstance(profit, (int, float)) and profit == profit and (best is None or profit > best.get("profit", -math.inf)):
                experiment["best_episode"] = result
            queue = self._appender.queue(str(self._directory(exp_id) / "results.jsonl"))
            queue.append(result)

    def complete_experiment(self, exp_id: str, final_metrics: Optional[Dict[str, Any]] = None) -> None:
        with self._lock:
            experiment = self._known(exp_id)
            experiment["status"] = "completed"
            experiment["completed"] = datetime.now().isoformat()
            experiment["final_metrics"] = dict(final_metrics or {})
            self.save_experiment(exp_id)
            self._append_to_leaderboard(experiment)
        self._appender.flush()

    def save_experiment(self, exp_id: str) -> Path:
        with self._lock:
            experiment = self._known(exp_id)
            path = self._directory(exp_id) / "experiment.json"
            write_json_atomically(path, experiment)
            return path

    def load_experiment(self, exp_id: str) -> Dict[str, Any]:
        with self._lock:
            path = self._directory(exp_id) / "experiment.json"
            with open(path, encoding="utf-8") as handle:
                experiment = json.load(handle)
            experiment["id"] = exp_id
            self.experiments[exp_id] = experiment
            return experiment

    def archive_experiment(self, exp_id: str) -> None:
        with self._lock:
            source = self._directory(exp_id)
            archive = self.experiments_dir / "archived"
            archive.mkdir(exist_ok=True)
            target = archive / exp_id
            if target.exists():
                raise FileExistsError("%s exists already; it is left alone" % target)
            shutil.move(str(source), str(target))
            self.experiments.pop(exp_id, None)

    def delete_experiment(self, exp_id: str, confirm: bool = False) -> bool:
        """Removes the experiment's directory, only with ``confirm=True``."""
        if not confirm:
            print("nexlify_tui: delete_experiment(%r) needs confirm=True; nothing deleted" % exp_id, file=sys.stderr)
            return False
        with self._lock:
            shutil.rmtree(self._directory(exp_id))
            self.experiments.pop(exp_id, None)
        return True

    # Reading.

    def list_experiments(self, status: Optional[str] = None, tags: Optional[List[str]] = None) -> List[Dict[str, Any]]:
        with self._lock:
            self._load_all()
            found = [e for e in self.experiments.values() if (status is None or e.get("status") == status)
                     and (not tags or any(tag in e.get("tags", []) for tag in tags))]
        return sorted(found, key=lambda e: e["id"])

    def get_experiment_summary(self, exp_id: str) -> Optional[Dict[str, Any]]:
        """The guide's: ``id, name, status, created, total_episodes, hyperparameters, best_episode,
        statistics`` (``statistics``: profit and Sharpe, each ``{mean, std, max, min}``, when the
        results have them); ``id, name, status, total_episodes: 0`` without results; None for an
        unknown id."""
        with self._lock:
            try:
                experiment = self._known(exp_id)
            except (KeyError, ValueError, OSError):
                return None
            results = list(experiment["results"])
        summary = {"id": exp_id, "name": experiment["name"], "status": experiment["status"]}
        if not results:
            summary["total_episodes"] = 0
            return summary
        summary.update({"created": experiment.get("created"), "total_episodes": len(results), "hyperparameters": experiment["hyperparameters"],
                        "best_episode": experiment.get("best_episode")})
        summary["statistics"] = {metric: _describe(_values(results, metric)) for metric in ("profit", "sharpe") if _values(results, metric)}
        return summary

    def compare_experiments(self, exp_ids: List[str], metrics: Optional[List[str]] = None) -> Dict[str, Any]:
        """The guide's: ``experiments`` (``id, name, hyperparameters, total_episodes,
        best_episode``, then ``<metric>_mean, _std, _max, _min`` for each metric some result has)
        and ``metrics_comparison`` (per metric, one ``{experiment, mean, std, max}`` per
        experiment that has it). An id that names no experiment is skipped with a warning."""
        metrics = metrics or DEFAULT_METRICS
        rows = []
        with self._lock:
            for exp_id in exp_ids:
                try:
                    experiment = self._known(exp_id)
                except (KeyError, ValueError, OSError):
                    print("nexlify_tui: no experiment %r; skipped" % exp_id, file=sys.stderr)
                    continue
                results = experiment["results"]
                row = {"id": exp_id, "name": experiment["name"], "hyperparameters": experiment["hyperparameters"],
                       "total_episodes": len(results), "best_episode": experiment.get("best_episode")}
                for metric in metrics:
                    values = _values(results, metric)
                    if values:
                        for key, value in _describe(values).items():
                            row["%s_%s" % (metric, key)] = value
                rows.append(row)
        comparison = {"experiments": rows, "metrics_comparison": {}}
        for metric in metrics:
            comparison["metrics_comparison"][metric] = [
                {"experiment": row["name"], "mean": row["%s_mean" % metric], "std": row["%s_std" % metric], "max": row["%s_max" % metric]}
                for row in rows if "%s_mean" % metric in row]
        return comparison

    def get_leaderboard(self, metric: str = "profit", top_n: int = 10) -> List[Dict[str, Any]]:
        """The stored leaderboard rows themselves (``id, name, created, best_profit,
        best_sharpe, avg_profit, total_episodes, hyperparameters``), best ``best_<metric>``
        first (rows without one last), at most ``top_n``."""
        key = "best_%s" % metric

        def score(row):
            value = row.get(key)
            return value if isinstance(value, (int, float)) and value == value else -math.inf

        with self._lock:
            return sorted(self.leaderboard, key=score, reverse=True)[:top_n]

    def export_comparison(self, exp_ids: List[str], format: str = "json", output_path: Optional[Union[str, Path]] = None) -> Path:
        comparison = self.compare_experiments(exp_ids)
        path = Path(output_path) if output_path else self.experiments_dir / ("comparison_%s.%s" % (stamp(), format))
        if format == "json":
            write_json_atomically(path, comparison)
        elif format == "csv":
            rows = [{k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in row.items()} for row in comparison["experiments"]]
            columns = []
            for row in rows:
                columns += [key for key in row if key not in columns]
            with open(path, "w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
        else:
            raise ValueError("format must be 'json' or 'csv', not %r" % (format,))
        return path

    def close(self) -> None:
        self._appender.close()

    # Private.

    def _directory(self, exp_id):
        """The experiment's directory: ``exp_id`` must be one plain directory name."""
        if not isinstance(exp_id, str) or exp_id in ("", ".", "..") or "/" in exp_id or "\x00" in exp_id or os.sep in exp_id:
            raise ValueError("%r is not an experiment id: give the name of one directory in %s" % (exp_id, self.experiments_dir))
        directory = self.experiments_dir / exp_id
        if directory.is_symlink() or not directory.is_dir():
            raise KeyError("no experiment %s in %s" % (exp_id, self.experiments_dir))
        return directory

    def _known(self, exp_id):
        experiment = self.experiments.get(exp_id)
        if experiment is None:
            experiment = self.load_experiment(exp_id)
        return experiment

    def _load_all(self):
        for entry in sorted(os.listdir(self.experiments_dir)):
            if entry not in self.experiments and (self.experiments_dir / entry / "experiment.json").is_file():
                try:
                    self.load_experiment(entry)
                except (OSError, ValueError):
                    continue

    def _append_to_leaderboard(self, e):
        """The guide's: the completed experiment's row appended (completion order), and
        ``leaderboard.json`` rewritten."""
        profits = _numbers(e["results"], "profit")
        sharpes = _numbers(e["results"], "sharpe")
        self.leaderboard.append({"id": e["id"], "name": e["name"], "created": e["created"], "best_profit": max(profits, default=None),
                                 "best_sharpe": max(sharpes, default=None), "avg_profit": _numpy_mean.mean(profits) if profits else None,
                                 "total_episodes": len(e["results"]), "hyperparameters": e["hyperparameters"]})
        write_json_atomically(self.experiments_dir / "leaderboard.json", self.leaderboard)

    def _read_leaderboard(self):
        try:
            with open(self.experiments_dir / "leaderboard.json", encoding="utf-8") as handle:
                board = json.load(handle)
            return board if isinstance(board, list) else []
        except (OSError, ValueError):
            return []
