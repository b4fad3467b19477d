"""An index on Wagtail's page table for "the children of a page": treebeard asks for depth = d + 1 and a path range.

Wagtail indexes the path alone, and every page of the site lies in the home page's path range, so the menu query
(children of the home page shown in menus, on every page) and every child_of() listing read the whole page table:
50-80 ms with 120,000 pages, 0.2 ms with this index. The page table belongs to wagtailcore, so the index is raw
SQL, valid on PostgreSQL and SQLite alike."""

from django.db import migrations

INDEX = "centers_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0008_merge_search_and_content"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path)",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
