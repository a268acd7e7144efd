"""SB3 step infos into logger calls, for ``NexlifyCallback`` (plain dicts: no SB3 needed)."""


class EpisodeFeed:
    """Turns SB3 step infos into logger calls (no SB3 needed: it reads plain dicts)."""

    def __init__(self, metrics_logger):
        self.metrics_logger = metrics_logger
        self.episodes = 0

    def on_step(self, infos, epsilon=None, learning_rate=None):
        for info in infos or ():
            episode = info.get("episode") if isinstance(info, dict) else None
            if not isinstance(episode, dict) or "r" not in episode:
                continue
            reward = float(episode["r"])
            profit = info.get("total_profit", reward)
            extra = {"episode_return": reward, "episode_length": int(episode.get("l", 0))}
            if "total_reward" in info:
                extra["total_reward"] = float(info["total_reward"])
            self.metrics_logger.log_episode(
                episode=self.episodes, profit=float(profit), epsilon=float(epsilon) if epsilon is not None else 0.0,
                learning_rate=float(learning_rate) if learning_rate is not None else 0.0, **extra)
            self.episodes += 1

    def on_rollout_end(self, logged):
        loss = logged.get("train/loss")
        if loss is not None:
            self.metrics_logger.log_model_metrics(loss=float(loss))
