from django.utils.functional import SimpleLazyObject

from zhengwu.core.public import site
from zhengwu.core.systems import public_pages, systems_for


def navigation(request):
    """The systems the current user may open, for the top navigation."""
    user = getattr(request, "user", None)
    return {"nav_systems": systems_for(user) if user is not None else []}


def public_site(request):
    """What every page shows of the public side: the public entries, the footer, the display mode."""
    return {
        "nav_public": [p for _s, p in public_pages() if p.on_home],
        "site_footer": SimpleLazyObject(site.footer),
        "display_large": site.is_large(request),
    }
