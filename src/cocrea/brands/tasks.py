from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def send_team_invitation(invitation_id: int, token: str) -> bool:
    """E-mail a team invitation (sent again if the task runs twice: the link stays the same)."""
    from cocrea.brands.invitations_mail import send_invitation

    return send_invitation(invitation_id, token)
