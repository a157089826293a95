"""Shared HTTP POST for the JSON and XML connectors (httpx): headers, timeout, outcome from the status."""

import httpx

from zhengwu.outbox import rules, standard
from zhengwu.outbox.connectors.base import Result


def headers_for(destination, message, content_type: str) -> dict:
    headers = {str(k): str(v) for k, v in (destination.headers or {}).items()}
    headers.update({standard.IDEMPOTENCY_HEADER: message.idempotency_key, "Content-Type": content_type,
                    "User-Agent": "zhengwu-outbox/1"})
    token = destination.resolved_token()
    if token and destination.auth_header:
        headers[destination.auth_header] = token
    return headers


def post(
    destination, message, *, body: bytes, content_type: str, client: httpx.Client | None = None
) -> Result:
    """POST `body`; 2xx/409 → delivered, 5xx/408/429/timeout/connection
    error → retry, other 4xx → permanent."""
    url = destination.resolved_url()
    headers = headers_for(destination, message, content_type)
    timeout = httpx.Timeout(destination.timeout_seconds)
    try:
        if client is None:
            response = httpx.post(url, content=body, headers=headers, timeout=timeout)
        else:
            response = client.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.TimeoutException as exc:
        return Result(
            standard.RETRY, error=f"timeout after {destination.timeout_seconds:g}s: {type(exc).__name__}"
        )
    except httpx.InvalidURL as exc:
        return Result(standard.PERMANENT, error=f"invalid URL {url!r}: {exc}")
    except httpx.UnsupportedProtocol as exc:
        return Result(standard.PERMANENT, error=f"unsupported URL {url!r}: {exc}")
    except httpx.HTTPError as exc:
        return Result(standard.RETRY, error=f"{type(exc).__name__}: {exc}")
    outcome = rules.classify_http_status(response.status_code)
    error = "" if outcome == standard.OK else f"HTTP {response.status_code}: {response.text[:500]}"
    return Result(outcome, http_status=response.status_code, error=error)
