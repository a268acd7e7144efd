"""NexlifyCallback in a tiny real Stable-Baselines3 run (skipped where SB3 is not installed)."""

import pytest

sb3 = pytest.importorskip("stable_baselines3")
gymnasium = pytest.importorskip("gymnasium")

import numpy as np  # noqa: E402  (SB3 brings numpy)
from stable_baselines3.common.monitor import Monitor  # noqa: E402

from nexlify_tui import MetricsLogger, NexlifyCallback  # noqa: E402


class TinyTradingEnv(gymnasium.Env):
    """20-step episodes; reports total_profit in info as gym-anytrading does."""

    observation_space = gymnasium.spaces.Box(low=-1, high=1, shape=(2,), dtype=np.float32)
    action_space = gymnasium.spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.steps = 0
        self.profit = 1.0
        return np.zeros(2, dtype=np.float32), {}

    def step(self, action):
        self.steps += 1
        reward = 1.0 if action == 1 else -0.5
        self.profit *= 1.01 if action == 1 else 0.99
        done = self.steps >= 20
        return np.full(2, self.steps / 20, dtype=np.float32), reward, done, False, {"total_profit": self.profit, "total_reward": reward}


def test_a_real_dqn_run_logs_every_finished_episode(tmp_path):
    logger = MetricsLogger("sb3_dqn", output_dir=tmp_path)
    env = Monitor(TinyTradingEnv())
    model = sb3.DQN("MlpPolicy", env, learning_starts=50, train_freq=4, exploration_fraction=0.5, seed=0, verbose=0)
    callback = NexlifyCallback(logger)
    model.learn(total_timesteps=400, callback=callback)
    finished = env.get_episode_rewards()
    history = logger.get_episode_history()
    assert len(history) == len(finished) == 20
    assert [e["episode_return"] for e in history] == pytest.approx(finished)
    assert all(e["profit"] != e["episode_return"] for e in history)          # total_profit, not the return
    assert history[0]["epsilon"] > history[-1]["epsilon"]                   # exploration decays
    assert history[0]["learning_rate"] == pytest.approx(1e-4)
    logger.close()


def _ask(directory, kind):
    """Leaves a request as the dashboard does (control.json, written whole)."""
    import json
    import os
    from datetime import datetime, timezone
    moment = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "control.json.tmp"), "w") as handle:
        json.dump({"request": kind, "id": kind + "-1", "at": moment}, handle)
    os.replace(os.path.join(directory, "control.json.tmp"), os.path.join(directory, "control.json"))


def test_the_dashboards_checkpoint_saves_the_model_and_its_stop_ends_learn(tmp_path):
    logger = MetricsLogger("sb3_control", output_dir=tmp_path)
    env = Monitor(TinyTradingEnv())
    model = sb3.DQN("MlpPolicy", env, learning_starts=50, train_freq=4, seed=0, verbose=0)
    callback = NexlifyCallback(logger)
    callback.control_interval = 0
    _ask(logger.run_dir, "checkpoint")
    model.learn(total_timesteps=100, callback=callback)
    assert len(callback.checkpoints) == 1
    saved = sb3.DQN.load(callback.checkpoints[0])
    assert saved.num_timesteps >= 1
    _ask(logger.run_dir, "stop")
    model.learn(total_timesteps=10_000, callback=callback, reset_num_timesteps=True)
    assert model.num_timesteps < 100                           # stopped at the first look, not after 10,000 steps
    logger.close()
