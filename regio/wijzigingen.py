"""The change record of documents: who changed what in a regioplan, a contract or a regiobeeld, for which party,
at which version, when. One model (`Documentwijziging`) for every document; its page shows it under "Wijzigingen".

Three mechanisms keep the past; each answers its own question:

- **the change record** (this module): *who changed what in this document, for which party, when?* One line in
  the document's own words per change ("Activiteit gewijzigd: ..."), with the document's version (wijzigingsnummer)
  after it. Written by every service that changes a plan, a contract or a regiobeeld; read on the document's page.
- **field history** (django-simple-history, the `history` of the models): *what did this row hold before?* Every
  saved value of a plan part, a regiobeeld part, an activity, an agreement line; it drives the difference view and
  restoring an earlier text, and the admin's history. It has no idea of documents or parties.
- **the logboek** (`regio/audit.py`, `Auditregel`): *who did something that matters for security or trust?*
  Sign-ins, two-factor changes, memberships, rights, mandates, approvals under a mandate, exports. Append-only,
  read by an organisation's managers and koepel staff, across documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from regio.models import Documentwijziging

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.db.models.options import Options

    from regio.models import Gebruiker, Organisatie


class Document(Protocol):
    """What a document needs to have its changes recorded: a region and a version raised on every change."""

    @property
    def pk(self) -> Any: ...

    @property
    def regio_id(self) -> int: ...

    @property
    def versie(self) -> int: ...

    @property
    def _meta(self) -> Options[Any]: ...


def soort_van(document: Document) -> str:
    return document._meta.label_lower


def vastleggen(
    document: Document, *, acting_user: Gebruiker, wat: str, namens: Organisatie | None
) -> Documentwijziging:
    """Record a change at the document's current version. `namens` None means the parties together."""
    return Documentwijziging.objects.create(
        regio_id=document.regio_id,
        document_soort=soort_van(document),
        document_id=document.pk,
        versie=document.versie,
        gebruiker=acting_user,
        namens=namens,
        wat=wat[:300],
    )


def van(document: Document) -> QuerySet[Documentwijziging]:
    """The document's changes, latest first, with who and for which party (one query)."""
    return Documentwijziging.objects.filter(document_soort=soort_van(document), document_id=document.pk).select_related(
        "gebruiker", "namens"
    )
