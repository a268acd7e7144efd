#!/usr/bin/env python3
"""Trains Stable-Baselines3's PPO and DQN on CartPole-v1 and keeps what SB3 itself wrote, under
Tests/Fixtures/sb3/: progress.csv (SB3's CSV logger) and monitor.csv (its Monitor wrapper) of each
run. These are healthy runs: the return climbs to CartPole's ceiling, the losses settle. Run once
from the repository root in a venv with `pip install 'torch==2.13.0+cpu' stable-baselines3
gymnasium`; the output is committed, so the tests need neither SB3 nor torch.

  ppo-cartpole/   PPO, n_steps 512, 60,000 steps (about 117 dumps of rollout/* and train/*)
  dqn-cartpole/   DQN, rl-zoo's CartPole hyperparameters, 60,000 steps, a dump every 10 episodes
"""
import os
import pathlib
import shutil

import gymnasium as gym
import torch
from stable_baselines3 import DQN, PPO
from stable_baselines3.common.logger import configure
from stable_baselines3.common.monitor import Monitor

ROOT = pathlib.Path("Tests/Fixtures/sb3")
STEPS = 60_000
torch.set_num_threads(1)


def train(name, make_model, log_interval):
    directory = ROOT / name
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    env = Monitor(gym.make("CartPole-v1"), str(directory / "monitor.csv"))
    model = make_model(env)
    model.set_logger(configure(str(directory), ["csv"]))
    model.learn(total_timesteps=STEPS, log_interval=log_interval)
    env.close()


train("ppo-cartpole", lambda env: PPO("MlpPolicy", env, n_steps=512, batch_size=64, seed=7, verbose=0), 1)
train("dqn-cartpole", lambda env: DQN(
    "MlpPolicy", env, learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1000, gamma=0.99,
    target_update_interval=10, train_freq=256, gradient_steps=128, exploration_fraction=0.16, exploration_final_eps=0.04,
    policy_kwargs={"net_arch": [256, 256]}, seed=7, verbose=0), 10)
for path in sorted(ROOT.rglob("*.csv")):
    print(path, os.path.getsize(path), "bytes")
