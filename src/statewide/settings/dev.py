"""Local development: `make run`. Debug pages, console e-mail, a fixed insecure key."""

from statewide.settings.base import *
from statewide.settings.base import env

DEBUG = True
SECRET_KEY = env.SECRET_KEY or "django-insecure-statewide-development-key-do-not-use-in-production"
EMAIL_BACKEND = env.EMAIL_BACKEND or "django.core.mail.backends.console.EmailBackend"
