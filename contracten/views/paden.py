"""The URL prefixes every contract view module builds on."""

R = "regio/<slug:regio_slug>/contracten/"
C = R + "<int:contract_pk>/"
