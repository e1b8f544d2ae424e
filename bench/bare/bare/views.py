"""The same essential work as Cocréa's vote and idea list, nothing else: no session, no user, no
brand, no permission, no CSRF, no ledger."""

from __future__ import annotations

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

PAGE_SIZE = 20

_INSERT = (
    "INSERT INTO bare_vote (idea_id, member_id, created_at) VALUES (%s, %s, now())"
    " ON CONFLICT (idea_id, member_id) DO NOTHING RETURNING id"
)
_COUNT = (
    "UPDATE bare_idea SET support_count = support_count + 1,"
    " trending_score = LOG(GREATEST(support_count + 1, 1)) + %s WHERE id = %s"
    " RETURNING support_count"
)


def vote(request: HttpRequest, idea_id: int) -> HttpResponse:
    """INSERT … ON CONFLICT + UPDATE in one transaction; the count in a small fragment."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = int(request.POST.get("member", "0") or 0)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_INSERT, [idea_id, member])
        if cursor.fetchone() is None:
            return HttpResponse("already", status=409)
        cursor.execute(_COUNT, [0.0, idea_id])
        (count,) = cursor.fetchone()
    return render(request, "bare/vote.html", {"idea_id": idea_id, "count": count})


def idea_list(request: HttpRequest) -> HttpResponse:
    """One page of ideas by trending score, by offset (as Cocréa's list), rendered."""
    number = max(1, int(request.GET.get("page", "1") or 1))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, title, body_text, support_count, comment_count, created_at"
            " FROM bare_idea ORDER BY trending_score DESC, id DESC LIMIT %s OFFSET %s",
            [PAGE_SIZE + 1, (number - 1) * PAGE_SIZE],
        )
        rows = cursor.fetchall()
    ideas = [
        {"id": r[0], "title": r[1], "text": r[2], "supports": r[3], "comments": r[4], "at": r[5]}
        for r in rows[:PAGE_SIZE]
    ]
    context = {"ideas": ideas, "number": number, "has_next": len(rows) > PAGE_SIZE}
    return render(request, "bare/list.html", context)
