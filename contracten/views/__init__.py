"""Views of contracts, one module per part: the contract and its lines, practices' opt-in, monitoring,
the funding split model and the PDF. Each module declares its `urlpatterns`; contracten/urls.py joins them."""
