"""A small logistic model: named features, fitted weights, a decision threshold.

The cleaner's boilerplate model and the headline chooser are both of this kind; the
weights are fitted by `scripts/fit_clean.py` and shipped as JSON next to the code.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Model:
    """Logistic weights per feature, a bias, and the drop threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        """P(boilerplate) for one line's features."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def reasons(self, features: dict[str, float], top: int = 3) -> list[str]:
        """The features that pushed this line's score most towards 'drop'."""
        pushes = sorted(((self.weights.get(k, 0.0) * v, k) for k, v in features.items()), reverse=True)
        return [k for push, k in pushes[:top] if push > 0]

    def to_json(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, "weights": self.weights}

    @classmethod
    def load(cls, path: Path) -> "Model":
        """A model saved by `to_json`."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))
