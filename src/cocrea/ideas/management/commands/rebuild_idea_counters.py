"""Recompute idea counters from the rows they count (STYLE rule 9). Safe to run twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocrea.ideas.models import Idea
from cocrea.ideas.services import idea_counters_rebuild


class Command(BaseCommand):
    help = "Recompute support, comment and rating counters and trending scores of ideas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", help="only the ideas of this brand (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        ideas = Idea.objects.all()
        if options.get("brand"):
            ideas = ideas.filter(brand__slug=options["brand"])
        fixed = idea_counters_rebuild(ideas=ideas)
        self.stdout.write(f"{fixed} idea(s) corrected out of {ideas.count()}.")
