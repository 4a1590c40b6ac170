"""A report's (or spreadsheet export's) file goes when its row goes: pruned, or with its page (the row cascades)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Report, SpreadsheetExport


@receiver(post_delete, sender=Report)
@receiver(post_delete, sender=SpreadsheetExport)
def report_file_delete(sender, instance: Report | SpreadsheetExport, **kwargs) -> None:
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        # Only once the deletion is committed: a rolled-back delete keeps its file.
        transaction.on_commit(lambda: storage.delete(name))
