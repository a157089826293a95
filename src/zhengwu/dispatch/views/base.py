"""What every 大分拨 page shares: the navigation's flag and the citizen's proven cases in the session."""

from django.shortcuts import render

from zhengwu.core import throttle
from zhengwu.dispatch import permissions

SESSION_CASES = "dispatch_verified"  # {case_no: phone} the citizen proved in this session
SESSION_LAST_CASE = "dispatch_last_case"  # the case number the report form just gave


def render_page(request, template: str, context: dict, status: int = 200):
    """Render a 大分拨 page (the navigation shows the dispatchers' links to dispatchers)."""
    context["is_dispatcher"] = permissions.is_dispatcher(request.user)
    return render(request, template, context, status=status)


def proven_cases(request) -> dict:
    """{case_no: phone} of the cases the citizen proved (case number + phone) in this session."""
    return request.session.get(SESSION_CASES, {})


def prove_case(request, case_no: str, phone: str) -> None:
    verified = proven_cases(request)
    verified[case_no] = phone
    request.session[SESSION_CASES] = verified


def with_retry_after(response, error):
    """Retry-After on a refusal of the public forms (core.throttle)."""
    if isinstance(error, throttle.Throttled):
        response["Retry-After"] = str(error.retry_after)
    return response
