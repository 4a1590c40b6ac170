"""Bulk writes for the importer: new pages in a few queries, and the indexes updated in batches.

``parent.add_child(instance=page)`` costs a dozen queries a page (the parent's last child, its
numchild, the slug check, the page's two tables, the search index, the reference index). New
pages of one parent are written here as Wagtail's tree expects them, in one go: materialised
paths after the parent's last child, depth, url_path, a slug unique among the siblings,
``numchild`` of the parent raised once, rows inserted with ``Page.objects.bulk_create`` and the
page type's own table with the manager's ``_insert`` (``bulk_create`` refuses multi-table
inheritance; this is how it writes any table). The pages are exactly what ``add_child`` makes
(live, no revision yet: the first edit in the admin makes one); no signals are sent, so the
caller refreshes what listens to them (the explorer's facts) and calls ``index_objects``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Model
from django.utils.text import slugify

from modelcluster.models import get_all_child_relations
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends

BATCH = 500


def unique_slug(base: str, fallback: str, taken: set[str]) -> str:
    """A slug from ``base`` not in ``taken`` (which it joins), as the page services choose them."""
    slug = slugify(base)[:200] or slugify(fallback)
    if slug in taken:
        candidate, n = f"{slug}-{slugify(fallback)}", 2
        while candidate in taken:
            candidate, n = f"{slug}-{n}", n + 1
        slug = candidate
    taken.add(slug)
    return slug


def add_children(parent: Page, pages: Sequence[Page], fallbacks: Sequence[str]) -> None:
    """Insert new ``pages`` (all of one page type, slugs set as wished) as the last children
    of ``parent``; each slug is made unique among the siblings with its ``fallbacks`` entry."""
    if not pages:
        return
    model = type(pages[0])
    siblings = list(
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list("slug", "path")
    )
    taken = {slug for slug, _path in siblings}
    last = max((path for _slug, path in siblings), default=None)
    step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    content_type_id = ContentType.objects.get_for_model(model).pk
    for offset, (page, fallback) in enumerate(zip(pages, fallbacks, strict=True)):
        page.slug = unique_slug(page.slug, fallback, taken)
        page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type_id = content_type_id
        page.locale_id = page.locale_id or parent.locale_id
        page.draft_title = page.title
    for start in range(0, len(pages), BATCH):
        chunk = list(pages[start : start + BATCH])
        Page.objects.bulk_create(chunk)
        for page in chunk:
            page.page_ptr_id = page.id
        fields = model._meta.local_concrete_fields
        model._base_manager._insert(chunk, fields=fields, using=connection.alias)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)


def index_new_objects(model: type[Model], pks: Iterable[int], *, search: bool = True) -> None:
    """Add these records, all just created, to the search index (``search``) and to Wagtail's
    reference index, a batch at a time, with their child relations fetched per batch.

    Wagtail's ``ReferenceIndex.create_or_update_for_object`` looks up a record's existing
    references and inserts its new ones: two queries a record. Records created by this import
    have none yet, so their references (found by Wagtail's own extractor) are inserted for a
    whole batch in one query; the test suite holds the result to what Wagtail's method writes.
    """
    pks = list(dict.fromkeys(pks))
    children = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    backends = list(get_search_backends(with_auto_update=True)) if search else []
    indexed = ReferenceIndex.is_indexed(model)
    if indexed:
        content_types = [
            ContentType.objects.get_for_model(m, for_concrete_model=False)
            for m in [model, *model._meta.get_parent_list()]
        ]
        content_type, base_content_type = content_types[0], content_types[-1]
    for start in range(0, len(pks), BATCH):
        objects = list(model.objects.filter(pk__in=pks[start : start + BATCH]).prefetch_related(*children))
        for backend in backends:
            backend.add_bulk(model, objects)
        if not indexed:
            continue
        references = [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=instance.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for instance in objects
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(instance)
            )
        ]
        ReferenceIndex.objects.bulk_create(references, batch_size=BATCH, ignore_conflicts=True)
