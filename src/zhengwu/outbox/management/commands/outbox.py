"""`zhengwu outbox …` — deliver due messages (once or as a loop), retry failures, configure destinations.

    zhengwu outbox deliver                 # one run: deliver what is due now
    zhengwu outbox deliver --loop          # the periodic trigger: run forever, sleeping until
    the next due time zhengwu outbox status                  # how many messages in each state, per
    destination zhengwu outbox retry --dead [--destination NAME] | --id 42 zhengwu outbox destination add
    --name 市信用平台 --kind http_json --url https://… --token env:CITY_TOKEN \
        --topic credit. --option sender=440303
    zhengwu outbox destination list
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.outbox import services, standard
from zhengwu.outbox.models import Destination, Message


class Command(BaseCommand):
    help = "Deliver outbox messages to external platforms; retry failures; configure destinations."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        deliver = sub.add_parser("deliver", help="deliver due messages")
        deliver.add_argument("--loop", action="store_true", help="keep running (the periodic trigger)")
        deliver.add_argument(
            "--interval", type=float, default=10.0, help="longest sleep between runs, seconds"
        )
        deliver.add_argument("--limit", type=int, default=500, help="most messages per run")
        deliver.add_argument("--max-runs", type=int, default=0, help=argparse_hidden())
        sub.add_parser("status", help="messages per state and destination")
        retry = sub.add_parser("retry", help="put failed/dead messages back in the queue now")
        retry.add_argument("--dead", action="store_true", help="all dead messages")
        retry.add_argument(
            "--failed", action="store_true", help="all failed messages waiting for their back-off"
        )
        retry.add_argument("--id", type=int, action="append", default=[], help="one message id (repeatable)")
        retry.add_argument("--destination", help="only this destination (name)")
        dest = sub.add_parser("destination", help="configure destinations")
        dsub = dest.add_subparsers(dest="dest_action", required=True)
        add = dsub.add_parser("add", help="add or update a destination by name")
        add.add_argument("--name", required=True)
        add.add_argument("--kind", required=True, choices=Destination.Kind.values)
        add.add_argument(
            "--url", required=True, help="HTTP URL or database URL; env:NAME reads the environment"
        )
        add.add_argument("--token", default="", help="auth token, e.g. env:CITY_TOKEN")
        add.add_argument("--auth-header", default="Authorization")
        add.add_argument(
            "--topic", action="append", default=[], help="subscribed topic or prefix ending in '.'"
        )
        add.add_argument(
            "--option", action="append", default=[], help="key=value (value may be a JSON object/list)"
        )
        add.add_argument("--timeout", type=float, default=standard.DEFAULT_TIMEOUT_SECONDS)
        add.add_argument("--max-attempts", type=int, default=standard.DEFAULT_MAX_ATTEMPTS)
        add.add_argument("--inactive", action="store_true")
        dsub.add_parser("list", help="list destinations")

    def handle(self, *args, action, **opts):
        getattr(self, f"do_{action}")(**opts)

    # --- deliver -------------------------------------------------------------------------------------
    def do_deliver(self, *, loop, interval, limit, max_runs, **_):
        runs = 0
        while True:
            report = services.deliver_due(limit=limit)
            runs += 1
            if report.claimed or not loop:
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {report}")
            for error in report.errors:
                self.stderr.write(f"dead: {error}")
            if not loop or (max_runs and runs >= max_runs):
                return
            if report.claimed >= limit:
                continue  # more is due: go on at once
            due = services.next_due_at()
            wait = interval if due is None else (due - timezone.now()).total_seconds()
            time.sleep(min(interval, max(0.2, wait)))

    # --- status / retry ------------------------------------------------------------------------------
    def do_status(self, **_):
        rows = (Message.objects.values("destination__name", "state").annotate(n=Count("id"))
                .order_by("destination__name", "state"))
        if not rows:
            self.stdout.write("no messages")
        for r in rows:
            self.stdout.write(f"{r['destination__name']}\t{r['state']}\t{r['n']}")

    def do_retry(self, *, dead, failed, id, destination, **_):
        states = [s for s, on in ((standard.DEAD, dead), (standard.FAILED, failed)) if on]
        if not states and not id:
            raise CommandError("say which messages: --dead, --failed or --id N")
        qs = Message.objects.select_related("destination")
        qs = qs.filter(pk__in=id) if id else qs.filter(state__in=states)
        if destination:
            qs = qs.filter(destination__name=destination)
        done = 0
        for message in qs.order_by("id").iterator():
            try:
                services.message_retry(message, actor="cli")
                done += 1
            except ApplicationError as exc:
                self.stderr.write(f"#{message.pk}: {exc.message}")
        self.stdout.write(f"requeued {done} message(s)")

    # --- destinations --------------------------------------------------------------------------------
    def do_destination(self, *, dest_action, **opts):
        if dest_action == "list":
            for d in Destination.objects.order_by("name"):
                topics = ",".join(d.topics) or "*"
                self.stdout.write(f"{d.name}\t{d.kind}\t{'active' if d.is_active else 'inactive'}\t{topics}")
            return
        if opts["timeout"] <= 0 or opts["max_attempts"] < 1:
            raise CommandError("--timeout must be > 0 and --max-attempts >= 1")
        options = {}
        for item in opts["option"]:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"--option must be key=value, got {item!r}")
            if value[:1] in ("{", "[") or value in ("true", "false"):
                try:
                    options[key] = json.loads(value)
                except json.JSONDecodeError:
                    raise CommandError(f"--option {key}: invalid JSON {value!r}")
            else:
                options[key] = value  # plain text (codes like 440303 stay strings)
        dest, created = Destination.objects.update_or_create(
            name=opts["name"],
            defaults={
                "kind": opts["kind"],
                "url": opts["url"],
                "auth_token": opts["token"],
                "auth_header": opts["auth_header"],
                "topics": opts["topic"],
                "options": options,
                "timeout_seconds": opts["timeout"],
                "max_attempts": opts["max_attempts"],
                "is_active": not opts["inactive"],
            },
        )
        self.stdout.write(f"{'added' if created else 'updated'} destination {dest.name} ({dest.kind})")


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
