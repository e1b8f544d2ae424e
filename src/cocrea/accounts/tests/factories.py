from __future__ import annotations

import factory

from cocrea.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    display_name = factory.Faker("first_name")
    language = "en"  # the language of the message ids tests assert (conftest._english_by_default)
    password = factory.django.Password("correct horse battery staple")
