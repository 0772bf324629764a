"""Settings for Regio, read from environment variables (see README, "Instellingen").

Defaults run the product on one machine without servers: SQLite in var/, Celery in-process.
DATABASE_URL switches to PostgreSQL, REDIS_URL to a real Celery broker and a shared cache.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REGIO_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", default=False)
# A demo server (DEBUG off, e.g. a shared test install) must say so before the demo loader and `demo_code` run: the
# demo's staff account and mandate holders have a password and authenticator key printed in the public README.
REGIO_DEMOSERVER = env_bool("REGIO_DEMOSERVER", default=False)

_secret_key = env_str("SECRET_KEY")
if not _secret_key:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    _secret_key = "django-insecure-only-for-make-run-with-debug-on"  # noqa: S105 - never used with DEBUG off
SECRET_KEY: str = _secret_key
# Earlier keys, still accepted while changing SECRET_KEY (sessions, password-reset links, and the two-factor secrets
# when REGIO_TWEESTAPS_SLEUTELS is unset).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "simple_history",
    "django_htmx",
    "regio",
    "regiobeeld",
    "regioplan",
    "contracten",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "regio.middleware.InhoudsbeleidMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "regio.verzoekcache.VerzoekcacheMiddleware",
    "regio.middleware.TaalMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Line endings and invisible direction characters of posted text, before anything reads the form.
    "regio.middleware.InvoerMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "regio.middleware.InactiviteitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Koepel staff and mandate holders must have two-factor authentication before anything else (regio/tweestaps.py).
    "regio.tweestaps.TweestapsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL names PostgreSQL.
_database_url = env_url("DATABASE_URL", schemes={"postgres", "postgresql", "sqlite"})
if _database_url:
    # A kept connection is checked before a request uses it: after a PostgreSQL restart the first request of
    # each worker gets a new connection instead of a 500.
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "regio.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the Celery broker and the shared cache (rate limits must be shared by all web workers).
REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss"})
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "regio",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits for every task, set here and nowhere else.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that queues a task must not hang when Redis is down: fail fast, the caller decides.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE = {
    "werker-hartslag": {"task": "regio.tasks.werker_hartslag_registreren", "schedule": 60.0},
    "toegang-bijwerken": {"task": "regio.tasks.toegang_alle_regios_bijwerken", "schedule": 3600.0},
    "imports-doorsturen": {"task": "regiobeeld.wachtende_imports_versturen", "schedule": 60.0},
    "meldingen-doorsturen": {"task": "regioplan.wachtende_meldingen_versturen", "schedule": 120.0},
    "reacties-doorsturen": {"task": "regio.tasks.wachtende_reacties_versturen", "schedule": 120.0},
    # Every ten seconds: a PDF whose worker died is sent again within half a minute (regio/pdfwerk.py).
    "pdfs-doorsturen": {"task": "regio.tasks.wachtende_pdfs_versturen", "schedule": 10.0},
    "contractmeldingen-doorsturen": {"task": "contracten.wachtende_meldingen_versturen", "schedule": 120.0},
    "addendummeldingen-doorsturen": {"task": "contracten.wachtende_addendummeldingen_versturen", "schedule": 120.0},
    "regiobeeldmeldingen-doorsturen": {"task": "regiobeeld.wachtende_meldingen_versturen", "schedule": 120.0},
    "herinneringen-versturen": {"task": "contracten.herinneringen_versturen", "schedule": 3600.0},
    # Daily: both parties' editors hear REGIO_LOOPTIJD_HERINNERING_MAANDEN ahead that a contract's term ends; once
    # per contract (contracten/looptijd.py).
    "looptijdherinneringen-versturen": {
        "task": "contracten.looptijdherinneringen_versturen",
        "schedule": crontab(hour=7, minute=30),
    },
    # Invitations whose e-mail did not go out (broker down) are queued again (regio/uitnodigingen.py).
    "uitnodigingen-doorsturen": {"task": "regio.tasks.wachtende_uitnodigingen_versturen", "schedule": 120.0},
    # Daily, in the morning: holder and managers hear a month ahead that a mandate ends; told once per mandate
    # (regio/mandaateinde.py), so a second run the same day, or a missed day caught up, sends nothing twice.
    "mandaateinden-melden": {"task": "regio.tasks.mandaateinden_melden", "schedule": crontab(hour=7, minute=15)},
    "importbestanden-opruimen": {"task": "regiobeeld.importbestanden_opruimen", "schedule": 24 * 3600.0},
    "berichten-doorsturen": {"task": "regio.wachtende_berichten_versturen", "schedule": 120.0},
    # The daily digest of the messages people chose not to get at once (regio/berichten.py), before the workday.
    "dagoverzichten-versturen": {"task": "regio.dagoverzichten_versturen", "schedule": crontab(hour=7, minute=0)},
}
# Uploaded files of stored imports are removed this many days after storing (regiobeeld.services); those of
# refused, failed and cancelled imports at once.
REGIO_IMPORTBESTANDEN_BEWAREN_DAGEN = env_int("REGIO_IMPORTBESTANDEN_BEWAREN_DAGEN", 30, minimum=0)
# How many months before the last contract year ends both parties are reminded that the term ends.
REGIO_LOOPTIJD_HERINNERING_MAANDEN = env_int("REGIO_LOOPTIJD_HERINNERING_MAANDEN", 6, minimum=1)

# Authentication: django-allauth, e-mail and password; accounts are made by koepel staff, not by sign-up.
AUTH_USER_MODEL = "regio.Gebruiker"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "regio:mijn_regios"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "regio.auth_adapter.RegioAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# No "unknown account" mail: it would invite people to a sign-up that does not exist here.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth's rate limits, all spelled out (so an allauth upgrade cannot loosen them unnoticed); shared cache, all
# workers; without the cache they count nothing and let sign-in through (regio/inloglimieten.py).
# Wrong passwords count per address only: after five for one address, sign-in with that address waits at most 15
# minutes (also with the right password). There is no limit on wrong passwords per IP address: it would lock out
# everyone behind one practice's or insurer's NAT, also those who type their password correctly. What a network
# (IP address) can do is at most 30 sign-in attempts a minute, right or wrong ("login"). The second step (a code
# from the authenticator app, or a recovery code) counts under "login_failed" too, per person: five wrong codes and
# it waits at most 15 minutes. A password-reset mail goes to one address at most five times an hour (no mail
# bombing). Every refusal says the limit and how long at most to wait (regio/auth_adapter.py, regio/inloglimieten.py).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/15m/key",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Number of reverse proxies in front of gunicorn whose X-Forwarded-For may be trusted for rate limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Regio] "
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery codes. Who must use it, and
# refusing to switch it off for them, is regio/tweestaps.py; allauth asks the code at sign-in of anyone who has one.
MFA_ADAPTER = "regio.tweestaps.RegioMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Regio"
# One period either side: a phone whose clock is a little off still works (RFC 6238 advises this); a used code
# cannot be used again.
MFA_TOTP_TOLERANCE = 1
# Recovery codes are shown once, right after activation; whoever lost them makes a new set.
MFA_RECOVERY_CODES_SHOW_ONCE = True
# Accounts are made by the koepel for known addresses and e-mail is not verified here
# (ACCOUNT_EMAIL_VERIFICATION "none"): an unverified address row must not block a required second factor.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Keys that encrypt the authenticator-app secrets in the database (regio/geheimen.py), comma-separated: the first
# encrypts, all decrypt (rotation: put a new key first, run `manage.py tweestaps_herversleutelen`, then drop the old
# one). Unset: a key derived from SECRET_KEY (and SECRET_KEY_FALLBACKS) is used; production should set its own.
REGIO_TWEESTAPS_SLEUTELS = env_list("REGIO_TWEESTAPS_SLEUTELS", [])
if any(len(sleutel) < 32 for sleutel in REGIO_TWEESTAPS_SLEUTELS):
    raise ImproperlyConfigured("Each key in REGIO_TWEESTAPS_SLEUTELS must be at least 32 characters long.")
# The product's own speed limits (regio/snelheid.py), per person: (how many times, per how many seconds). Generous for
# a person at work, tight for a script: comments, starting an import of figures, asking for a pdf.
REGIO_SNELHEIDSLIMIETEN = {
    "reactie": (env_int("REGIO_LIMIET_REACTIES", 20, minimum=1), 10 * 60),
    "import": (env_int("REGIO_LIMIET_IMPORTS", 10, minimum=1), 10 * 60),
    "pdf": (env_int("REGIO_LIMIET_PDFS", 20, minimum=1), 10 * 60),
    # A manager inviting, or sending invitations again: mail to strangers' addresses, so kept for people, not bulk.
    "uitnodiging": (env_int("REGIO_LIMIET_UITNODIGINGEN", 20, minimum=1), 60 * 60),
    # Opening an invitation link with a password form: per IP address (the person has no account yet).
    "uitnodiging_aannemen": (env_int("REGIO_LIMIET_UITNODIGING_AANNEMEN", 10, minimum=1), 10 * 60),
}
# How long an invitation's link works (regio/uitnodigingen.py); sending it again starts a new term.
REGIO_UITNODIGING_DAGEN = env_int("REGIO_UITNODIGING_DAGEN", 7, minimum=1)
# Regio's users are known by e-mail only; guardian needs no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
# Signed out after this many seconds without a request (regio.middleware.InactiviteitMiddleware).
REGIO_INACTIEF_NA = env_int("REGIO_INACTIEF_NA", 30 * 60, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy in production (docker-compose); off for `make run` on loopback.
_https = env_bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
if _https:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Language and time: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Regio <noreply@regio.invalid>"
# The address people use to reach the product; links in e-mails start with it.
REGIO_BASIS_URL = (env_str("REGIO_BASIS_URL") or "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    # The PDF libraries log every page at INFO: only their warnings matter.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

# Regio: the guide's band for a well-sized region (inhabitants); outside it the product warns.
REGIO_INWONERS_MIN = 50_000
REGIO_INWONERS_MAX = 200_000
# The parts higher apps add to the dashboard ("Mijn regio's"): callables (regio.dashboard.Dashboard) -> HTML.
REGIO_DASHBOARD = [
    "regioplan.dashboard.onderdeel",
    "contracten.dashboard.onderdeel",
    "contracten.deelname.dashboard_onderdeel",
]
# Printable documents: kind -> renderer (regio/pdf.py); the PDF jobs in regio find them here.
REGIO_PDF_DOCUMENTEN = {
    "regioplan": "regioplan.pdf.RegioplanPdf",
    "openbaar_regioplan": "regioplan.pdf.OpenbaarRegioplanPdf",
    "regiobeeld": "regiobeeld.pdf.RegiobeeldPdf",
    "contract": "contracten.pdf.ContractPdf",
}
# Demo steps of the apps above regio, run in order by `manage.py demo_laden` after regio's own.
REGIO_DEMO_STAPPEN = [
    "regiobeeld.demo.demo_laden",
    "regioplan.demo.demo_laden",
    "contracten.demo.demo_laden",  # the contracts' story, chapter by chapter (contracten/demo.py)
]
