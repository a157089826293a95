"""`zhengwu ledger verify` — walk the hash chain; `zhengwu
ledger head` — print the last hash to record elsewhere."""

from django.core.management.base import BaseCommand

from zhengwu.ledger.models import Head
from zhengwu.ledger.verify import verify


class Command(BaseCommand):
    help = "Verify the audit ledger's hash chain (exit 1 at the first altered, deleted or reordered entry)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="walk the chain and print OK or the first break")
        sub.add_parser("head", help="print the number and hash of the last entry")

    def handle(self, *args, action, **options):
        if action == "head":
            head = Head.objects.filter(pk=1).first()
            self.stdout.write(f"{head.seq} {head.hash}" if head else "0 " + "0" * 64)
            return
        result = verify()
        if result.ok:
            self.stdout.write(f"OK {result.entries} entries, head {result.head_hash}")
            return
        self.stderr.write(f"BROKEN at entry {result.seq}: {result.problem}")
        raise SystemExit(1)
