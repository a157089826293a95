"""Which cases a visitor proved in this session (a code or a number and a phone), per system.

A public outcome page lets the visitor rate only what they proved: the system's view calls `prove` once
the proof matched (its own service checks it, limited by core.throttle) and `proven` before it shows or
accepts a rating. The session keeps at most `KEEP` cases per system (oldest dropped)."""

SESSION_KEY = "rating_proofs"
KEEP = 20


def proven(request, system: str) -> list[str]:
    """The subjects (cases) of `system` proved in this session, oldest first."""
    value = request.session.get(SESSION_KEY, {}).get(system, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def prove(request, system: str, subject: str) -> None:
    proofs = dict(request.session.get(SESSION_KEY, {}))
    subjects = [s for s in proven(request, system) if s != subject] + [str(subject)]
    proofs[system] = subjects[-KEEP:]
    request.session[SESSION_KEY] = proofs


def is_proven(request, system: str, subject: str) -> bool:
    return str(subject) in proven(request, system)
