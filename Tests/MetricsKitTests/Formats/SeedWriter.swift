import Foundation

/// A Python writer of what the seed's `MetricsLogger` leaves on disk, to the letter of
/// `shared/SEED-FORMATS.md`: `<output_dir>/<name>_<YYYYmmdd_HHMMSS>.json` snapshots of the whole
/// history (`json.dump(indent=2)`, keys in the seed's order, NaN/Infinity bare, `loss: null` for
/// NaN, `q_values` as `{mean, std, min, max}`, model records without an episode, ISO local
/// timestamps), written in place with `open("w")`.
enum SeedWriter {
    static let script = #"""
    import json, math, os, sys, time
    from datetime import datetime, timedelta

    out, name, episodes, every, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    os.makedirs(out, exist_ok=True)
    start = datetime(2026, 12, 1, 6, 20, 0)
    episode_metrics, model_metrics = [], []
    stamp_clock = [datetime(2026, 12, 1, 6, 20, 48)]

    def save():
        stamp = stamp_clock[0].strftime("%Y%m%d_%H%M%S")
        stamp_clock[0] += timedelta(seconds=1)
        profits = [e["profit"] for e in episode_metrics if math.isfinite(e["profit"])]
        data = {
            "experiment_name": name,
            "timestamp": stamp,
            "episode_metrics": episode_metrics,
            "model_metrics": model_metrics,
            "diagnostics": {"q_spread": [{"timestamp": start.isoformat(), "value": 1.0}]},
            "statistics": {"total_episodes": len(episode_metrics), "training_time": 12.5, "best_profit": max(profits) if profits else 0,
                           "best_sharpe": 1.0, "recent_avg_profit": 1.0, "recent_avg_sharpe": 0.5, "avg_log_time_ms": 0.042},
        }
        with open(os.path.join(out, f"{name}_{stamp}.json"), "w") as f:
            json.dump(data, f, indent=2)

    for episode in range(episodes):
        when = start + timedelta(seconds=2 * episode)
        profit = float("nan") if episode == 7 else (float("inf") if episode == 11 else episode * 1.5 - 10)
        episode_metrics.append({"timestamp": when.isoformat(), "episode": episode, "profit": profit, "sharpe": 0.1 * episode,
                                "win_rate": 0.5, "drawdown": 3.0, "num_trades": episode % 5, "epsilon": max(0.05, 1 - episode / 100),
                                "learning_rate": 0.001, "custom_score": episode / 10})
        if episode % 2 == 0:
            loss = float("nan") if episode == 4 else 1.0 / (episode + 1)
            model_metrics.append({"timestamp": (when + timedelta(seconds=1)).isoformat(), "loss": None if math.isnan(loss) else loss,
                                  "q_values": {"mean": episode / 2, "std": 0.5, "min": 0.0, "max": episode},
                                  "gradients": {"mean": 0.01, "std": 0.001}, "weights": None})
        if episode % every == 0 and episode > 0:
            save()
            time.sleep(pause)
    save()
    """#

    /// Runs the writer to its end: `episodes` episodes of run `name` in `directory`, a snapshot
    /// every `every` episodes (and one at the end).
    static func write(_ name: String, episodes: Int, every: Int, into directory: String, pause: Double = 0) throws {
        let process = try start(name, episodes: episodes, every: every, into: directory, pause: pause)
        process.waitUntilExit()
    }

    /// Starts the writer and returns at once.
    static func start(_ name: String, episodes: Int, every: Int, into directory: String, pause: Double) throws -> Process {
        let script = NSTemporaryDirectory() + "seed-writer-\(UUID().uuidString).py"
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, directory, name, "\(episodes)", "\(every)", "\(pause)"]
        try process.run()
        return process
    }
}
