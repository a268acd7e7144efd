"""The SB3 callback's logic on the info dicts SB3's Monitor wrapper produces (no SB3 needed)."""

from nexlify_tui import MetricsLogger
from nexlify_tui._episode_feed import EpisodeFeed


def test_finished_episodes_become_logged_episodes(tmp_path):
    logger = MetricsLogger("sb3", output_dir=tmp_path)
    feed = EpisodeFeed(logger)
    # What Monitor puts in infos: {"episode": {"r": return, "l": length, "t": seconds}} at an
    # episode's end; gym-anytrading adds total_reward and total_profit to every info.
    feed.on_step([{"total_reward": 1.0, "total_profit": 0.99}], epsilon=0.5, learning_rate=1e-3)
    feed.on_step([{"episode": {"r": 12.5, "l": 200, "t": 3.2}, "total_reward": 12.5, "total_profit": 1.07},
                  {"episode": {"r": -3.0, "l": 150, "t": 3.4}}], epsilon=0.45, learning_rate=1e-3)
    feed.on_rollout_end({"train/loss": 0.25, "rollout/ep_rew_mean": 4.0})
    feed.on_rollout_end({"rollout/ep_rew_mean": 4.0})
    history = logger.get_episode_history()
    assert [e["episode"] for e in history] == [0, 1]
    assert history[0]["profit"] == 1.07 and history[0]["episode_return"] == 12.5 and history[0]["epsilon"] == 0.45
    assert history[1]["profit"] == -3.0 and history[1]["episode_length"] == 150
    assert [m["loss"] for m in logger.model_metrics] == [0.25]
    logger.close()
