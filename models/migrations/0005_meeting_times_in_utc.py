"""Data only: meeting times that an update stored on SQLite with a Danish offset (+01:00/+02:00) are rewritten in
UTC, so that comparing them as text in queries is right again. PostgreSQL stores timestamptz and needs nothing."""
from tortoise import migrations
from tortoise.migrations import operations as ops


async def meeting_times_to_utc(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    client = schema_editor.client
    if client.capabilities.dialect != 'sqlite':
        return
    for column in ('starts_at', 'ends_at'):
        # SQLite's date functions read the offset and give UTC; the format is the one Tortoise writes.
        await client.execute_script(
            f"UPDATE meeting SET {column} = strftime('%Y-%m-%d %H:%M:%S', {column}) || '+00:00' "
            f"WHERE {column} NOT LIKE '%+00:00'")


class Migration(migrations.Migration):
    dependencies = [('models', '0004_members_and_public')]

    initial = False

    operations = [
        ops.RunPython(meeting_times_to_utc, ops.RunPython.noop),
    ]
