"""Voices are made and analysed as contributions arrive; themes; emerging themes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.comment_services import comment_edit, comment_post
from cocrea.ideas.models import Idea
from cocrea.ideas.services import idea_edit
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.insights import analysis, services
from cocrea.insights.models import AnalysisRun, Need, Theme, Voice

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("warm")]

CUP = ("Gobelets consignés", "Il faudrait des gobelets consignés pour réduire les déchets.")


def test_a_submitted_idea_becomes_an_analysed_voice(post_idea, bob, campaign):  # type: ignore[no-untyped-def]
    idea = post_idea(bob, campaign, *CUP)
    voice = Voice.objects.get(idea=idea)
    assert voice.channel == Voice.Channel.IDEA
    assert (voice.brand, voice.campaign, voice.author) == (campaign.brand, campaign, bob)
    assert voice.text.startswith("Gobelets consignés") and "déchets" in voice.text
    assert voice.language == "fr" and voice.analysed_at is not None
    assert voice.embedding and "gobelet" in voice.lemmas
    assert [n.cue for n in voice.needs.all()] == ["il faudrait"]


def test_nothing_is_analysed_before_the_commit(bob, campaign, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from cocrea.ideas.services import idea_submit

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        idea_submit(member=bob, campaign=campaign, title=CUP[0], body=CUP[1])
        assert not Voice.objects.exists()
    assert len(callbacks) == 1


def test_ingesting_twice_changes_nothing(post_idea, bob, campaign):  # type: ignore[no-untyped-def]
    idea = post_idea(bob, campaign, *CUP)
    first = Voice.objects.get(idea=idea)
    again = services.ingest_contribution(kind="idea", pk=idea.pk)
    assert again is not None and again.pk == first.pk
    assert Voice.objects.filter(idea=idea).count() == 1
    assert Need.objects.filter(voice=first).count() == 1
    assert Voice.objects.get(pk=first.pk).analysed_at == first.analysed_at  # not re-analysed


def test_an_edited_idea_is_analysed_again(
    post_idea, bob, campaign, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    idea = post_idea(bob, campaign, *CUP)
    with django_capture_on_commit_callbacks(execute=True):
        idea_edit(member=bob, idea=idea, title="Wi-Fi gratuit", body="I wish the wifi was free.")
    voice = Voice.objects.get(idea=idea)
    assert voice.language == "en" and "wi-fi" in voice.text.lower()
    assert [n.cue for n in voice.needs.all()] == ["i wish"]


def test_a_failing_analysis_keeps_the_idea_and_is_retried(post_idea, bob, campaign, monkeypatch):  # type: ignore[no-untyped-def]
    def broken(items):  # type: ignore[no-untyped-def]
        raise RuntimeError("model exploded")

    monkeypatch.setattr(analysis, "analyse_many", broken)
    idea = post_idea(bob, campaign, *CUP)
    assert Idea.objects.filter(pk=idea.pk).exists()
    voice = Voice.objects.get(idea=idea)
    assert voice.analysed_at is None and voice.analysis_attempts == 1
    monkeypatch.undo()
    assert services.voices_analyse_pending() == (1, 0)
    assert Voice.objects.get(pk=voice.pk).analysed_at is not None


def test_a_voice_that_keeps_failing_is_left_after_a_few_attempts(
    post_idea, bob, campaign, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(analysis, "analyse_many", lambda items: 1 / 0)
    post_idea(bob, campaign, *CUP)
    for _ in range(services.MAX_ATTEMPTS + 2):
        services.voices_analyse_pending()
    voice = Voice.objects.get()
    assert voice.analysed_at is None and voice.analysis_attempts == services.MAX_ATTEMPTS


def test_members_comments_are_voices_and_official_answers_are_not(  # type: ignore[no-untyped-def]
    bob, mona, campaign, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(campaign=campaign, author=bob)
    with django_capture_on_commit_callbacks(execute=True):
        mine = comment_post(member=bob, idea=idea, body="Super idée, j'adore !")
        comment_post(member=mona, idea=idea, body="Merci, nous étudions cette idée.")
    voice = Voice.objects.get()
    assert voice.comment == mine and voice.channel == Voice.Channel.COMMENT
    assert voice.campaign == campaign and voice.sentiment is not None and voice.sentiment > 0
    with django_capture_on_commit_callbacks(execute=True):
        comment_edit(member=bob, comment=mine, body="Finalement c'est une mauvaise idée, nulle.")
    voice.refresh_from_db()
    assert voice.sentiment is not None and voice.sentiment < 0


def _voices(brand, texts, *, days_ago=0):  # type: ignore[no-untyped-def]
    moment = timezone.now() - timedelta(days=days_ago)
    voices = [
        Voice.objects.create(
            brand=brand,
            channel=Voice.Channel.IMPORT,
            source="test",
            external_id=f"{days_ago}-{i}",
            text=text,
            created_at=moment,
        )
        for i, text in enumerate(texts)
    ]
    services.voices_analyse(voices=voices)
    return voices


BIKES = [
    "Plus de pistes cyclables sécurisées en ville",
    "Une piste cyclable le long du canal",
    "Réparer les pistes cyclables abîmées",
    "Des parkings à vélos devant la gare",
]
TREES = [
    "Planter des arbres dans la cour de l'école",
    "Des arbres fruitiers dans le parc",
    "Planter des arbres le long de l'avenue",
    "Végétaliser la place avec des arbres",
]


def test_themes_gather_voices_with_labels_sizes_and_progress(brand, other_brand):  # type: ignore[no-untyped-def]
    _voices(brand, BIKES + TREES)
    _voices(other_brand, ["Des croissants plus chauds le matin", "Un café plus fort"])
    run = AnalysisRun.objects.create(brand=brand)
    services.themes_recompute(brand=brand, run=run)
    run.refresh_from_db()
    assert (run.state, run.done, run.total) == (AnalysisRun.State.DONE, 8, 8)
    themes = list(Theme.objects.filter(brand=brand))
    assert sum(t.size for t in themes) == 8 and all(t.label and t.keyphrases for t in themes)
    # Found among lemmas ("arbre"), shown as the voices write them.
    phrases = " ".join(p for t in themes for p in t.keyphrases).split()
    assert "arbres" in phrases and "arbre" not in phrases
    assert not Voice.objects.filter(brand=other_brand, theme__isnull=False).exists()
    by_theme: dict[int, set[str]] = {}
    for voice in Voice.objects.filter(brand=brand):
        by_theme.setdefault(voice.theme_id, set()).add(voice.text)
    bike_themes = {v.theme_id for v in Voice.objects.filter(brand=brand, text__in=BIKES)}
    tree_themes = {v.theme_id for v in Voice.objects.filter(brand=brand, text__in=TREES)}
    assert not bike_themes & tree_themes


def test_recomputing_replaces_the_themes_and_a_new_voice_joins_the_nearest(brand):  # type: ignore[no-untyped-def]
    _voices(brand, BIKES + TREES)
    services.themes_recompute(brand=brand)
    first_ids = set(Theme.objects.values_list("id", flat=True))
    services.themes_recompute(brand=brand)
    assert not first_ids & set(Theme.objects.values_list("id", flat=True))
    assert not Voice.objects.filter(brand=brand, theme__isnull=True).exists()
    [new] = _voices(brand, ["Encore plus de pistes cyclables pour les vélos"], days_ago=1)
    new.refresh_from_db()
    bike_theme = Voice.objects.get(text=BIKES[0]).theme
    assert new.theme == bike_theme and new.theme_similarity
    assert Theme.objects.get(pk=bike_theme.pk).size == sum(
        1 for v in Voice.objects.filter(theme=bike_theme)
    )


def test_emerging_themes_are_those_whose_share_grows(brand):  # type: ignore[no-untyped-def]
    _voices(brand, TREES + BIKES[:1], days_ago=40)
    _voices(brand, TREES[:1] + BIKES, days_ago=3)
    services.themes_recompute(brand=brand)
    [top, *_rest] = services.emerging_themes(brand=brand, window_days=30)
    bike_theme = Voice.objects.filter(text=BIKES[1]).first().theme
    assert top.theme == bike_theme and top.growth > 0 and top.current >= 2


def test_the_recompute_task_records_a_failure_on_the_run(brand, monkeypatch):  # type: ignore[no-untyped-def]
    from cocrea.insights.tasks import recompute_themes

    _voices(brand, BIKES)
    monkeypatch.setattr(services.clustering, "cluster", lambda matrix, lemmas: 1 / 0)
    run = AnalysisRun.objects.create(brand=brand)
    recompute_themes.delay(run.pk)
    run.refresh_from_db()
    assert run.state == AnalysisRun.State.FAILED and "division" in run.error


def test_a_theme_recomputation_started_from_the_service_runs_after_commit(
    brand, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    _voices(brand, BIKES + TREES)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.analysis_run_start(brand=brand)
    run.refresh_from_db()
    assert run.state == AnalysisRun.State.DONE and Theme.objects.filter(brand=brand).exists()


def test_the_schedule_queues_one_run_per_brand_with_voices(brand, other_brand):  # type: ignore[no-untyped-def]
    from cocrea.insights.tasks import recompute_all_themes

    _voices(brand, BIKES)
    assert recompute_all_themes() == 1
    assert AnalysisRun.objects.get().state == AnalysisRun.State.DONE
    assert not AnalysisRun.objects.filter(brand=other_brand).exists()


def test_hidden_and_withdrawn_contributions_are_not_visible_voices(post_idea, bob, campaign):  # type: ignore[no-untyped-def]
    shown = post_idea(bob, campaign, *CUP)
    hidden = post_idea(bob, campaign, "Caché", "Une idée cachée par la modération.")
    withdrawn = post_idea(bob, campaign, "Retirée", "Une idée retirée par son auteur.")
    Idea.objects.filter(pk=hidden.pk).update(is_hidden=True)
    Idea.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    assert list(Voice.objects.visible().values_list("idea", flat=True)) == [shown.pk]


def test_another_campaign_of_another_brand_keeps_its_voices(post_idea, bob, charlie, campaign):  # type: ignore[no-untyped-def]
    theirs = CampaignFactory(brand=charlie.brand)
    post_idea(bob, campaign, *CUP)
    post_idea(charlie, theirs, "Gobelets consignés", "Des gobelets consignés partout.")
    assert Voice.objects.filter(brand=campaign.brand).count() == 1
    assert Voice.objects.filter(brand=charlie.brand).count() == 1


def test_the_commands_analyse_pending_voices_and_recompute_themes(brand):  # type: ignore[no-untyped-def]
    import io

    from django.core.management import CommandError, call_command

    for i, text in enumerate(BIKES + TREES):
        Voice.objects.create(
            brand=brand,
            channel=Voice.Channel.IMPORT,
            source="t",
            external_id=str(i),
            text=text,
            created_at=timezone.now(),
        )
    out = io.StringIO()
    call_command("analyse_pending", "--brand", brand.slug, stdout=out)
    assert "8 voices analysed, 0 failed" in out.getvalue()
    call_command("recompute_themes", "--brand", brand.slug, stdout=out)
    assert "themes from 8 voices" in out.getvalue()
    assert Theme.objects.filter(brand=brand).count() >= 2
    with pytest.raises(CommandError):
        call_command("recompute_themes", "--brand", "nope", stdout=out)
