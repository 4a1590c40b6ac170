from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every language, for the language switcher (query string kept)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            name = translation.get_language_info(code)["name_local"]
        links.append(
            {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        )
    return links


@register.simple_tag
def field_widget(field):
    """A form field's widget, described by its help text and errors (read out with the field)."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
    attrs = {"aria-describedby": " ".join(described)} if described else {}
    return field.as_widget(attrs=attrs)
