"""factory-boy factories. Objects that carry permissions are made through the services."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from regio.models import Gebruiker, Gemeente, Organisatie, OrganisatieSoort, Regio

WACHTWOORD = "een-lang-test-wachtwoord"


def soort(code: str) -> OrganisatieSoort:
    """The kind of party with `code`. Transactional tests flush the migration's rows, so make it if gone."""
    return OrganisatieSoort.objects.get_or_create(code=code, defaults={"naam": code})[0]


class GemeenteFactory(DjangoModelFactory[Gemeente]):
    class Meta:
        model = Gemeente
        django_get_or_create = ("code",)

    # GM9000-GM9999: not a real CBS code, and never longer than the six characters a code has.
    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    naam = factory.Sequence(lambda n: f"Testgemeente {n}")
    provincie = "Limburg"
    inwoners = 40_000
    inwoners_peildatum = dt.date(2024, 1, 1)


class RegioFactory(DjangoModelFactory[Regio]):
    class Meta:
        model = Regio

    naam = factory.Sequence(lambda n: f"Testregio {n}")
    slug = factory.Sequence(lambda n: f"testregio-{n}")


class OrganisatieFactory(DjangoModelFactory[Organisatie]):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = factory.LazyFunction(lambda: soort("huisartsenorganisatie"))


class GebruikerFactory(DjangoModelFactory[Gebruiker]):
    class Meta:
        model = Gebruiker
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.test")
    naam = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", WACHTWOORD)

    @factory.post_generation
    def opslaan(obj: Gebruiker, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()
