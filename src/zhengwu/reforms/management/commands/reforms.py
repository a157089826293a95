"""`zhengwu reforms …`: the command line of 改革督查."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "改革督查: command-line tools"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rules", help="list the rules' limits from the standard")

    def handle(self, *args, action, **options):
        from zhengwu.reforms.standard import TITLE_MAX  # deferred: commands load after settings

        self.stdout.write(f"{TITLE_MAX.name} = {TITLE_MAX.value}")
