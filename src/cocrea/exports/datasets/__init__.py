"""The datasets a brand can export, in the order the console lists them."""

from __future__ import annotations

from cocrea.exports.datasets import contests, engagement, ideas, insights, members
from cocrea.exports.datasets.base import Dataset, Table

DATASETS: dict[str, Dataset] = {
    dataset.key: dataset
    for dataset in (
        ideas.DATASET,
        contests.DATASET,
        engagement.DATASET,
        members.DATASET,
        insights.VOICES,
        insights.THEMES,
    )
}


def get(key: str) -> Dataset | None:
    return DATASETS.get(key)


__all__ = ["DATASETS", "Dataset", "Table", "get"]
