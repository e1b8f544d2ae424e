"""The shape of the demo's hand-written ideas: each with its own comments, replies and, when the
brand answered it, its own official answer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Thread:
    """A comment and the replies it got, in the order they were written."""

    text: str
    replies: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdeaText:
    lang: str
    title: str
    body: str
    threads: tuple[Thread, ...] = ()
    category: int = 0  # index in the campaign's categories
    fate: tuple[str, str] | None = None  # (final status, official answer)
    pop: float = 1.0  # how much the community likes it: weighs the votes it gets
    merge_into: str = ""  # title of the idea it duplicates (merged by the brand)
    picture: str = ""  # a drawn picture attached by the author (see demo.pictures)
    tags: tuple[str, ...] = field(default_factory=tuple)


def idea(
    lang: str,
    title: str,
    body: str,
    *comments: str | tuple[str, ...],
    category: int = 0,
    fate: tuple[str, str] | None = None,
    pop: float = 1.0,
    merge_into: str = "",
    picture: str = "",
) -> IdeaText:
    """``comments``: a text, or a tuple (comment, reply, reply…)."""
    threads = tuple(
        Thread(c) if isinstance(c, str) else Thread(c[0], tuple(c[1:])) for c in comments
    )
    return IdeaText(lang, title, body, threads, category, fate, pop, merge_into, picture)
