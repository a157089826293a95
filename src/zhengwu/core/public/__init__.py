"""The public side of the platform: what residents and businesses reach without an account.

The public home (`/`), the site-wide search, the site map, the privacy statement and the display
mode (长辈版 / 大字版) live here; every system's own public pages are declared in its registry entry
(`core.systems.PublicPage`) and its contribution to the search in `provides["public_search"]`, so
this shell never names a system. docs/public-site.md describes it.
"""
