"""`zhengwu settings-table` — the Markdown table of every declared setting (docs/settings.md)."""

from django.core.management.base import BaseCommand

from zhengwu.core.conf import markdown_table


class Command(BaseCommand):
    help = "Print docs/settings.md: every setting the apps declare, with its default."

    def handle(self, *args, **options):
        self.stdout.write(markdown_table(), ending="")
