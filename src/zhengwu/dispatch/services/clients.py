"""The intake API's machine clients (WeChat, mini-programs, other systems): keys of core.ApiKey with
scope `dispatch.events` (standard.API_SCOPE), issued and revoked by core's services (ledgered there).

A key's **name is its events' source system**: idempotency (`source_id`, Idempotency-Key) and what a
client may read back (`GET /dispatch/api/events/<case_no>/`) are per source system. So a name, once
given to a system, stays that system's: `client_key_issue` refuses a name any dispatch key ever had
(409 `client_name_taken`) — another system with the same name would see, and replay onto, the first
one's events — and the one sanctioned reuse is `client_key_rotate`, which revokes the system's key
and issues its successor under the same name and channel in one transaction (the old key stops at
once, as ApiClient.reissue did). `checks.api_client_names` reports two active keys sharing a name
(made outside these services, e.g. in core's admin).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.services import api_key_issue, api_key_revoke
from zhengwu.dispatch import rules
from zhengwu.dispatch.selectors.clients import client_keys
from zhengwu.dispatch.standard import API_SCOPE, Channel


def client_key_issue(*, name: str, channel: str = Channel.SYSTEM, actor) -> tuple[object, str]:
    """A key for a new client system: (the ApiKey, the key itself — shown this once)."""
    name = rules.clean_text(name, field="name", label=_("名称"), max_length=64, required=True)
    rules.check_channel(channel)
    with transaction.atomic():
        if client_keys(name=name).exists():
            raise ApplicationError(
                _("已有名为“%(name)s”的接口客户端：名称即其事件的来源系统，不能重复；更换密钥请使用轮换。")
                % {"name": name},
                code="client_name_taken",
                field="name",
                status=409,
            )
        return api_key_issue(name=name, scope=API_SCOPE, channel=channel, actor=actor)


def client_key_rotate(*, name: str, actor) -> tuple[object, str]:
    """Revoke the client's active key(s) and issue its next one (same name, same channel)."""
    with transaction.atomic():
        keys = list(client_keys(name=name).select_for_update().order_by("-created_at", "-id"))
        if not keys:
            raise ApplicationError(
                _("没有名为“%(name)s”的接口客户端。") % {"name": name},
                code="unknown_client",
                field="name",
                status=404,
            )
        for key in keys:
            if key.revoked_at is None:
                api_key_revoke(key=key, actor=actor)
        return api_key_issue(name=name, scope=API_SCOPE, channel=keys[0].channel, actor=actor)


def client_key_revoke(*, name: str, actor) -> int:
    """Revoke every active key of the client; returns how many were revoked."""
    with transaction.atomic():
        keys = [k for k in client_keys(name=name).select_for_update() if k.revoked_at is None]
        for key in keys:
            api_key_revoke(key=key, actor=actor)
    return len(keys)
