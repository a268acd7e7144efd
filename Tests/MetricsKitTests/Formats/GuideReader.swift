/// A Python reader of the guide's files that follows `shared/SEED-FORMATS.md` to the letter, as a
/// script written for the guide's package reads them: it checks the layout and prints what it
/// found as one JSON document (or fails with what is wrong).
enum GuideReader {
    /// `python3 - snapshot.json`: the snapshot's keys in order, and its records as they are.
    static let snapshot = #"""
    import json, sys
    with open(sys.argv[1]) as f:
        data = json.load(f)
    assert list(data) == ["experiment_name", "timestamp", "episode_metrics", "model_metrics", "diagnostics", "statistics"], list(data)
    for e in data["episode_metrics"]:
        assert list(e)[:9] == ["timestamp", "episode", "profit", "sharpe", "win_rate", "drawdown", "num_trades", "epsilon", "learning_rate"], list(e)
        assert isinstance(e["episode"], int) and isinstance(e["num_trades"], int) and isinstance(e["profit"], float)
    for m in data["model_metrics"]:
        assert list(m)[:5] == ["timestamp", "loss", "q_values", "gradients", "weights"], list(m)
        assert "episode" not in m
        assert m["q_values"] is None or list(m["q_values"]) == ["mean", "std", "min", "max"]
    stats = data["statistics"]
    assert not stats or list(stats)[:7] == ["total_episodes", "training_time", "best_profit", "best_sharpe", "recent_avg_profit", "recent_avg_sharpe", "avg_log_time_ms"], list(stats)
    print(json.dumps(data))
    """#

    /// `python3 - experiments_dir id`: the experiment record and the leaderboard, as the guide's
    /// tracker loads them.
    static let experiment = #"""
    import json, os, sys
    root, exp_id = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, exp_id, "experiment.json")) as f:
        record = json.load(f)
    keys = ["id", "name", "created", "hyperparameters", "description", "tags", "results", "status", "best_episode", "final_metrics"]
    assert list(record)[:10] == keys, list(record)
    assert record["status"] in ("running", "completed")
    assert (record["status"] == "completed") == ("completed" in record)
    for r in record["results"]:
        assert list(r)[:2] == ["episode", "timestamp"] and isinstance(r["episode"], int)
    best = max(record["results"], key=lambda r: r.get("profit", float("-inf"))) if record["results"] else None
    assert record["best_episode"] == best, (record["best_episode"], best)
    board_path = os.path.join(root, "leaderboard.json")
    board = json.load(open(board_path)) if os.path.exists(board_path) else None
    if board is not None:
        for row in board:
            assert list(row) == ["id", "name", "created", "best_profit", "best_sharpe", "avg_profit", "total_episodes", "hyperparameters"], list(row)
    print(json.dumps({"record": record, "leaderboard": board}))
    """#

    /// `python3 - experiments_dir`: writes, as the guide's tracker does, one completed experiment
    /// `guide_exp_20261201_062047` with embedded results and a leaderboard.
    static let writeExperiment = #"""
    import json, os, sys
    root = sys.argv[1]
    exp_id = "guide_exp_20261201_062047"
    os.makedirs(os.path.join(root, exp_id), exist_ok=True)
    results = [{"episode": i, "timestamp": "2026-12-01T06:21:%02d.250000" % i, "profit": [5.0, 12.5, float("nan"), 9.0][i],
                "sharpe": 0.5 * i, "win_rate": 0.6} for i in range(4)]
    record = {"id": exp_id, "name": "guide_exp", "created": "2026-12-01T06:20:47.123456",
              "hyperparameters": {"learning_rate": 0.001, "batch_size": 64, "layers": [64, 64], "double_dqn": True, "schedule": None},
              "description": "written by the guide", "tags": ["dqn", "guide"], "results": results, "status": "completed",
              "best_episode": results[1], "final_metrics": {"total_episodes": 4, "best_profit": 12.5}, "completed": "2026-12-01T06:30:00"}
    with open(os.path.join(root, exp_id, "experiment.json"), "w") as f:
        json.dump(record, f, indent=2)
    with open(os.path.join(root, "leaderboard.json"), "w") as f:
        json.dump([{"id": exp_id, "name": "guide_exp", "created": record["created"], "best_profit": 12.5, "best_sharpe": 1.5,
                    "avg_profit": 8.83, "total_episodes": 4, "hyperparameters": record["hyperparameters"]}], f, indent=2)
    print(json.dumps({"id": exp_id}))
    """#
}
