"""Every email the site sends: absolute links from one configured site URL, and a templated
send in the recipient's language.

``send_templated(template="app/email/name", …)`` renders ``name_subject.txt`` and ``name.txt``
with the recipient's language active. Give the context as a function when it holds links
(``reverse()``, page URLs): it is then built in that language too, so the links lead to pages
in the language of the text around them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .site_url import absolute_url

__all__ = ["absolute_url", "send_templated"]


def send_templated(
    *,
    to: str,
    language: str | None,
    template: str,
    context: dict | Callable[[], dict],
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> bool:
    """Send one email to ``to`` in ``language`` (the site's default when empty). Returns False,
    sending nothing, when there is no address. ``attachments``: (file name, content, MIME type)."""
    if not to:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        values = context() if callable(context) else context
        subject = " ".join(render_to_string(f"{template}_subject.txt", values).split())
        body = render_to_string(f"{template}.txt", values)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {})
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    message.send()
    return True
