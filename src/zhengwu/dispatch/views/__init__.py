"""Pages of 大分拨, thin (parse a form → call a selector or service → render), by audience:

- `public`: the citizen's report form, the lookup with the rating, the photos (no login);
- `hotline`: the hotline operator's form (统一接听);
- `cases`: staff — the triage queue, the to-do list, all events, the case page and its actions.

The JSON API is `dispatch.api`. Views import no models: choices come from `rules`/`standard`, records
from `selectors`.
"""
