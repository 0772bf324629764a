"""The secrets of two-factor authentication, encrypted at rest.

allauth stores the authenticator app's key (TOTP secret) and the seed of the recovery codes in
`mfa_authenticator.data`, through the MFA adapter's `encrypt()`/`decrypt()` (regio.tweestaps.RegioMFAAdapter calls
this module). Whoever reads the database (a backup, a copy for support, an SQL injection) then holds tokens, not the
keys from which every future code follows.

Fernet (AES-128-CBC with HMAC-SHA256): a token is authenticated, so a wrong key or a changed value is refused,
never read as a different secret. The keys come from the setting REGIO_TWEESTAPS_SLEUTELS (environment variable of
the same name, comma-separated): the first encrypts, all of them decrypt, so a new key can be put in front and the
old one removed after `manage.py tweestaps_herversleutelen` has re-encrypted every secret with the new one.

Without that setting the key is derived from SECRET_KEY (and SECRET_KEY_FALLBACKS decrypt). That keeps a
single-machine install working with no extra configuration, but it ties the secrets to SECRET_KEY: changing
SECRET_KEY without keeping the old one in SECRET_KEY_FALLBACKS (until after re-encrypting) makes every authenticator
app unreadable, and whoever holds SECRET_KEY and the database holds the secrets. Production should set
REGIO_TWEESTAPS_SLEUTELS (kept apart from the database and its backups).

No model imports here: migration regio 0006 uses this module with its historical models.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Every Fernet token starts with its version byte 0x80, base64: "gA". A TOTP secret is base32 (A-Z, 2-7) and the
# recovery-code seed is hex, so neither can start with a lowercase g: plaintext and tokens never look alike.
_FERNET_VOORVOEGSEL = "gA"

# Where allauth keeps secrets inside Authenticator.data: the TOTP key, the recovery-code seed, and (only for codes
# migrated from another system) a list of codes.
_VELDEN = ("secret", "seed")
_LIJSTVELD = "migrated_codes"


class OnleesbaarGeheim(ValueError):
    """A stored two-factor secret that none of the configured keys opens: a wrong or missing key, a changed value,
    or plaintext that migration regio 0006 did not encrypt. Refused, so that nobody signs in with a wrong secret."""


def _fernet_sleutel(materiaal: str, doel: bytes) -> bytes:
    # HKDF, not the raw string: any string of enough entropy makes a valid 32-byte Fernet key, and a key derived
    # from SECRET_KEY for this purpose is independent of every other use of SECRET_KEY (`doel`).
    afgeleid = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=doel).derive(materiaal.encode())
    return base64.urlsafe_b64encode(afgeleid)


def _sleutels() -> list[bytes]:
    """The current key first. Keys derived from SECRET_KEY (and its fallbacks) always come last, to decrypt only when
    REGIO_TWEESTAPS_SLEUTELS is set: so moving from the derived key to a key of one's own is setting the variable
    and running `manage.py tweestaps_herversleutelen`."""
    eigen = [_fernet_sleutel(s, b"regio tweestaps") for s in getattr(settings, "REGIO_TWEESTAPS_SLEUTELS", [])]
    geheimen = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return eigen + [_fernet_sleutel(s, b"regio tweestaps via SECRET_KEY") for s in geheimen]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(s) for s in _sleutels()])


def versleutelen(tekst: str) -> str:
    return _fernet().encrypt(tekst.encode()).decode("ascii")


def ontsleutelen(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, UnicodeError, AttributeError) as fout:
        soort = "an encrypted value for another key" if str(token).startswith(_FERNET_VOORVOEGSEL) else "not encrypted"
        raise OnleesbaarGeheim(
            f"A two-factor secret cannot be decrypted ({soort}). Check REGIO_TWEESTAPS_SLEUTELS (or SECRET_KEY and "
            "SECRET_KEY_FALLBACKS when it is unset), and that migration regio 0006 has run."
        ) from fout


def _nieuw_token(waarde: str) -> str:
    """`waarde` (plaintext, or a token of any configured key) as a token of the current key. A token no configured
    key opens is refused (OnleesbaarGeheim), never encrypted a second time."""
    if not waarde.startswith(_FERNET_VOORVOEGSEL):
        return versleutelen(waarde)
    try:
        Fernet(_sleutels()[0]).decrypt(waarde.encode())
    except InvalidToken:
        return versleutelen(ontsleutelen(waarde))
    return waarde


def data_versleutelen(data: dict[str, Any]) -> dict[str, Any]:
    """Authenticator.data with every secret encrypted with the current key (plaintext encrypted, tokens of an older
    key re-encrypted). Safe to run twice."""
    nieuw = dict(data)
    for veld in _VELDEN:
        if isinstance(nieuw.get(veld), str):
            nieuw[veld] = _nieuw_token(nieuw[veld])
    if isinstance(nieuw.get(_LIJSTVELD), list):
        nieuw[_LIJSTVELD] = [_nieuw_token(c) for c in nieuw[_LIJSTVELD]]
    return nieuw


def data_ontsleutelen(data: dict[str, Any]) -> dict[str, Any]:
    """Authenticator.data as allauth stores it without encryption (the reverse of migration 0006)."""
    nieuw = dict(data)
    for veld in _VELDEN:
        if isinstance(nieuw.get(veld), str) and nieuw[veld].startswith(_FERNET_VOORVOEGSEL):
            nieuw[veld] = ontsleutelen(nieuw[veld])
    if isinstance(nieuw.get(_LIJSTVELD), list):
        nieuw[_LIJSTVELD] = [ontsleutelen(c) if c.startswith(_FERNET_VOORVOEGSEL) else c for c in nieuw[_LIJSTVELD]]
    return nieuw


def _alles_omzetten(authenticator_model: Any, omzetten: Callable[[Any], Any]) -> int:
    veranderd = 0
    for rij in authenticator_model.objects.only("pk", "data").iterator():
        nieuw = omzetten(rij.data)
        if nieuw != rij.data:
            authenticator_model.objects.filter(pk=rij.pk).update(data=nieuw)
            veranderd += 1
    return veranderd


def alles_versleutelen(authenticator_model: Any) -> int:
    """Encrypt (or re-encrypt with the current key) the secrets of every authenticator; how many rows changed.
    `authenticator_model`: allauth's Authenticator, or its historical model in a migration."""
    return _alles_omzetten(authenticator_model, data_versleutelen)


def alles_ontsleutelen(authenticator_model: Any) -> int:
    return _alles_omzetten(authenticator_model, data_ontsleutelen)
