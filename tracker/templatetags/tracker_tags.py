from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe

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


class SharedNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context) -> str:
        fragments = context.get("fragments")
        stored = fragments.get(self.name) if fragments is not None else None
        if stored is not None:
            return mark_safe(stored)  # noqa: S308 (HTML this template rendered earlier)
        html = self.nodelist.render(context)
        if fragments is not None:
            fragments.store(self.name, html)
        return html


@register.tag
def shared(parser, token):
    """``{% shared "name" %}…{% endshared %}``: a part of the page that is the same for every
    viewer who may do the same things there, kept in the cache (``tracker.page_cache``'s
    fragments, looked up by the page's ``get_context`` as ``fragments``). Nothing inside may
    depend on the viewer beyond what the page's viewer facts name."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% shared "name" %} takes one quoted name')
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(bits[1][1:-1], nodelist)
