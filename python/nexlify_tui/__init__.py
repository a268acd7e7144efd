"""Stream a Python training run to the nexlify-tui dashboard.

The one-line change from the guide's package::

    from nexlify_tui import MetricsLogger, ExperimentTracker, TrainingDashboard
"""

from .dashboard import TrainingDashboard
from .experiment_tracker import ExperimentTracker
from .metrics_logger import MetricsLogger

# NexlifyCallback is left out of ``*``: it needs Stable-Baselines3, which a script that does
# ``from nexlify_tui import *`` may not have.
__all__ = ["MetricsLogger", "ExperimentTracker", "TrainingDashboard"]


def __getattr__(name):
    # The Stable-Baselines3 callback is imported only when asked for (and SB3 is installed).
    if name == "NexlifyCallback":
        from .sb3 import NexlifyCallback
        return NexlifyCallback
    raise AttributeError(name)
