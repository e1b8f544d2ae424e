"""The dashboard's one write: ask for a recomputation of the brand's themes."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.core.errors import Conflict, PermissionDenied
from cocrea.insights.models import AnalysisRun

# A run still queued or running after this long is taken for dead (worker lost) and closed,
# so that one lost task never blocks the brand's recomputations for good.
STALE_AFTER = timedelta(hours=2)
ACTIVE = (AnalysisRun.State.QUEUED, AnalysisRun.State.RUNNING)


def _schedule(run_id: int) -> None:
    try:
        from cocrea.insights.tasks import recompute_themes  # the pipeline's task
    except ImportError:
        AnalysisRun.objects.filter(pk=run_id).update(
            state=AnalysisRun.State.FAILED,
            error=gettext_noop("The analysis pipeline is not installed."),  # translated on display
            finished_at=timezone.now(),
        )
        return
    recompute_themes.delay(run_id)


@transaction.atomic
def themes_recompute_request(*, brand: Brand, membership: Membership | None) -> AnalysisRun:
    """Queue a recomputation of the brand's themes; refused while another one is under way.

    The brand row is locked so that two simultaneous requests cannot both queue a run. The task
    is scheduled after commit (inline in the embedded mode, so the run may be done on return).
    """
    if not is_moderator(membership):
        raise PermissionDenied(_("Only the brand team may recompute themes."), code="forbidden")
    Brand.objects.select_for_update().filter(pk=brand.pk).first()
    now = timezone.now()
    runs = AnalysisRun.objects.filter(brand=brand, kind="themes", state__in=ACTIVE)
    runs.filter(created_at__lt=now - STALE_AFTER).update(
        state=AnalysisRun.State.FAILED, error=gettext_noop("Timed out."), finished_at=now
    )
    if runs.exists():
        raise Conflict(
            _("Themes are already being recomputed. Wait for the current run to finish."),
            code="run_in_progress",
        )
    run = AnalysisRun.objects.create(brand=brand, kind="themes")
    transaction.on_commit(lambda: _schedule(run.pk))
    return run
