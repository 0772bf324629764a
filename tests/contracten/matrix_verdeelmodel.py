"""The verdeelmodel's and the contract PDF's URLs in the permission matrix: the two parties' members only.

The PDF's download needs a finished PDF to show the difference between "yours" and "not yours": the URL builders
below leave one (as the worker would) before they give the URL.
"""

from __future__ import annotations

from tests.contracten.matrix_hulp import ANDER, POST, Url, Variant, ct, partijen, partijen_bewerken, via_eigen_regio
from tests.matrix import INLOG, alle
from tests.personas import Wereld
from tests.regioplan.matrix_wereld import klare_pdf

GEEN = alle(404, anoniem=INLOG)


def met_klare_pdf(url: Url, contract: str = "contract") -> Url:
    def bouwen(w: Wereld) -> str:
        c = getattr(w, contract)
        klare_pdf("contract", c.pk, c.regio, w)
        return url(w)

    return bouwen


MATRIX: dict[str, list[Variant]] = {
    "contracten:verdeelmodel": [
        ("eigen", ct("verdeelmodel"), partijen()),
        ("ander contract", ct("verdeelmodel", contract="ander_contract"), ANDER),
        ("ander contract via de eigen regio", via_eigen_regio("verdeelmodel"), GEEN),
    ],
    "contracten:verdeelmodel_bewerken": [
        ("eigen", ct("verdeelmodel_bewerken"), partijen_bewerken()),
        ("eigen, leeg formulier", ct("verdeelmodel_bewerken"), partijen_bewerken(400), POST),
        ("ander contract", ct("verdeelmodel_bewerken", contract="ander_contract"), ANDER),
        ("ander contract via de eigen regio", via_eigen_regio("verdeelmodel_bewerken"), GEEN, POST),
    ],
    "contracten:pdf_maken": [
        # A new PDF replaces the file both parties download: their editors ask for it (issue 21).
        ("eigen", ct("pdf_maken"), partijen_bewerken(), POST),
        ("ander contract via de eigen regio", via_eigen_regio("pdf_maken"), GEEN, POST),
    ],
    "contracten:pdf_status": [
        ("eigen", ct("pdf_status"), partijen()),
        ("ander contract via de eigen regio", via_eigen_regio("pdf_status"), GEEN),
    ],
    "contracten:pdf_downloaden": [
        ("eigen", met_klare_pdf(ct("pdf_downloaden")), partijen()),
        ("ander contract", met_klare_pdf(ct("pdf_downloaden", contract="ander_contract"), "ander_contract"), ANDER),
        (
            "ander contract via de eigen regio",
            met_klare_pdf(via_eigen_regio("pdf_downloaden"), "ander_contract"),
            GEEN,
        ),
    ],
}
