"""Liaison Portal settings: the one place that reads the environment.

With nothing set the portal runs embedded: SQLite, Celery tasks executed in-process, DEBUG on.
Set DATABASE_URL and CELERY_BROKER_URL (and DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS)
for the production shape described in docker-compose.yml.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# The embedded default key only ever serves a developer's laptop; production must set its own.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="embedded-dev-only-key-never-use-in-production-5b1f2e7c9d")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "accounts",
    "regions",
    "notifications",
    "enterprises",
    "officers",
    "idempotency",
    "workcalendar",
    "problems",
    "reports",
    "summaries",
    "operations",
    "branches",
    "meetings",
    "dashboards",
    "policies",
    "spreadsheets",
    "roster_import",
    "medics",
    "assessments",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "liaison_portal.middleware.DatabaseUnavailableMiddleware",  # PostgreSQL down: a 503 page or problem JSON
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liaison_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.sessions.RememberedSessionMiddleware",  # a remembered phone's month ends with the officer's rule
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liaison_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regions.context_processors.scope",
                "operations.context_processors.background",
                "notifications.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "liaison_portal.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"] and not env.bool("DATABASE_JIT", default=False):
    # PostgreSQL's JIT spends about a second compiling each summary recompute, which itself runs in well under one.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (runserver threads, the in-process tasks) share one file: wait for the lock, don't fail.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "DJANGO_PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins are counted per (username, address) pair: one officer's typos never lock out a whole
# office that sits behind one NAT address, and guessing one account from one address is still stopped.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "zh-hans"
# ISO dates first in Chinese forms, so <input type="date"> shows a prefilled date (see the module).
FORMAT_MODULE_PATH = ["liaison_portal.formats"]
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Files no URL may serve directly (uploaded imports, produced exports): only views that check permission read them.
PRIVATE_FILES_ROOT = env.path("DJANGO_PRIVATE_FILES_ROOT", default=BASE_DIR / "private")
# A finished spreadsheet job's files (an export's download, an import's upload) are deleted this many hours later.
SPREADSHEET_JOB_KEEP_HOURS = env.int("SPREADSHEET_JOB_KEEP_HOURS", default=24)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if "redis" in CACHES["default"]["BACKEND"].lower():
    # A dead or hung Redis answers within a fifth of a second (its normal answer takes a millisecond); requests never
    # wait for it anyway: liaison_portal.queueing talks to the cache and the broker from a sender thread.
    _cache_timeout = env.float("CACHE_SOCKET_TIMEOUT", default=0.2)
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": _cache_timeout,
                                                        "socket_timeout": _cache_timeout})

# Production hardening follows DEBUG unless set explicitly (TLS terminates at the reverse proxy).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 12)
# "Remember this phone" at login: an officer's own phone stays signed in this long (accounts.views.LoginView);
# offices and administrators keep SESSION_COOKIE_AGE whatever they tick.
SESSION_REMEMBER_AGE = env.int("DJANGO_SESSION_REMEMBER_AGE", default=60 * 60 * 24 * 30)
# Who may tick "remember this phone" and get SESSION_REMEMBER_AGE: a rule of posts (accounts sits below regions).
SESSION_REMEMBER_RULE = "regions.scoping.may_stay_signed_in"

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="liaison-portal@localhost")

# The daily cycle. A day's reports may be edited until the next morning at REPORT_DAY_CLOSES_AT (local time).
REPORT_DAY_CLOSES_AT = env.str("REPORT_DAY_CLOSES_AT", default="09:00")
# Reports first filed after this time of their own day are marked late.
REPORT_DUE_AT = env.str("REPORT_DUE_AT", default="20:00")
REPORT_REMINDER_HOUR = env.int("REPORT_REMINDER_HOUR", default=17)
# A report filed on a phone without a signal carries the phone's filing time (filed_at). It is trusted within this
# much clock skew ahead of the server, and at most this many hours back; a report received this many minutes after
# it was filed is shown to the office as filed offline.
REPORT_CLOCK_SKEW_SECONDS = env.int("REPORT_CLOCK_SKEW_SECONDS", default=300)
REPORT_OFFLINE_MAX_HOURS = env.int("REPORT_OFFLINE_MAX_HOURS", default=72)
REPORT_FILED_OFFLINE_AFTER_MINUTES = env.int("REPORT_FILED_OFFLINE_AFTER_MINUTES", default=10)
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=48)
# A problem overdue by this many working days is escalated to the next tier by the beat task.
PROBLEM_AUTO_ESCALATE_AFTER_WORKING_DAYS = env.int("PROBLEM_AUTO_ESCALATE_AFTER_WORKING_DAYS", default=2)
PROBLEM_ESCALATION_INTERVAL_MINUTES = env.int("PROBLEM_ESCALATION_INTERVAL_MINUTES", default=15)
# Each day at this local time the departments and offices of problems past their deadline are told, once per deadline
# (before the morning SMS digest at NOTIFICATIONS_DIGEST_AT, so an office taking the digest reads them that morning).
PROBLEM_OVERDUE_NOTICE_AT = env.str("PROBLEM_OVERDUE_NOTICE_AT", default="07:30")
# Joint Party branches: visits a branch secretary must log per ISO week (Monday to Sunday).
BRANCH_SECRETARY_WEEKLY_VISITS = env.int("BRANCH_SECRETARY_WEEKLY_VISITS", default=2)
# Visits every other branch member must log per ISO week.
BRANCH_MEMBER_WEEKLY_VISITS = env.int("BRANCH_MEMBER_WEEKLY_VISITS", default=3)

# Notifications (the outbox): links in e-mails, texts and robot posts start with NOTIFICATIONS_SITE_URL.
NOTIFICATIONS_SITE_URL = env.str("NOTIFICATIONS_SITE_URL", default="http://127.0.0.1:8000")
NOTIFICATIONS_INBOX_PATH = "/notifications/"
NOTIFICATIONS_EMAIL_DOMAIN = env.str("NOTIFICATIONS_EMAIL_DOMAIN", default="liaison-portal.local")
# Seconds any provider (SMTP, an SMS API, a group robot's webhook) may take to connect and to answer.
NOTIFICATIONS_HTTP_TIMEOUT = env.float("NOTIFICATIONS_HTTP_TIMEOUT", default=5.0)
# A retryable failure is tried again after a minute, doubling up to the cap, for this many hours; then given up.
NOTIFICATIONS_RETRY_HOURS = env.int("NOTIFICATIONS_RETRY_HOURS", default=24)
NOTIFICATIONS_BACKOFF_FIRST_SECONDS = env.int("NOTIFICATIONS_BACKOFF_FIRST_SECONDS", default=60)
NOTIFICATIONS_BACKOFF_MAX_MINUTES = env.int("NOTIFICATIONS_BACKOFF_MAX_MINUTES", default=60)
# The beat's sweep: how often; a row queued this long without being sent lost its task and is queued again; one
# "sending" this long lost its worker (kept well above the HTTP timeout) and is sent again; at most this many a run.
NOTIFICATIONS_SWEEP_SECONDS = env.int("NOTIFICATIONS_SWEEP_SECONDS", default=60)
NOTIFICATIONS_REQUEUE_MINUTES = env.int("NOTIFICATIONS_REQUEUE_MINUTES", default=15)
NOTIFICATIONS_SENDING_STALE_MINUTES = env.int("NOTIFICATIONS_SENDING_STALE_MINUTES", default=10)
NOTIFICATIONS_SWEEP_LIMIT = env.int("NOTIFICATIONS_SWEEP_LIMIT", default=50_000)
# Local time of the morning SMS digest for those who chose it.
NOTIFICATIONS_DIGEST_AT = env.str("NOTIFICATIONS_DIGEST_AT", default="08:00")
# Models with `user` and `phone` whose phone is a person's SMS number when they set none (named, not imported: the
# notifications app sits below them).
NOTIFICATIONS_MOBILE_MODELS = ["officers.Officer"]
# SMS: "file" (one line per text under the private files root, the default), "log", or "aliyun".
NOTIFICATIONS_SMS_BACKEND = env.str("NOTIFICATIONS_SMS_BACKEND", default="file")
NOTIFICATIONS_SMS_FILE_DIR = env.str("NOTIFICATIONS_SMS_FILE_DIR", default="")
NOTIFICATIONS_ALIYUN_SMS_ENDPOINT = env.str("NOTIFICATIONS_ALIYUN_SMS_ENDPOINT",
                                            default="https://dysmsapi.aliyuncs.com")
NOTIFICATIONS_ALIYUN_ACCESS_KEY_ID = env.str("NOTIFICATIONS_ALIYUN_ACCESS_KEY_ID", default="")
NOTIFICATIONS_ALIYUN_ACCESS_KEY_SECRET = env.str("NOTIFICATIONS_ALIYUN_ACCESS_KEY_SECRET", default="")
NOTIFICATIONS_ALIYUN_SMS_SIGN_NAME = env.str("NOTIFICATIONS_ALIYUN_SMS_SIGN_NAME", default="")
# The approved template for one notice (variable ${title}); per event kind overrides as kind=SMS_code,...
NOTIFICATIONS_ALIYUN_SMS_TEMPLATE = env.str("NOTIFICATIONS_ALIYUN_SMS_TEMPLATE", default="")
NOTIFICATIONS_ALIYUN_SMS_TEMPLATES = env.dict("NOTIFICATIONS_ALIYUN_SMS_TEMPLATES", default={})
# The digest's template (variables ${count} and ${titles}).
NOTIFICATIONS_ALIYUN_SMS_DIGEST_TEMPLATE = env.str("NOTIFICATIONS_ALIYUN_SMS_DIGEST_TEMPLATE", default="")
# Hosts a group robot's webhook URL may name.
NOTIFICATIONS_ROBOT_HOSTS = {
    "wecom": env.list("NOTIFICATIONS_WECOM_HOSTS", default=["qyapi.weixin.qq.com"]),
    "dingtalk": env.list("NOTIFICATIONS_DINGTALK_HOSTS", default=["oapi.dingtalk.com"]),
}

# Celery: with no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Late acks only where a second run is harmless: each idempotent task says `acks_late=True` itself (the summaries,
# bulletins, reminders, sweeps and scheduled runs); the default stays off so that a task which is not idempotent
# (a spreadsheet job's export or import) is never run twice by a redelivery. Its job row records what happened
# instead: a job whose worker vanished is failed by the stuck-job sweep and offered for a retry.
CELERY_TASK_ACKS_LATE = False
# A late-acked task whose worker process died (OOM, SIGKILL) goes back to the queue instead of being acknowledged.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task running when the broker connection drops finishes; a late-acked one is redelivered and runs again, which
# is harmless by the rule above.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No task may run longer than this (the largest export or import of a province-scale roster takes minutes): the
# soft limit fails a spreadsheet job with a message, the hard one ends the pool process.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# Redis redelivers a message not acknowledged within the visibility timeout: it must be longer than the longest
# task (the hard time limit above) or a task still running would be started a second time elsewhere.
_visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 30 * 60)
# A dead broker must never hang a request: fail fast, the beat schedule sweeps up what was not queued.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "max_retries": 1,
    "retry_policy": {"timeout": 2.0},
}
# The same for the result backend: queueing a task that keeps its result subscribes to Redis first, and Celery's
# default (20 retries a second apart) would hold a request for ~20 s while Redis is down.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5},
}
CELERY_TASK_PUBLISH_RETRY = False
# Summaries: the beat recomputes dirty region-days and today this often; the previous day closes at this local time.
SUMMARY_REFRESH_MINUTES = env.int("SUMMARY_REFRESH_MINUTES", default=2)
SUMMARY_CLOSE_DAY_AT = env.str("SUMMARY_CLOSE_DAY_AT", default="00:30")
# The nightly verification of every summary against the raw rows (summaries.tasks.summaries_verify_task) runs at this
# local time.
SUMMARY_VERIFY_AT = env.str("SUMMARY_VERIFY_AT", default="02:30")
# Dashboards: the trend charts cover this many days back; the missing-reporter list shows this many people.
DASHBOARD_TREND_DAYS = env.int("DASHBOARD_TREND_DAYS", default=90)
DASHBOARD_MISSING_LIMIT = env.int("DASHBOARD_MISSING_LIMIT", default=10)
# The daily bulletin (日总结) of every office is generated at this local hour.
BULLETIN_HOUR = env.int("BULLETIN_HOUR", default=21)
# Consultation meetings: each day at this local hour, rectification items past their due date are flagged, and
# their owners and offices told; the same morning, items falling due within RECTIFICATION_DUE_DAYS days (0: only
# those due that day) remind them, once per item and due date.
RECTIFICATION_OVERDUE_HOUR = env.int("RECTIFICATION_OVERDUE_HOUR", default=8)
RECTIFICATION_DUE_DAYS = env.int("RECTIFICATION_DUE_DAYS", default=2)
# Scheduled runs (operations): a due run not taken up by a worker in this many minutes is queued again; one
# "running" this long lost its worker and is run again (every daily job is idempotent); a failed one is tried this
# many times in all.
SCHEDULED_RUN_REQUEUE_MINUTES = env.int("SCHEDULED_RUN_REQUEUE_MINUTES", default=5)
SCHEDULED_RUN_STALE_MINUTES = env.int("SCHEDULED_RUN_STALE_MINUTES", default=CELERY_TASK_TIME_LIMIT // 60 + 5)
SCHEDULED_RUN_MAX_ATTEMPTS = env.int("SCHEDULED_RUN_MAX_ATTEMPTS", default=3)
# How often beat sends the tick (a missed due time is caught up at most this much after beat and Redis are back).
SCHEDULED_RUNS_TICK_SECONDS = env.int("SCHEDULED_RUNS_TICK_SECONDS", default=60)
# Workers write a heartbeat this often; the health page and the freshness stamps call background work stopped when
# none has been seen for BACKGROUND_STOPPED_AFTER_MINUTES.
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=30)
BACKGROUND_STOPPED_AFTER_MINUTES = env.int("BACKGROUND_STOPPED_AFTER_MINUTES", default=2)
CELERY_BEAT_SCHEDULE = {
    "problems-escalate-overdue": {
        "task": "problems.tasks.problems_escalate_overdue_task",
        "schedule": timedelta(minutes=PROBLEM_ESCALATION_INTERVAL_MINUTES),
    },
    "idempotency-records-purge": {
        "task": "idempotency.tasks.idempotency_records_purge_task",
        "schedule": timedelta(hours=1),
    },
    # The daily jobs (reminders, bulletins, close-day, overdue rectification, the nightly verification) are not beat
    # entries: a crontab entry that falls due while beat or Redis is down is lost. This tick records each job's due
    # time in operations.ScheduledRun and queues it until it is done (operations/schedule.py).
    "operations-scheduled-runs-tick": {
        "task": "operations.tasks.scheduled_runs_tick",
        "schedule": timedelta(seconds=SCHEDULED_RUNS_TICK_SECONDS),
        "options": {"expires": SCHEDULED_RUNS_TICK_SECONDS},
    },
    "summaries-refresh": {
        "task": "summaries.tasks.summaries_refresh_today_task",
        "schedule": timedelta(minutes=SUMMARY_REFRESH_MINUTES),
        # A refresh still queued when the next one is due is pointless: let it lapse instead of piling up.
        "options": {"expires": SUMMARY_REFRESH_MINUTES * 60},
    },
    "spreadsheets-jobs-expire": {
        "task": "spreadsheets.tasks.jobs_expire_task",
        "schedule": timedelta(hours=1),
    },
    "notifications-deliveries-sweep": {
        "task": "notifications.tasks.deliveries_sweep_task",
        "schedule": timedelta(seconds=NOTIFICATIONS_SWEEP_SECONDS),
        "options": {"expires": NOTIFICATIONS_SWEEP_SECONDS},
    },
    "spreadsheets-jobs-fail-stuck": {
        "task": "spreadsheets.tasks.jobs_fail_stuck_task",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 60},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Declared per list with its FilterSet (DjangoFilterBackend): a default one would make the schema read every
    # list's queryset, including those that need a signed-in user.
    "DEFAULT_FILTER_BACKENDS": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Liaison Portal API",
    "DESCRIPTION": "Roster, reports and problems of the enterprise liaison-officer programme, scoped by region.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("category") are named here; problems keep the name they had alone.
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "problems.choices.ProblemCategory",
        "PolicyCategoryEnum": "policies.choices.PolicyCategory",
    },
}

ROSTER_PAGE_SIZE = env.int("ROSTER_PAGE_SIZE", default=25)

# Assessments: an enterprise's opinion link (signed, no login) works this many days after it is made.
ASSESSMENT_OPINION_LINK_DAYS = env.int("ASSESSMENT_OPINION_LINK_DAYS", default=14)
# An assessment sheet of at most this many officers downloads at once; a larger one is written by a Celery task.
ASSESSMENT_EXPORT_INLINE_ROWS = env.int("ASSESSMENT_EXPORT_INLINE_ROWS", default=2000)
# A list's Excel download (`xlsx=1`) of at most this many rows is written in the request; a longer one by a Celery
# task, as a spreadsheet job with a progress bar and a notice when it is ready.
LIST_EXPORT_INLINE_ROWS = env.int("LIST_EXPORT_INLINE_ROWS", default=5000)
# Officers per page of a round's list.
ASSESSMENT_PAGE_SIZE = env.int("ASSESSMENT_PAGE_SIZE", default=50)

# Spreadsheet uploads (roster imports): budgets a hostile file cannot pass, each checked before the file is parsed.
# The largest upload accepted, in MB; a larger one is dropped while it streams in and refused with a message.
SPREADSHEET_MAX_UPLOAD_MB = env.int("SPREADSHEET_MAX_UPLOAD_MB", default=20)
# The most data rows one file may hold; the reader stops and refuses at the next row.
SPREADSHEET_MAX_ROWS = env.int("SPREADSHEET_MAX_ROWS", default=100_000)
# An xlsx's parts may declare at most this many MB uncompressed in all (a zip bomb is refused from its directory).
SPREADSHEET_MAX_UNZIPPED_MB = env.int("SPREADSHEET_MAX_UNZIPPED_MB", default=200)
# An xlsx may hold at most this many parts (a workbook saved by Excel has a few dozen).
SPREADSHEET_MAX_ZIP_MEMBERS = env.int("SPREADSHEET_MAX_ZIP_MEMBERS", default=500)
# A part over 1 MB may be compressed at most this many to one (real sheets compress about 10 to 1).
SPREADSHEET_MAX_COMPRESSION_RATIO = env.int("SPREADSHEET_MAX_COMPRESSION_RATIO", default=200)
# The stuck-job sweep (every minute): a running job without a heartbeat (touched every 30 s while a worker runs it)
# for this many minutes lost its worker and is failed with a retry button; so is a job queued this long.
# With the defaults a job whose worker died is failed 3 to 4.5 minutes later (heartbeat age + the sweep's minute).
SPREADSHEET_JOB_STALE_MINUTES = env.float("SPREADSHEET_JOB_STALE_MINUTES", default=3)
SPREADSHEET_JOB_QUEUED_MINUTES = env.float("SPREADSHEET_JOB_QUEUED_MINUTES", default=15)
SPREADSHEET_JOB_HEARTBEAT_SECONDS = env.float("SPREADSHEET_JOB_HEARTBEAT_SECONDS", default=30)
# A roster import file up to this many KB (a few hundred rows) is checked and imported within the request; a larger
# one by a Celery task, with a progress bar.
ROSTER_IMPORT_INLINE_MAX_KB = env.int("ROSTER_IMPORT_INLINE_MAX_KB", default=64)
# Rows published downward (policy documents) reach officers in the regions of these models' own rows: the officer
# record's backing unit and assignments (see regions/scoping.py, scope_published_downward).
SCOPE_HOME_MODELS = ["officers.Officer"]
# Policy library: the largest document file accepted, in MB; a larger upload is refused with a message, nothing saved.
POLICY_UPLOAD_MAX_MB = env.int("POLICY_UPLOAD_MAX_MB", default=20)

# Medical staff: one medic covers at most this many small or micro enterprises at a time.
MEDIC_SMALL_ENTERPRISE_LIMIT = env.int("MEDIC_SMALL_ENTERPRISE_LIMIT", default=5)
# Every stationed above-designated-size enterprise needs at least this many medics covering it.
MEDICS_PER_LARGE_ENTERPRISE = env.int("MEDICS_PER_LARGE_ENTERPRISE", default=1)
# Officer care: a stationed officer must take at least OFFICER_REST_DAYS_PER_WINDOW rest or rotation days in every
# OFFICER_REST_WINDOW_DAYS days (counted back from today); fewer lists the officer as overdue for rest.
OFFICER_REST_WINDOW_DAYS = env.int("OFFICER_REST_WINDOW_DAYS", default=30)
OFFICER_REST_DAYS_PER_WINDOW = env.int("OFFICER_REST_DAYS_PER_WINDOW", default=4)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
if CELERY_TASK_ALWAYS_EAGER:
    # In-process tasks: a line per task run and kombu's note about the unused default broker are noise here.
    LOGGING["loggers"].update({"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}})
