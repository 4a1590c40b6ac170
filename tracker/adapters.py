"""allauth, adapted: the sign-up page's language becomes the person's email language."""

from allauth.account.adapter import DefaultAccountAdapter

from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        language = translation.get_language() or settings.LANGUAGE_CODE
        codes = {code for code, _name in settings.LANGUAGES}
        user.language = language if language in codes else settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit=commit)
