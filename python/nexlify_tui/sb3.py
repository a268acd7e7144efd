"""A Stable-Baselines3 callback that logs to a ``MetricsLogger``:

* one episode per finished episode, from the ``Monitor`` wrapper's ``info["episode"]``
  (``r`` return, ``l`` length, ``t`` time): ``profit`` is the env's ``total_profit`` when it
  reports one (gym-anytrading does), else the episode return; ``epsilon`` from
  ``model.exploration_rate`` (DQN); ``learning_rate`` from the optimizer's schedule; the
  return and length are kept as ``episode_return`` and ``episode_length``;
* model metrics at each rollout end: ``loss`` from the SB3 logger's ``train/loss``.

Imported only when asked for: ``from nexlify_tui import NexlifyCallback`` needs SB3 installed.
"""

from stable_baselines3.common.callbacks import BaseCallback

from ._episode_feed import EpisodeFeed


class NexlifyCallback(BaseCallback):
    """``model.learn(total_timesteps=…, callback=NexlifyCallback(logger))``."""

    def __init__(self, metrics_logger, verbose=0):
        super().__init__(verbose)
        self.feed = EpisodeFeed(metrics_logger)

    def _on_step(self):
        epsilon = getattr(self.model, "exploration_rate", None)
        learning_rate = None
        schedule = getattr(self.model, "lr_schedule", None)
        if schedule is not None:
            try:
                learning_rate = schedule(self.model._current_progress_remaining)
            except Exception:
                learning_rate = None
        self.feed.on_step(self.locals.get("infos"), epsilon=epsilon, learning_rate=learning_rate)
        return True

    def _on_rollout_end(self):
        logged = getattr(getattr(self.model, "logger", None), "name_to_value", {}) or {}
        self.feed.on_rollout_end(dict(logged))
