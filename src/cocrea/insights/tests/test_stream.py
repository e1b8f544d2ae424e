"""The voice stream: other apps feed the engine through ``schedule_voice`` / ``voice_forget``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cocrea.engagement.models import MemberScore, Tier
from cocrea.insights import services
from cocrea.insights.models import Theme, Voice
from cocrea.insights.stream import schedule_voice, schedule_voices, voice_forget

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("warm")]

STORY = "J'aimerais que le café ouvre plus tôt le matin, c'est vraiment dommage."


def _give_tier(member, name: str = "Regular") -> Tier:  # type: ignore[no-untyped-def]
    tier = Tier.objects.create(brand_id=member.brand_id, name=name, threshold=0)
    MemberScore.objects.create(
        member=member, brand_id=member.brand_id, as_of=timezone.now(), tier=tier
    )
    return tier


def _story(capture, brand, bob, campaign=None, text=STORY, **extra):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        schedule_voice(
            brand=brand,
            channel=Voice.Channel.STORY,
            source="community.story",
            external_id=7,
            title="Le matin",
            text=text,
            author=bob,
            campaign=campaign,
            **extra,
        )


def test_a_story_becomes_an_analysed_voice_with_its_tier(
    brand, bob, campaign, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    _give_tier(bob, "Regular")
    when = timezone.now() - timedelta(days=2)
    _story(
        django_capture_on_commit_callbacks,
        brand,
        bob,
        campaign,
        created_at=when,
        url="/b/cafe-lumiere/stories/7/",
    )
    voice = Voice.objects.get(source="community.story", external_id="7")
    assert (voice.brand, voice.channel, voice.author, voice.campaign) == (
        brand,
        "story",
        bob,
        campaign,
    )
    assert voice.member_tier == "Regular" and voice.created_at == when
    assert voice.url == "/b/cafe-lumiere/stories/7/"
    assert voice.analysed_at is not None and voice.language == "fr" and voice.embedding
    assert [n.cue for n in voice.needs.all()] == ["j'aimerais"]


def test_scheduling_again_updates_the_same_voice(brand, bob, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    _story(django_capture_on_commit_callbacks, brand, bob)
    first = Voice.objects.get(source="community.story")
    _story(django_capture_on_commit_callbacks, brand, bob)  # same text: not analysed again
    assert Voice.objects.get(pk=first.pk).analysed_at == first.analysed_at
    _story(django_capture_on_commit_callbacks, brand, bob, text="I love the new terrace, great!")
    voice = Voice.objects.get(source="community.story")
    assert voice.pk == first.pk and voice.language == "en" and voice.sentiment > 0
    assert Voice.objects.filter(source="community.story").count() == 1


def test_nothing_happens_before_the_commit_nor_after_a_rollback(
    brand, bob, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule_voice(
            brand=brand, channel="question", source="community.question", external_id=1, text="?!"
        )
        assert not Voice.objects.exists()
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                schedule_voice(
                    brand=brand,
                    channel="question",
                    source="community.question",
                    external_id=2,
                    text="Where is the shop?",
                )
                raise RuntimeError("the caller fails")
        except RuntimeError:
            pass
    assert not Voice.objects.exists()


def test_forget_removes_the_voice_and_its_theme_count(
    brand, bob, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    _story(django_capture_on_commit_callbacks, brand, bob)
    themes = services.themes_recompute(brand=brand)
    assert Theme.objects.get(pk=themes[0].pk).size == 1
    with django_capture_on_commit_callbacks(execute=True):
        voice_forget(source="community.story", external_id=7)
        voice_forget(source="community.story", external_id=999)  # unknown: nothing
    assert not Voice.objects.exists()
    assert Theme.objects.get(pk=themes[0].pk).size == 0


def test_an_empty_text_forgets_and_other_sources_are_kept_apart(
    brand, bob, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    _story(django_capture_on_commit_callbacks, brand, bob)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_voice(
            brand=brand,
            channel="answer",
            source="community.answer",
            external_id=7,
            text="Open at 7 am.",
            author=bob,
        )
    assert Voice.objects.count() == 2
    _story(django_capture_on_commit_callbacks, brand, bob, text="  ")
    assert list(Voice.objects.values_list("channel", flat=True)) == ["answer"]


def test_an_analysis_failure_never_reaches_the_caller(
    brand, bob, django_capture_on_commit_callbacks, monkeypatch
):  # type: ignore[no-untyped-def]
    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("model missing")

    monkeypatch.setattr(services.analysis, "analyse_many", boom)
    _story(django_capture_on_commit_callbacks, brand, bob)
    voice = Voice.objects.get(source="community.story")
    assert voice.analysed_at is None and voice.analysis_attempts == 1
    monkeypatch.undo()
    assert services.voices_analyse_pending(brand=brand) == (1, 0)


QUESTIONS = [
    "Où se trouve la boutique la plus proche de la gare ?",
    "Is the oat milk available in every shop?",
    "Pourquoi les gobelets ne sont-ils pas recyclables ?",
]


def test_many_voices_are_written_together_and_analysed_as_one_batch(
    brand, bob, django_capture_on_commit_callbacks, monkeypatch
):  # type: ignore[no-untyped-def]
    _give_tier(bob, "Regular")
    batches = []
    analyse_many = services.analysis.analyse_many

    def counted(items):  # type: ignore[no-untyped-def]
        batches.append(len(items))
        return analyse_many(items)

    monkeypatch.setattr(services.analysis, "analyse_many", counted)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        schedule_voices(
            {"brand": brand, "channel": "question", "source": "community.question",
             "external_id": n, "text": text, "author": bob if n == 0 else None}
            for n, text in enumerate(QUESTIONS)
        )  # fmt: skip
    assert len(callbacks) == 1 and batches == [3]
    voices = Voice.objects.filter(source="community.question").order_by("external_id")
    assert [v.text for v in voices] == QUESTIONS
    assert all(v.analysed_at is not None and v.embedding for v in voices)
    assert [v.language for v in voices] == ["fr", "en", "fr"]
    assert [v.member_tier for v in voices] == ["Regular", "", ""]


def test_a_batch_updates_forgets_and_creates_in_the_order_given(
    brand, bob, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    _story(django_capture_on_commit_callbacks, brand, bob)  # voice of story 7
    first = Voice.objects.get(source="community.story")
    story = {"brand": brand, "channel": "story", "source": "community.story"}
    with django_capture_on_commit_callbacks(execute=True):
        schedule_voices(
            [
                {**story, "external_id": 7, "text": "I love the new terrace, great!"},
                {**story, "external_id": 8, "text": QUESTIONS[0]},
                {**story, "external_id": 8, "text": ""},  # then deleted: forgotten
                {**story, "external_id": 9, "text": QUESTIONS[1]},
                {**story, "external_id": 10, "text": QUESTIONS[2]},
            ]
        )
    voices = {v.external_id: v for v in Voice.objects.filter(source="community.story")}
    assert sorted(voices) == ["10", "7", "9"]
    assert voices["7"].pk == first.pk and voices["7"].language == "en"  # updated, analysed again
    assert all(v.analysed_at is not None for v in voices.values())


def test_a_failed_batch_is_counted_on_each_voice_and_retried_later(
    brand, django_capture_on_commit_callbacks, monkeypatch
):  # type: ignore[no-untyped-def]
    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("model missing")

    monkeypatch.setattr(services.analysis, "analyse_many", boom)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_voices(
            {"brand": brand, "channel": "question", "source": "community.question",
             "external_id": n, "text": text}
            for n, text in enumerate(QUESTIONS)
        )  # fmt: skip
    voices = Voice.objects.filter(source="community.question")
    assert [(v.analysed_at, v.analysis_attempts) for v in voices] == [(None, 1)] * 3
    monkeypatch.undo()
    assert services.voices_analyse_once(voice_ids=[v.pk for v in voices]) == 3
    assert services.voices_analyse_once(voice_ids=[v.pk for v in voices]) == 0  # done already


def test_a_batch_with_a_mistake_schedules_nothing(brand, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValueError):
        schedule_voices(
            [
                {
                    "brand": brand,
                    "channel": "question",
                    "source": "q",
                    "external_id": 1,
                    "text": "A",
                },
                {"brand": brand, "channel": "tweet", "source": "q", "external_id": 2, "text": "B"},
            ]
        )
    assert callbacks == [] and not Voice.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"channel": "idea"},
        {"channel": "tweet"},
        {"source": ""},
        {"external_id": "x" * 121},
        {"url": "https://evil.example/"},
        {"url": "//evil.example/"},
    ],
)
def test_a_callers_mistake_is_raised_at_once(brand, change):  # type: ignore[no-untyped-def]
    kwargs = {
        "brand": brand,
        "channel": "story",
        "source": "community.story",
        "external_id": 1,
        "text": "Hello",
        **change,
    }
    with pytest.raises(ValueError):
        schedule_voice(**kwargs)


def test_another_brands_author_or_campaign_is_refused(brand, charlie, other_brand):  # type: ignore[no-untyped-def]
    from cocrea.campaigns.tests.factories import CampaignFactory

    base = {"brand": brand, "channel": "contest_entry", "source": "contests.entry"}
    with pytest.raises(ValueError):
        schedule_voice(**base, external_id=1, text="Hi", author=charlie)
    with pytest.raises(ValueError):
        schedule_voice(
            **base, external_id=1, text="Hi", campaign=CampaignFactory(brand=other_brand)
        )


def test_an_idea_voice_has_its_authors_tier(post_idea, bob, campaign):  # type: ignore[no-untyped-def]
    _give_tier(bob, "Insider")
    idea = post_idea(bob, campaign, "Terrasse", "Une terrasse chauffée en hiver.")
    assert Voice.objects.get(idea=idea).member_tier == "Insider"


def test_the_team_reads_a_story_voice_with_a_link_to_it(
    as_alice, brand, bob, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    _story(django_capture_on_commit_callbacks, brand, bob, url="/b/cafe-lumiere/stories/7/")
    url = reverse("insights_dashboard:voices", args=[brand.slug])
    response = as_alice.get(url, {"channel": "story", "period": "all"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="voice-source-link"' in html
    assert 'href="/b/cafe-lumiere/stories/7/"' in html and "Story" in html
