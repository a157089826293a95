"""The pages' Content-Security-Policy: scripts only from the static files' path (and nonce'd inline ones).

`'self'` in `script-src` would let any same-origin URL be a script — including a page that serves
what someone uploaded (issue 12 §1). A CSP source with a path needs a host, and the host is the
request's, so settings write the placeholder `STATIC_SOURCE` and `ContentSecurityPolicyMiddleware`
puts `https://<this host>/static/` (or an absolute `STATIC_URL`) in its place for each response:

    SECURE_CSP = {"script-src": [CSP.NONCE, STATIC_SOURCE], ...}
    → Content-Security-Policy: ...; script-src 'nonce-…' https://zhengwu.example/static/; ...

No Django imports at module level: settings import this.
"""

STATIC_SOURCE = "<STATIC_SOURCE>"


def static_source(static_url: str, scheme: str, host: str | None) -> str | None:
    """The CSP source expression for the static files' path (None when the host is unknown)."""
    if static_url.startswith(("http://", "https://")):
        return static_url
    if static_url.startswith("//"):
        return f"{scheme}:{static_url}"
    if not host:
        return None
    return f"{scheme}://{host}{static_url if static_url.startswith('/') else '/' + static_url}"


def resolve(config: dict, source: str | None) -> dict:
    """`config` with STATIC_SOURCE replaced by `source`; a directive left empty becomes 'none' (never absent,
    which would fall back to default-src)."""
    out = {}
    for directive, values in config.items():
        if isinstance(values, list | tuple | set) and STATIC_SOURCE in values:
            values = [source if v == STATIC_SOURCE else v for v in values if v != STATIC_SOURCE or source]
            values = values or ["'none'"]
        out[directive] = values
    return out
