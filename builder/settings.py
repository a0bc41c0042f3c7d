"""Settings, driven by environment variables (a `.env` file is read when present).

DJANGO_ENV says where the service runs: `development` (the default, for `make run` and
`make test`) generates missing secrets into the local data folder and serves plain HTTP;
`production` refuses to start without its secrets and turns on HTTPS-only cookies, HSTS and the
SSL redirect, so that `manage.py check --deploy` passes.
"""

import secrets
import tempfile
from pathlib import Path

import environ

from eventstore.embedded import data_dir, ensure_running

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ("development", "production"):
    raise RuntimeError("DJANGO_ENV must be 'development' or 'production'.")
DEVELOPMENT = DJANGO_ENV == "development"
DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG and not DEVELOPMENT:
    raise RuntimeError("DJANGO_DEBUG is for development only; unset it in production.")


def _development_secret(name: str) -> str:
    """A secret generated once into the data folder, for development only."""
    path = DATA_DIR / name
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if "DJANGO_SECRET_KEY" in env:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
elif DEVELOPMENT:
    SECRET_KEY = _development_secret("secret_key")
else:
    raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production.")


def _development_master_key() -> str:
    """A master key generated once into the data folder, for development only."""
    from eventstore.keyvault import generate_master_key

    path = DATA_DIR / "master_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_master_key())
        path.chmod(0o600)
    return path.read_text().strip()


# The master key wraps every data subject's key (eventstore/keyvault.py): losing it loses all
# personal data in events, so production must bring its own, kept apart from database backups.
if "EVENTSTORE_MASTER_KEY" in env:
    EVENTSTORE_MASTER_KEY = env.str("EVENTSTORE_MASTER_KEY")
elif DEVELOPMENT:
    EVENTSTORE_MASTER_KEY = _development_master_key()
else:
    raise RuntimeError(
        "EVENTSTORE_MASTER_KEY must be set when DJANGO_ENV=production "
        "(32 random bytes in urlsafe base64: python -m eventstore.keyvault prints one)."
    )
EVENTSTORE_PREVIOUS_MASTER_KEYS = env.list("EVENTSTORE_PREVIOUS_MASTER_KEYS", default=[])
# A malformed key stops start-up here, with a message saying what a key looks like.
from eventstore.keyvault import MasterKeys  # noqa: E402 - needs the key read above

MasterKeys.from_text(EVENTSTORE_MASTER_KEY, EVENTSTORE_PREVIOUS_MASTER_KEYS)

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "testserver"] if DEVELOPMENT else [],
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = True

INSTALLED_APPS = [
    "builder.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prometheus",
    "csp",
    "eventstore",
    "projections",
    "builder",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "builder.api.correlation.CorrelationIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "builder.content_policy.ContentPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Accept-Language picks the language of messages and exercise names; sets Content-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "builder.urls"
WSGI_APPLICATION = "builder.wsgi.application"
ASGI_APPLICATION = "builder.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

if "DATABASE_URL" in env:
    DATABASES = {"default": env.db("DATABASE_URL")}
elif DEVELOPMENT:
    # The embedded PostgreSQL of `make run` and `make test` (pgserver, in the dev extra only).
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", **ensure_running(DATA_DIR)}}
else:
    raise RuntimeError(
        "DATABASE_URL must be set when DJANGO_ENV=production "
        "(postgres://user:password@host:5432/name); "
        "the embedded PostgreSQL is for development only."
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Commands open their own transaction (builder.api.commands): the append, the inline
# projections and the idempotency record commit together, and errors are answered after rollback.
DATABASES["default"]["ATOMIC_REQUESTS"] = False

# Throttle counters (login and registration limits) live in a table of our own database, so every
# process counts against one limit and a restart forgets nothing (builder migration 0004 creates
# the table, as `manage.py createcachetable` would).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "builder_cache",
        # Far above the entries the limits keep, so that culling (a third of the table once it is
        # full) does not drop live counters short of a flood of that many addresses and accounts.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "builder.User"
# Passwords and Django's own permissions, then what staff may do in the admin site by role.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "builder.role_permissions.RolePermissionsBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The languages the API speaks (its messages and exercise names); English is the fallback.
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
# Compiled catalogues are committed, so no gettext tool is needed at run time.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected files are for production; development serves them from the apps (no folder needed).
STATIC_ROOT = (
    Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
    if not DEVELOPMENT or "DJANGO_STATIC_ROOT" in env
    else None
)
# Production serves the collected, hashed files; development serves them from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEVELOPMENT

# The request body limit: larger bodies are refused with 413 before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("BUILDER_MAX_BODY_BYTES", default=1_048_576)

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate challenge makes anonymous calls 401 rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["builder.api.json_codec.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["builder.api.json_codec.JSONParser"],
    "EXCEPTION_HANDLER": "builder.api.problems.problem_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        # Password guesses (builder/api/throttles.py): every login attempt per client address; wrong
        # passwords per account from one address, and from all addresses together (slower).
        "login": env.str("BUILDER_LOGIN_RATE", default="10/min"),
        "login_account_address": env.str("BUILDER_LOGIN_ACCOUNT_ADDRESS_RATE", default="5/min"),
        "login_account": env.str("BUILDER_LOGIN_ACCOUNT_RATE", default="50/hour"),
        "register": env.str("BUILDER_REGISTER_RATE", default="10/hour"),
        # Password reset mails per client address, and per address mailed.
        "password_reset": env.str("BUILDER_PASSWORD_RESET_RATE", default="5/hour"),
        "password_reset_email": env.str("BUILDER_PASSWORD_RESET_EMAIL_RATE", default="5/hour"),
    },
    # Proxies in front of the service: the client address is taken this many hops back in
    # X-Forwarded-For (0: the connection's address, so clients cannot choose their own).
    "NUM_PROXIES": env.int("BUILDER_NUM_PROXIES", default=0 if DEVELOPMENT else 1),
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Program builder API",
    "DESCRIPTION": "Build, publish and fork training programs; every edit is an event.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Primary and secondary muscles share one vocabulary: one enum in the schema.
    # One name per choice set, so that fields named alike ("status", "kind") never collide.
    "ENUM_NAME_OVERRIDES": {
        "MuscleEnum": "builder.domain.classification.MUSCLES",
        "ProgramStatusEnum": "builder.domain.fields.STATUSES",
        "ProgramKindEnum": "builder.domain.fields.PROGRAM_KINDS",
        "GroupKindEnum": "builder.domain.fields.GROUP_KINDS",
        "ExerciseStatusEnum": "builder.domain.exercise.STATUSES",
        "LinkStatusEnum": "builder.domain.coaching.LINK_STATUSES",
        "AssignmentStatusEnum": "builder.domain.coaching.ASSIGNMENT_STATUSES",
    },
}

# Content-Security-Policy: the API's JSON needs nothing; the docs page, the admin site and the
# browsable API load this server's own files (builder/content_policy.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    }
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(
        "rest_framework.renderers.BrowsableAPIRenderer"
    )

# The event store (eventsourcing's persistence module and its settings).
EVENTSTORE = {
    "PERSISTENCE_MODULE": "eventstore.factory",
    "EVENTSTORE_LOCK_TIMEOUT_MS": str(env.int("EVENTSTORE_LOCK_TIMEOUT_MS", default=5000)),
    "PROGRAM_SNAPSHOT_INTERVAL": str(env.int("PROGRAM_SNAPSHOT_INTERVAL", default=50)),
    # Programs each process keeps as it last committed them (0 turns the cache off).
    "PROGRAM_CACHE_SIZE": str(env.int("PROGRAM_CACHE_SIZE", default=64)),
    # Size caps a coach never meets, against one request multiplying a program (409 past them).
    "PROGRAM_MAX_ENTRIES": str(env.int("PROGRAM_MAX_ENTRIES", default=10_000)),
    "PROGRAM_MAX_BYTES": str(env.int("PROGRAM_MAX_BYTES", default=16_000_000)),
    "EVENTSTORE_MAX_EVENT_BYTES": str(env.int("EVENTSTORE_MAX_EVENT_BYTES", default=8_000_000)),
    "EVENTSTORE_MASTER_KEY": EVENTSTORE_MASTER_KEY,
    # Master keys being rotated away from (comma-separated): still unwrap, never wrap.
    "EVENTSTORE_PREVIOUS_MASTER_KEYS": ",".join(EVENTSTORE_PREVIOUS_MASTER_KEYS),
}

# The most bytes of history one page of the program history or the audit log carries (at
# least one event, whatever its size).
HISTORY_PAGE_MAX_BYTES = env.int("HISTORY_PAGE_MAX_BYTES", default=1_000_000)

# Worker projections (manage.py run_projections): how long a read sent with a minimum position
# waits for the projection to reach it before answering 503, and the lag (seconds the oldest
# unapplied event has waited) past which /readyz reports the service not ready.
PROJECTION_READ_WAIT_SECONDS = env.float("PROJECTION_READ_WAIT_SECONDS", default=2.0)
PROJECTION_MAX_LAG_SECONDS = env.float("PROJECTION_MAX_LAG_SECONDS", default=60.0)
# The file run_projections touches while its projection threads run, and the age past which
# `manage.py projections_alive` (the worker container's health check) says it is not alive.
PROJECTIONS_HEARTBEAT_FILE = Path(
    env.str(
        "PROJECTIONS_HEARTBEAT_FILE",
        default=str(Path(tempfile.gettempdir()) / "builder-projections-alive"),
    )
)
PROJECTIONS_HEARTBEAT_MAX_AGE = env.float("PROJECTIONS_HEARTBEAT_MAX_AGE", default=30.0)

# Whether people may register themselves (as coach or athlete) through POST /api/auth/register/.
BUILDER_REGISTRATION_OPEN = env.bool("BUILDER_REGISTRATION_OPEN", default=DEVELOPMENT)

# Mail (password reset links): the console in development, so that links show in the log; SMTP
# in production, e.g. smtp+tls://user:password@mail.example.com:587 (EMAIL_URL, django-environ's
# form: characters of the password such as @ percent-encoded).
globals().update(
    env.email_url("EMAIL_URL", default="consolemail://" if DEVELOPMENT else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# Seconds an SMTP server may take to answer before the mail fails.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Where the browser app runs: reset links lead to <FRONTEND_URL>/reset-password?uid=…&token=…
# (unset: the host the request was sent to).
FRONTEND_URL = env.str("FRONTEND_URL", default="").rstrip("/")

# The versions of the coaching terms the service has published; an athlete consents under one
# of them (the newest first). Anything else is refused, so a consent never records free text.
COACHING_TERMS_VERSIONS = env.list("COACHING_TERMS_VERSIONS", default=["2026-01"])

# Video hosts exercise media links may point to besides YouTube and Vimeo (exact host names,
# comma-separated). Links are only validated and stored: the server never fetches them.
EXERCISE_MEDIA_HOSTS = env.list("EXERCISE_MEDIA_HOSTS", default=[])

if not DEVELOPMENT:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One line per record on stderr: JSON in production (for log shippers), text in development.
# Request bodies, query strings and exception messages are never logged (builder/logs.py);
# records carry the request's correlation id and the client's X-Request-ID.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "correlation": {"()": "builder.logs.CorrelationIdFilter"},
        "personal_data": {"()": "builder.logs.PersonalDataFilter"},
    },
    "formatters": {
        "json": {
            "()": "builder.logs.IsoTimeJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(correlation_id)s %(request_id)s"
            " %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s %(request_id)s]"
            " %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["correlation", "personal_data"],
            "formatter": env.str("LOG_FORMAT", default="text" if DEVELOPMENT else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # At DEBUG (with DJANGO_DEBUG) it would log every SQL statement with its parameters:
        # people's text on its way into the read models.
        "django.db.backends": {"level": "INFO"},
    },
}
# A failed CSRF check says so; other refusals are handler403's (builder/api/refusals.py).
CSRF_FAILURE_VIEW = "builder.api.refusals.csrf_failure_view"

# GET /metrics answers a scraper sending `Authorization: Bearer <METRICS_TOKEN>`, or staff.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
