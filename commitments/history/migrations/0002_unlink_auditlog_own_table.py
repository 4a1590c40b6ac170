"""Auditlog's own log table stays empty: our ChangeEntry replaces it (AUDITLOG_LOGENTRY_MODEL).

Auditlog's migrations still create ``auditlog_logentry`` with foreign keys to users and content
types. Because the model is swapped out, Django no longer lists that table when it empties the
database (``flush``, and every transactional test on PostgreSQL), and PostgreSQL refuses to
TRUNCATE the users' table while an unlisted table references it. The table is kept (auditlog's
later migrations may alter it) but loses its foreign keys, which guard nothing in an unused
table. SQLite empties tables one by one and needs nothing.
"""

from django.db import migrations

TABLE = "auditlog_logentry"


def drop_foreign_keys(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if TABLE not in connection.introspection.table_names(cursor):
            return
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    for name, constraint in constraints.items():
        if constraint["foreign_key"]:
            schema_editor.execute(
                f"ALTER TABLE {schema_editor.quote_name(TABLE)} DROP CONSTRAINT {schema_editor.quote_name(name)}"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("commitments_history", "0001_change_entry"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(drop_foreign_keys, migrations.RunPython.noop)]
