"""What the README promises is true: its commands exist, its links lead somewhere, its demo
accounts log in, and it claims no feature the forms do not have (issue 18: "rich-text ideas"
described a plain text area)."""

from __future__ import annotations

import re
from pathlib import Path

from cocrea.demo.seed import STAFF

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_make_command_it_names_exists():
    targets = set(re.findall(r"^([a-z-]+):.*##", (ROOT / "Makefile").read_text(), re.M))
    named = set(re.findall(r"\bmake ([a-z][a-z-]*)", README))
    listing = README[README.index("`make help` lists") :].split("\n\n")[0]
    named |= set(re.findall(r"`([a-z][a-z-]*)`", listing))
    assert len(named) > 5 and named - targets == set()


def test_every_local_link_leads_to_a_file():
    links = re.findall(r"\]\(((?!https?:)[^)#]+)", README)
    assert links and [link for link in links if not (ROOT / link).exists()] == []


def test_the_demo_accounts_are_the_seeded_ones():
    listed = set(re.findall(r"`([a-z.]+@cafe-lumiere\.demo)`", README))
    assert listed == {email for email, *_rest in STAFF}


def test_it_claims_no_rich_text_editor_the_idea_form_does_not_have():
    from cocrea.ideas.forms import IdeaForm

    widget = IdeaForm.base_fields["body"].widget
    rich = widget.__class__.__name__ != "Textarea" or "data-editor" in widget.attrs
    assert rich or "rich-text" not in README.lower()
