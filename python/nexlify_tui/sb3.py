"""A Stable-Baselines3 callback that logs to a ``MetricsLogger``:

* one episode per finished episode, from the ``Monitor`` wrapper's ``info["episode"]``
  (``r`` return, ``l`` length, ``t`` time): ``profit`` is the env's ``total_profit`` when it
  reports one (gym-anytrading does), else the episode return; ``epsilon`` from
  ``model.exploration_rate`` (DQN); ``learning_rate`` from the optimizer's schedule; the
  return and length are kept as ``episode_return`` and ``episode_length``;
* model metrics at each rollout end: ``loss`` from the SB3 logger's ``train/loss``;
* the dashboard's ``S`` ends training (``_on_step`` returns False) and its ``C`` saves the model
  (``model.save(<dir>/checkpoint_<steps>)``, in the logger's run directory unless
  ``checkpoint_dir`` is given): requests left in ``control.json`` in the logger's run directory or
  in SB3's own log directory (where a dashboard following ``progress.csv`` leaves them).

Imported only when asked for: ``from nexlify_tui import NexlifyCallback`` needs SB3 installed.
"""

from pathlib import Path

from stable_baselines3.common.callbacks import BaseCallback

from ._control import ControlListener

from ._episode_feed import EpisodeFeed


class NexlifyCallback(BaseCallback):
    """``model.learn(total_timesteps=…, callback=NexlifyCallback(logger))``."""

    def __init__(self, metrics_logger, verbose=0, checkpoint_dir=None):
        super().__init__(verbose)
        self.feed = EpisodeFeed(metrics_logger)
        self.metrics_logger = metrics_logger
        self.checkpoint_dir = checkpoint_dir
        self.control = None
        #: Paths of the checkpoints saved on the dashboard's request.
        self.checkpoints = []
        #: Seconds between two looks at control.json.
        self.control_interval = 1.0

    def _init_callback(self):
        directories = [self.metrics_logger.run_dir]
        own = getattr(getattr(self.model, "logger", None), "get_dir", lambda: None)()
        if own:
            directories.append(own)
        if self.control is None:
            self.control = ControlListener(directories, interval=self.control_interval)

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
        if self.control.checkpoint_requested():
            directory = Path(self.checkpoint_dir or self.metrics_logger.run_dir)
            path = directory / ("checkpoint_%d" % self.num_timesteps)
            self.model.save(str(path))
            self.checkpoints.append(str(path) + ".zip")
        return not self.control.should_stop()

    def _on_rollout_end(self):
        logged = getattr(getattr(self.model, "logger", None), "name_to_value", {}) or {}
        self.feed.on_rollout_end(dict(logged))
