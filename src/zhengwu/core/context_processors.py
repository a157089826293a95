from zhengwu.core.systems import systems_for


def navigation(request):
    """The systems the current user may open, for the top navigation."""
    user = getattr(request, "user", None)
    return {"nav_systems": systems_for(user) if user is not None else []}
