from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class RegioAccountAdapter(DefaultAccountAdapter):
    """Accounts are made by koepel staff (invitations), so nobody signs up on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
