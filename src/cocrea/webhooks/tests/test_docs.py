"""The receiver of docs/webhooks.md checks real deliveries: the documented recipe is the one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cocrea.ideas.services import idea_submit
from cocrea.webhooks.services import endpoint_rotate_secret

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[4] / "docs" / "webhooks.md"


def documented_receiver() -> dict[str, Any]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A receiver in Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None, "docs/webhooks.md lost its receiver example"
    namespace: dict[str, Any] = {"__name__": "documented_receiver"}
    exec(compile(code.group(1), str(DOC), "exec"), namespace)  # noqa: S102 (our own docs)
    return namespace


def test_the_documented_receiver_accepts_real_deliveries_and_refuses_tampering(
    endpoint, receiver, alice, bob, campaign, django_capture_on_commit_callbacks
):
    verify = documented_receiver()["verify"]
    with django_capture_on_commit_callbacks(execute=True):
        idea_submit(member=bob, campaign=campaign, title="Oat milk", body="Please.")
    [got] = receiver.wait_for(1)
    assert verify(endpoint.secret, got.headers, got.body)
    assert not verify(endpoint.secret, got.headers, got.body + b" ")
    assert not verify("whsec_wrong", got.headers, got.body)
    old = endpoint.secret
    endpoint = endpoint_rotate_secret(actor=alice, endpoint=endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        idea_submit(member=bob, campaign=campaign, title="Soy milk", body="Please.")
    rotated = receiver.wait_for(2)[-1]
    assert verify(old, rotated.headers, rotated.body)  # the old secret, during its grace
    assert verify(endpoint.secret, rotated.headers, rotated.body)


def test_the_documented_receiver_refuses_an_old_timestamp(endpoint, receiver, bob, campaign):
    from cocrea.webhooks import signing

    verify = documented_receiver()["verify"]
    body = b'{"id": "x"}'
    stale = 1_000_000_000
    headers = {
        "Cocrea-Timestamp": str(stale),
        "Cocrea-Signature": signing.signature_header([endpoint.secret], stale, body),
    }
    assert not verify(endpoint.secret, headers, body)


def test_the_receiver_command_prints_deliveries_with_their_verdict(endpoint, receiver):
    """``cocrea webhook_receiver`` prints what the shared receiver hands it (its _print)."""
    import io

    from cocrea.webhooks.management.commands.webhook_receiver import Command
    from cocrea.webhooks.receiver import Received

    out = io.StringIO()
    command = Command(stdout=out)
    body = b'{"id": "e1", "type": "idea.created", "data": {"title": "Oat milk"}}'
    command._print(Received("/hooks", {"Cocrea-Delivery-Attempt": "1"}, body, True))
    command._print(Received("/hooks", {}, b"\xff not json", False))
    printed = out.getvalue()
    assert "idea.created e1 attempt 1" in printed and "signature OK" in printed
    assert (
        '"title": "Oat milk"' in printed and "BAD SIGNATURE" in printed and "(not JSON)" in printed
    )
    assert command._brand_secrets("cafe-lumiere") == [endpoint.secret]
