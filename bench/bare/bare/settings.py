"""The bare baseline: Django with no middleware, no sessions, no auth, one app's views over two
tables of its own. What the same machine gives a Django endpoint that does only the essential
work (bench/README.md). Read from the environment: BARE_DATABASE_URL."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

_url = urlsplit(os.environ["BARE_DATABASE_URL"])
SECRET_KEY = "bare-baseline-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["bare"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bare.urls"
WSGI_APPLICATION = "bare.wsgi.application"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": _url.username or "",
        "PASSWORD": _url.password or "",
        "HOST": _url.hostname or "",
        "PORT": _url.port or "",
        "CONN_MAX_AGE": 600,
    }
}
USE_TZ = True
USE_I18N = False
