"""Who may export what: the brand team (moderators and admins); members' data: admins only."""

from __future__ import annotations

from cocrea.brands.models import Membership
from cocrea.brands.permissions import has_role
from cocrea.exports.datasets import Dataset, get
from cocrea.exports.models import ExportJob


def can_export(membership: Membership | None, dataset: Dataset) -> bool:
    return has_role(membership, dataset.role)


def can_see_job(membership: Membership | None, job: ExportJob) -> bool:
    """See its progress and download its file: the team of the job's brand, with the dataset's
    role (a members export is for admins only)."""
    dataset = get(job.dataset)
    return (
        membership is not None
        and dataset is not None
        and membership.brand_id == job.brand_id
        and can_export(membership, dataset)
    )
