"""File and wire formats of 大分拨, pure (bytes out, no ORM): `figures_report` — the 大督查 monthly report
(XLSX, PDF); `open311` — the Open311 GeoReport v2 documents."""
