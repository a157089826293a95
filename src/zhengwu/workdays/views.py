import calendar as pycalendar
from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhengwu.workdays.rules import LIBRARY_FIRST_YEAR, UnknownYear
from zhengwu.workdays.selectors import calendar


@login_required
def year_view(request):
    """A year at a glance: holidays, make-up working days and the working-day count of each month."""
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = max(LIBRARY_FIRST_YEAR, min(year, 2100))
    cal = calendar()
    months, error = [], None
    try:
        for month in range(1, 13):
            weeks = []
            for week in pycalendar.Calendar().monthdatescalendar(year, month):
                weeks.append(
                    [
                        {
                            "day": d,
                            "in_month": d.month == month,
                            "workday": cal.is_workday(d) if d.month == month else None,
                            "weekend": d.weekday() >= 5,
                        }
                        for d in week
                    ]
                )
            count = sum(1 for w in weeks for d in w if d["in_month"] and d["workday"])
            months.append({"month": month, "weeks": weeks, "workdays": count})
    except UnknownYear as exc:
        error, months = str(exc), []
    return render(request, "workdays/year.html", {
        "year": year, "months": months, "error": error, "today": date.today(),
        "prev_year": year - 1, "next_year": year + 1,
    })
