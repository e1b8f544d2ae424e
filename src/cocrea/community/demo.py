"""Demo content of the community: stories, questions with helpful answers, follows.

Everything goes through the services (so engagement events, notifications and voices are real);
creation dates are then spread over the past months. Léa Dubois (the first demo member) is
the community's lead user: early on cold brew, helpful, full of needs.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Tag
from cocrea.campaigns.services import tags_ensure
from cocrea.community import qa_services, services
from cocrea.community.insights import feed_voice
from cocrea.community.models import Answer, Question, Story, StoryComment

# (title, body, figures, topics)
STORIES: list[tuple[str, str, dict[str, object], list[str]]] = [
    (
        "Mon cold brew maison, 18 heures d'infusion",
        "J'ai testé le cold brew avec l'Éthiopie Yirgacheffe : 70 g moulu gros pour un litre "
        "d'eau froide, 18 heures au frigo. Résultat très doux, notes d'agrumes. Il faudrait une "
        "bouteille réutilisable adaptée, je filtre encore avec un torchon !",
        {"dose": 70, "water": 1000, "duration": 1080},
        ["Cold brew", "Fait maison"],
    ),
    (
        "V60 du dimanche matin",
        "15 g de café, 250 ml d'eau à 93 °C, trois versements. Le rituel parfait avant le marché.",
        {"dose": 15, "water": 250, "temperature": 93, "duration": 3.5},
        ["Fait maison"],
    ),
    (
        "Visite du café de la rue Mercière",
        "Accueil adorable, le flat white au lait d'avoine est le meilleur de Lyon. Petit bémol : "
        "pas assez de prises pour travailler.",
        {"place": "Lyon, rue Mercière"},
        ["Boutiques"],
    ),
    (
        "Sunday long run, then a flat white",
        "Ran along the river and finished at the Bordeaux shop. The barista remembered my order!",
        {"distance": 14.2, "duration": 78, "place": "Bordeaux"},
        ["Boutiques"],
    ),
    (
        "Aeropress inversée en camping",
        "Le gobelet isotherme tient chaud pendant toute la randonnée. J'aimerais un moulin manuel "
        "plus léger dans la gamme.",
        {"dose": 17, "water": 220, "distance": 11},
        ["Fait maison"],
    ),
    (
        "Cold brew for the office",
        "I prepare two litres on Sunday for the whole team. I wish the shop sold a cold brew kit.",
        {"dose": 140, "water": 2000, "duration": 960},
        ["Cold brew"],
    ),
    (
        "Atelier latte art à Nantes",
        "Deux heures avec le barista : mon premier cœur réussi ! Les ateliers devraient être plus "
        "fréquents.",
        {"place": "Nantes", "duration": 120},
        ["Boutiques"],
    ),
    (
        "Moka pot like my nonna",
        "Medium-fine grind, never tamp, take it off the heat as soon as it gurgles.",
        {"dose": 20, "water": 200},
        ["Fait maison"],
    ),
    (
        "Espresso tonic de l'été",
        "Un double espresso versé sur du tonic glacé avec un zeste d'orange. "
        "Une tuerie en terrasse.",
        {"temperature": 4},
        ["Cold brew"],
    ),
    (
        "Zero waste week",
        "One week with only my reusable cup. Two shops refused it, "
        "the others gave me 20 cents off.",
        {"place": "Paris"},
        ["Réutilisable"],
    ),
]

# (question, details, answers[(body, helpful)])
QUESTIONS: list[tuple[str, str, list[tuple[str, bool]]]] = [
    (
        "Quelle mouture pour une cafetière italienne ?",
        "Je trouve mon café trop amer.",
        [
            ("Moyenne-fine, plus grosse qu'un espresso, et on ne tasse pas.", True),
            ("Retire-la du feu dès qu'elle chante, sinon ça brûle.", False),
        ],
    ),
    (
        "How long should cold brew steep?",
        "",
        [
            ("12 to 18 hours in the fridge; past 20 hours it turns woody.", True),
            ("I do 24 hours at room temperature, works for me.", False),
        ],
    ),
    (
        "Les gobelets réutilisables passent-ils au lave-vaisselle ?",
        "",
        [("Le corps oui, le couvercle plutôt à la main pour garder le joint.", True)],
    ),
    (
        "Best beans for a milky latte?",
        "I drink oat milk.",
        [
            ("The Brazil Cerrado: chocolatey, it stands up to oat milk.", True),
            ("Try the house blend, less acidic.", False),
        ],
    ),
    (
        "Quelle eau utiliser pour le filtre ?",
        "L'eau de Paris est très calcaire.",
        [("Une eau faiblement minéralisée type Volvic, ou une carafe filtrante.", True)],
    ),
    (
        "Can I bring my own cup to every shop?",
        "",
        [("Yes, and you get 20 cents off since September.", True)],
    ),
    ("Comment détartrer une machine à espresso ?", "", []),
    (
        "Is there a decaf that tastes like coffee?",
        "",
        [("The Colombian Swiss Water decaf is surprisingly good.", False)],
    ),
]

# Each comment is written once, in the order the stories get them.
COMMENTS = [
    "Merci pour l'astuce, je teste ce week-end !",
    "Great tip, thanks! Trying it on Sunday.",
    "Même expérience de mon côté, le gros moulu change tout.",
    "Love this, a photo of the set-up would help.",
    "Je valide, c'est exactement ça.",
    "Tu mets le café avant ou après l'eau ?",
    "Le torchon, c'est osé mais ça marche !",
    "I do the same with a French press, works great.",
    "Quelle eau utilises-tu ? Chez moi elle est très calcaire.",
    "On s'y croirait, merci pour le partage.",
    "C'est mon café préféré aussi, l'équipe est adorable.",
    "Les prises manquent aussi à Nantes, je confirme.",
    "Nice route! Which shop did you stop at?",
    "Le moulin manuel en titane est très léger, je te le conseille.",
    "Two litres for the office, you are a hero.",
    "Bravo pour ton premier cœur, le mien ressemble encore à une patate.",
    "Nonna knows best.",
    "L'espresso tonic, découvert cet été, j'en suis fan.",
    "Which shops refused the cup? That should not happen.",
    "Je note pour les prochaines vacances.",
    "Tu as essayé avec un café d'Éthiopie ? Encore plus fruité.",
    "Un atelier à Lille un jour ?",
    "Great idea for a team ritual.",
    "Merci, je n'osais pas demander au comptoir.",
    "J'ai testé hier, résultat bluffant.",
    "Do you add milk? I find it too strong black.",
    "La photo donne envie, vivement l'été.",
    "Dix-huit heures, c'est long mais ça vaut le coup.",
    "Pareil pour moi, les baristas de Bordeaux sont au top.",
    "On devrait en faire une recette officielle !",
]


PALETTES = [("#3b2418", "#c8a27a"), ("#1f3a5f", "#f3ead8"), ("#9bb59a", "#3b2418")]


def _photo(rng: random.Random) -> SimpleUploadedFile:
    """A drawn photo of a cup on a table (no file shipped, no download)."""
    from PIL import Image, ImageDraw

    back, cup = rng.choice(PALETTES)
    image = Image.new("RGB", (800, 500), back)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 800, 500), fill="#6b4a34")
    draw.ellipse((250, 300, 550, 380), fill="#f3ead8")
    draw.polygon([(300, 180), (500, 180), (480, 340), (320, 340)], fill=cup)
    draw.ellipse((300, 165, 500, 200), fill="#2a170d")
    draw.arc((480, 210, 560, 300), start=-90, end=90, fill=cup, width=14)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _backdate(model: type, pk: int, days: float) -> None:
    model.objects.filter(pk=pk).update(created_at=timezone.now() - timedelta(days=days))  # type: ignore[attr-defined]


def _stories(
    brand: Brand, members: list[Membership], tags: dict[str, Tag], rng: random.Random
) -> int:
    lead = members[0]
    comments = iter(COMMENTS)
    for index, (title, body, figures, topics) in enumerate(STORIES):
        author = lead if index == 0 else rng.choice(members[1:])
        story = services.story_post(
            member=author,
            title=title,
            body=body,
            figures=figures,
            tags=[tags[slugify(name)] for name in topics if slugify(name) in tags],
            photos=[_photo(rng)] if index % 2 == 0 else [],
        )
        for rater in rng.sample(members, k=min(len(members), rng.randint(2, 8))):
            if rater.pk != author.pk:
                services.story_rate(member=rater, story=story, stars=rng.choice([3, 4, 4, 5, 5]))
        for commenter in rng.sample(members, k=min(len(members), rng.randint(0, 3))):
            text = next(comments, None)
            if text is None:
                break
            comment = services.story_comment(member=commenter, story=story, body=text)
            _backdate(StoryComment, comment.pk, rng.uniform(0.2, 4))
        # Léa's cold brew story came months before the others: she was ahead of the trend.
        _backdate(Story, story.pk, 150 if index == 0 else rng.uniform(5, 60))
        feed_voice("story", story.pk)
    return len(STORIES)


def _questions(members: list[Membership], rng: random.Random) -> int:
    lead = members[0]
    for title, body, answers in QUESTIONS:
        asker = rng.choice(members[1:])
        question = qa_services.question_ask(member=asker, title=title, body=body)
        for index, (text, helpful) in enumerate(answers):
            author = lead if helpful and rng.random() < 0.5 else rng.choice(members[1:])
            if author.pk == asker.pk:
                author = members[-1] if asker.pk != members[-1].pk else members[1]
            answer = qa_services.answer_post(member=author, question=question, body=text)
            for voter in rng.sample(members, k=min(len(members), rng.randint(0, 4))):
                if voter.pk != author.pk:
                    qa_services.answer_upvote(member=voter, answer=answer)
            if helpful:
                qa_services.answer_mark_helpful(actor=asker, answer=answer)
            _backdate(Answer, answer.pk, rng.uniform(1, 10) - index * 0.1)
        _backdate(Question, question.pk, rng.uniform(10, 90))
        feed_voice("question", question.pk)
    return len(QUESTIONS)


def seed_community(
    *, brand: Brand, members: list[Membership], rng: random.Random
) -> dict[str, int]:
    """Stories, questions and follows among ``members`` (the first one is the lead user)."""
    if len(members) < 3:
        return {}
    names = ["Cold brew", "Fait maison", "Boutiques", "Réutilisable"]
    tags = {slugify(tag.slug): tag for tag in tags_ensure(brand=brand, names=names)}
    counts = {"stories": _stories(brand, members, tags, rng), "questions": _questions(members, rng)}
    for follower in members[1:12]:
        services.follow_member(member=follower, followed=members[0])
        services.follow_topic(member=follower, tag=rng.choice(list(tags.values())))
    for followed in members[1:4]:
        services.follow_member(member=members[0], followed=followed)
    services.follow_topic(member=members[0], tag=tags["cold-brew"])
    return counts
