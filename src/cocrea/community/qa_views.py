"""Pages of questions and answers: the list (with filters), ask, the question page, answer,
up-vote and the helpful mark."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Tag
from cocrea.community import permissions as perms
from cocrea.community import qa_services, selectors
from cocrea.community.forms import AnswerForm, QuestionForm
from cocrea.community.models import Answer, Question
from cocrea.community.views import _page_number, _tag_param, brand_of, member_of
from cocrea.core.errors import DomainError
from cocrea.ideas.responses import add_form_error, failed, membership_of, refuse_visitor, saved


def question_url(question: Question) -> str:
    return reverse("community:question", args=[question.brand.slug, question.pk])


@brand_view()
def question_list(request: HttpRequest) -> HttpResponse:
    member = membership_of(request)
    state = request.GET.get("state", "")
    state = state if state in selectors.QUESTION_FILTERS else ""
    questions = selectors.questions_for_list(
        brand_of(request),
        member,
        state=state,
        tag=_tag_param(request),
    )
    context = {
        "page": selectors.page_of(questions, _page_number(request)),
        "state": state,
        "tag": _tag_param(request),
        "query": urlencode({"state": state, "tag": _tag_param(request)}) + "&",
        "tags": Tag.objects.filter(brand=brand_of(request)),
        "can_post": perms.can_post(member, brand_of(request).pk),
        "states": [
            ("", _("All")),
            ("unanswered", _("Unanswered")),
            ("answered", _("Answered")),
            ("resolved", _("With a helpful answer")),
        ],
    }
    return render(request, "community/question_list.html", context)


@brand_view()
def question_new(request: HttpRequest) -> HttpResponse:
    if refused := refuse_visitor(request):
        return refused
    member = member_of(request)
    form = QuestionForm(request.POST or None, brand_id=member.brand_id)
    if request.method == "POST" and form.is_valid():
        try:
            question = qa_services.question_ask(
                member=member,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tags=list(form.cleaned_data.get("tags") or []),
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            return saved(request, _("Your question is published."), question_url(question))
    return render(request, "community/question_form.html", {"form": form})


@brand_view()
def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    member = membership_of(request)
    question = selectors.question_for_page(brand_of(request), question_id, member)
    context = {
        "question": question,
        "answers": question.answer_list,  # type: ignore[attr-defined]
        "answer_form": AnswerForm(),
        "can_answer": perms.can_answer(question, member),
        "can_mark": perms.can_mark_helpful(question, member),
        "can_moderate": perms.can_moderate(member, question.brand_id),
        "follows_author": selectors.follow_state(member, followed=question.author),
    }
    return render(request, "community/question_detail.html", context)


@brand_view()
@require_POST
def answer_post(request: HttpRequest, question_id: int) -> HttpResponse:
    questions = Question.objects.filter(brand=brand_of(request)).select_related("brand")
    question = get_object_or_404(questions, pk=question_id)
    if refused := refuse_visitor(request):
        return refused
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return failed(request, DomainError(_("Write an answer.")), question_url(question))
    try:
        answer = qa_services.answer_post(
            member=member_of(request),
            question=question,
            body=form.cleaned_data["body"],
        )
    except DomainError as error:
        return failed(request, error, question_url(question))
    return saved(
        request, _("Thank you for helping!"), f"{question_url(question)}#answer-{answer.pk}"
    )


def _answer(request: HttpRequest, answer_id: int) -> Answer:
    return selectors.answer_in_brand(brand_of(request), answer_id)


@brand_view()
@require_POST
def answer_helpful(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = _answer(request, answer_id)
    back = f"{question_url(answer.question)}#answer-{answer.pk}"
    if refused := refuse_visitor(request):
        return refused
    try:
        qa_services.answer_mark_helpful(actor=member_of(request), answer=answer)
    except DomainError as error:
        return failed(request, error, back)
    return saved(request, _("This answer is marked helpful."), back)


@brand_view()
@require_POST
def answer_upvote(request: HttpRequest, answer_id: int, up: bool = True) -> HttpResponse:
    answer = _answer(request, answer_id)
    back = f"{question_url(answer.question)}#answer-{answer.pk}"
    if refused := refuse_visitor(request):
        return refused
    member = member_of(request)
    try:
        if up:
            qa_services.answer_upvote(member=member, answer=answer)
        else:
            qa_services.answer_unupvote(member=member, answer=answer)
    except DomainError as error:
        return failed(request, error, back)
    return saved(request, _("Thank you."), back)
