"""大数据 (item 35, issue 15 §7): the daily tables, the analysis (surges, heat index, clusters, repeat
addresses), the hotspot page with its drill-down and XLSX, the 主动治理 task and the 民生微实事 suggestion."""

import csv
import io
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.apps import DispatchConfig
from zhengwu.dispatch.models import Event, HotspotAddressDaily, HotspotDaily, MatterSupport, ProactiveTask
from zhengwu.dispatch.rules import hotspots as rules
from zhengwu.dispatch.selectors import hotspots as reads
from zhengwu.dispatch.services import hotspots as actions
from zhengwu.ledger.models import Entry

VOTES_CSV = Path(__file__).parent / "data" / "citizen_messages_with_votes.csv"
END = date(2026, 11, 29)  # a Sunday: the week is 11-23 … 11-29


# --- rules (pure) ------------------------------------------------------------------------------------

def _days(label, street, per_day, first, last, **kw):
    out, d = [], first
    while d <= last:
        out.append(rules.Day(d, label, street, per_day, kw.get("supports", 0), kw.get("severity", per_day)))
        d += timedelta(days=1)
    return out


def test_a_cell_surges_only_well_above_its_baseline():
    base = _days("城乡建设", "GY", 2, END - timedelta(days=34), END)  # 14 a week, every week
    a = rules.analyse(base, end=END)
    assert not a["surges"] and a["cells"][0]["volume"] == 14 and a["cells"][0]["baseline"] == 14
    surge = base + [rules.Day(END, "城乡建设", "GY", 20, 0, 20)]  # 34 against 14: ×2.4, z = 5.2
    cell = rules.analyse(surge, end=END)["cells"][0]
    assert cell["surge"] and cell["volume"] == 34 and cell["growth"] == pytest.approx(20 / 14, abs=1e-3)
    small = [rules.Day(END, "环境保护", "DM", 4, 0, 4)]  # from nothing, but under surge_min
    assert not rules.analyse(small, end=END)["surges"]
    assert rules.analyse([rules.Day(END, "环境保护", "DM", 5, 0, 5)], end=END)["surges"]
    # ×2 but within the noise of a busy cell: (60 − 35) / √36 = 4.2 ≥ 3 surges; 50 (2.5) does not
    busy = _days("交通运输", "HB", 5, END - timedelta(days=34), END - timedelta(days=7))
    assert rules.analyse(busy + [rules.Day(END, "交通运输", "HB", 70, 0, 70)], end=END)["surges"]
    assert not rules.analyse(busy + [rules.Day(END, "交通运输", "HB", 50, 0, 50)], end=END)["surges"]


def test_heat_index_follows_the_documented_formula():
    t = rules.HOTSPOT_TERMS
    # the largest cell, doubled since last week, the most support, one extra severity point per report
    h = rules.heat(volume=10, previous=5, support=4, severity_points=20, max_volume=10, max_support=4, t=t)
    assert h == pytest.approx(100 * (0.4 * 1 + 0.3 * (1 / 3) + 0.15 * 1 + 0.15 * (1 / 5)), abs=0.05)
    assert (
        rules.heat(volume=0, previous=3, support=0, severity_points=0, max_volume=9, max_support=0, t=t) == 0
    )
    low = rules.heat(volume=1, previous=1, support=0, severity_points=1, max_volume=100, max_support=5, t=t)
    assert low == pytest.approx(100 * 0.4 * (0.6931 / 4.6151), abs=0.05)
    assert rules.severity() == 1 and rules.severity(supervised=True, unsatisfied=True, red_warning=True) == 4


def test_terms_overrides_are_checked():
    assert rules.merged_terms({"days": 14})["days"] == 14
    for bad in ({"dayz": 7}, {"days": 0}, {"days": 1.5}, {"w_volume": 0.9}, {"surge_z": "3"}, {"days": 400}):
        with pytest.raises(ApplicationError) as exc:
            rules.merged_terms(bad)
        assert exc.value.code == "invalid_setting"
    assert rules.merged_terms({"w_volume": 0.55, "w_growth": 0.15})["w_volume"] == 0.55


def test_repeat_addresses_from_the_threshold():
    rows = [("鹿丹村12栋", "GY", 3, 2), ("东门路1号", "DM", 2, 2), ("翠竹路5号", "CZ", 7, 5)]
    assert [r["address"] for r in rules.repeat_addresses(rows)] == ["翠竹路5号", "鹿丹村12栋"]


# --- data -------------------------------------------------------------------------------------------

_seq = iter(range(1, 10**7))


def make_events(units, rows) -> list[Event]:
    """Events straight into the table (as a migration or the generator would): rows of dicts with label,
    street (code or None), at (aware), and optional address, title, text, supervised, rating."""
    tz = timezone.get_current_timezone()
    events = []
    for r in rows:
        n = next(_seq)
        at = r["at"] if isinstance(r["at"], datetime) else timezone.make_aware(datetime.combine(r["at"],
                                                                                               datetime.min.time())
                                                                               .replace(hour=10), tz)
        events.append(
            Event(
                case_no=f"HS{n:010d}",
                channel="web",
                title=r.get("title", f"{r['label']} 反映 {n}"),
                text=r.get("text", f"{r['label']} 的问题 {n}"),
                address=r.get("address", ""),
                received_at=at,
                predicted_label=r["label"],
                triage_label=r.get("triage", ""),
                street=units[r["street"]] if r.get("street") else None,
                supervised=r.get("supervised", False),
                rating=r.get("rating", ""),
                state=r.get("state", "dispatched"),
            )
        )
    return Event.objects.bulk_create(events)


def generated(units, seed=7) -> list[Event]:
    """Eight weeks of ordinary reports over five classes and four streets, and in the last week a surge
    of 环境保护 in 东门街道 (DM) at one address."""
    rnd = random.Random(seed)
    rows = []
    for day in range(56):
        d = END - timedelta(days=day)
        for label in ("城乡建设", "环境保护", "交通运输", "卫生计生", "教育文体"):
            for street in ("GY", "HB", "DM", "CZ"):
                for _i in range(rnd.choice((0, 0, 1, 1, 2))):
                    rows.append({"label": label, "street": street, "at": d})
    for i in range(25):
        rows.append({"label": "环境保护", "street": "DM", "at": END - timedelta(days=i % 5),
                     "title": "东门步行街夜市油烟扰民", "text": f"东门步行街夜市烧烤油烟很大，熏得睡不着 {i}",
                     "address": "东门步行街18号", "supervised": i % 5 == 0})
    return make_events(units, rows)


# --- refresh ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_refresh_fills_the_daily_tables_and_replaces_its_days(units):
    day = date(2026, 11, 20)
    events = make_events(units, [
        {"label": "城乡建设", "street": "GY", "at": day, "address": "鹿丹村12栋", "supervised": True},
        {"label": "城乡建设", "street": "GY", "at": day, "address": "鹿丹村12栋", "rating": "unsatisfied"},
        {"label": "环境保护", "street": "GY", "at": day, "triage": "城乡建设", "address": " 鹿丹村12栋"},
        {"label": "交通运输", "street": None, "at": day},
        {"label": "", "street": "DM", "at": day + timedelta(days=1)},
    ])
    MatterSupport.objects.bulk_create([MatterSupport(event=events[0], client=f"c{i}") for i in range(3)])
    assert actions.hotspots_refresh(first=day, last=day + timedelta(days=1))["rows"] == 3
    rows = {(r.day, r.label, r.street.code if r.street else None): (r.events, r.supports, r.severity)
            for r in HotspotDaily.objects.select_related("street")}
    # the dispatcher's triage label wins over the classifier's;
    # severity: 1 each, +1 supervised, +1 unsatisfied
    assert rows == {(day, "城乡建设", "GY"): (3, 3, 5), (day, "交通运输", None): (1, 0, 1),
                    (day + timedelta(days=1), "未分类", "DM"): (1, 0, 1)}
    assert HotspotAddressDaily.objects.get(address="鹿丹村12栋").events == 3  # spaces do not split an address
    Event.objects.filter(pk=events[3].pk).delete()
    actions.hotspots_refresh(first=day, last=day)
    assert HotspotDaily.objects.filter(day=day).count() == 1
    assert HotspotDaily.objects.filter(day=day + timedelta(days=1)).count() == 1  # outside the range: kept
    with pytest.raises(ApplicationError):
        actions.hotspots_refresh(first=day, last=day - timedelta(days=1))


def test_the_refresh_is_a_declared_periodic_job():
    jobs = {p.name: p.task for p in DispatchConfig.periodic}
    assert jobs["dispatch.hotspots"] == "zhengwu.dispatch.tasks.refresh_hotspots"
    assert jobs["dispatch.hotspots_month"] == "zhengwu.dispatch.tasks.refresh_hotspots_month"


@pytest.mark.django_db
def test_the_periodic_step_counts_todays_reports(units):
    make_events(units, [{"label": "城乡建设", "street": "GY", "at": timezone.now()}])
    from zhengwu.dispatch import tasks

    assert tasks.refresh_hotspots.call() == 1
    assert HotspotDaily.objects.get().day == timezone.localdate()


# --- the page ---------------------------------------------------------------------------------------

@pytest.fixture
def surge(ref):
    events = generated(ref)
    actions.hotspots_refresh(first=END - timedelta(days=120), last=END)
    return events


@pytest.mark.django_db
def test_the_hotspot_page_shows_the_surge_of_a_generated_data_set(client, cast, surge):
    client.force_login(cast["dispatcher"])
    page = client.get(reverse("dispatch:hotspots"), {"end": END.isoformat(), "days": 7})
    assert page.status_code == 200
    html = page.content.decode()
    surges = html[html.index('id="surges"'):html.index("</table>", html.index('id="surges"'))]
    assert 'data-label="环境保护" data-street="DM"' in surges and surges.count("<tr data-label") == 1
    assert "echarts-5.6.0.min.js" in html and 'id="hotspot-data"' in html and 'id="chart-matrix"' in html
    assert 'id="no-map"' in html  # no street boundaries configured: no map, and the page says so
    assert "东门步行街18号" in html[html.index('id="addresses"'):]  # the repeat address
    data = client.get(reverse("dispatch:hotspots_json"), {"end": END.isoformat()}).json()
    top = data["surges"][0]
    assert (top["label"], top["street"], top["street_name"]) == ("环境保护", "DM", "东门街道")
    assert data["hotspots"][0]["label"] == "环境保护" and data["hotspots"][0]["street"] == "DM"  # the hottest
    assert top["volume"] >= 25 and top["heat"] > data["hotspots"][1]["heat"]
    # the emerging cluster: the same-matter matcher groups the night-market reports
    assert data["clusters"] and data["clusters"][0]["size"] >= 20 and "夜市" in data["clusters"][0]["title"]
    assert sum(p["total"] for p in data["trend"][-8:]) == len(surge)


@pytest.mark.django_db
def test_drill_down_lists_the_cases_of_a_cell(client, cast, surge):
    client.force_login(cast["dispatcher"])
    page = client.get(reverse("dispatch:hotspot_cases"), {"label": "环境保护", "street": "DM",
                                                          "end": END.isoformat(), "days": 7})
    assert page.status_code == 200
    expected = Event.objects.filter(predicted_label="环境保护", street__code="DM",
                                    received_at__date__gte=END - timedelta(days=6)).count()
    assert f"共 {expected} 件" in page.content.decode() and expected >= 25
    assert client.get(reverse("dispatch:hotspot_cases"), {"days": "x"}).status_code == 400


@pytest.mark.django_db
def test_xlsx_export(client, cast, surge):
    client.force_login(cast["supervisor"])
    response = client.get(reverse("dispatch:hotspots_xlsx"), {"end": END.isoformat()})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["热点", "分类×街道", "趋势", "重复地址", "聚集事项"]
    first = [c.value for c in wb["热点"][2]]
    assert first[:2] == ["环境保护", "东门街道"] and first[-1] == "是"
    assert [c.value for c in wb["重复地址"][2]][:3] == ["东门步行街18号", "东门街道", 25]


@pytest.mark.django_db
def test_only_dispatchers_and_supervisors_see_hotspots(client, cast, surge):
    client.force_login(cast["gy"])
    assert client.get(reverse("dispatch:hotspots")).status_code == 403
    assert client.get(reverse("dispatch:hotspots_xlsx")).status_code == 403
    assert client.get(reverse("dispatch:hotspot_cases")).status_code == 403
    client.logout()
    assert client.get(reverse("dispatch:hotspots")).status_code == 302
    with pytest.raises(PermissionDenied):
        reads.hotspot_analysis(user=cast["gy"], end=END)


@pytest.mark.django_db
def test_bad_period_is_a_clear_message(client, cast):
    client.force_login(cast["dispatcher"])
    page = client.get(reverse("dispatch:hotspots"), {"days": "0"})
    assert page.status_code == 400 and "days" in page.content.decode()
    assert client.get(reverse("dispatch:hotspots_json"), {"end": "2026-13-01"}).json()["error"]["fields"]


# --- 主动治理 and 民生微实事 ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_hotspot_becomes_a_proactive_task_then_a_microproject_suggestion(client, cast, surge):
    client.force_login(cast["dispatcher"])
    url = reverse("dispatch:proactive_new")
    assert (
        client.get(url, {"label": "环境保护", "street": "DM", "end": END.isoformat(), "days": 7}).status_code
        == 200
    )
    response = client.post(url, {"label": "环境保护", "street": "DM", "end": END.isoformat(), "days": 7,
                                 "unit": "DM", "title": "东门步行街夜市油烟专项治理", "demand": "两周内整治"})
    assert response.status_code == 302
    task = ProactiveTask.objects.get()
    assert (task.label, task.street.code, task.unit.code, task.period_start) == ("环境保护", "DM", "DM",
                                                                                  END - timedelta(days=6))
    assert task.figures["surge"] and len(task.case_nos) == task.figures["volume"] >= 25
    assert Entry.objects.filter(action="dispatch.hotspot.task_created", object_id=str(task.pk)).count() == 1
    # no hotspot there: refused with a message, nothing stored
    bad = client.post(url, {"label": "政法", "street": "DM", "end": END.isoformat(), "days": 7, "unit": "DM",
                            "title": "x"})
    assert bad.status_code == 404 and ProactiveTask.objects.count() == 1
    # the suggestion, through what microprojects declares; the link is kept on both sides
    community = next(c for c, _n in reads.task_communities(task))
    response = client.post(reverse("dispatch:proactive_suggest", args=[task.pk]), {"community": community})
    assert response.status_code == 302
    task.refresh_from_db()
    from zhengwu.microprojects.models import Suggestion  # the other app's table, read by the test only

    s = Suggestion.objects.get(pk=int(task.suggestion_ref))
    assert s.unit.code == community and s.title == task.title and f"proactive-task:{task.pk}" in s.text
    assert reverse("dispatch:proactive_task", args=[task.pk]) in s.text and s.state == "new"
    assert Entry.objects.filter(action="dispatch.hotspot.suggested", object_id=str(task.pk)).exists()
    again = client.post(reverse("dispatch:proactive_suggest", args=[task.pk]), {"community": community})
    assert again.status_code == 409 and Suggestion.objects.count() == 1
    # the responsible street records the result; another unit cannot
    dm = cast["dm"]
    client.force_login(cast["gy"])
    assert client.post(reverse("dispatch:proactive_done", args=[task.pk]), {"result": "x"}).status_code == 404
    client.force_login(dm)
    assert client.get(reverse("dispatch:proactive_task", args=[task.pk])).status_code == 200
    assert (
        client.post(
            reverse("dispatch:proactive_done", args=[task.pk]), {"result": "已取缔占道烧烤"}
        ).status_code
        == 302
    )
    task.refresh_from_db()
    assert task.state == "done" and Entry.objects.filter(action="dispatch.hotspot.task_done").count() == 1
    assert client.get(reverse("dispatch:proactive")).status_code == 200


@pytest.mark.django_db
def test_without_the_microprojects_service_the_suggestion_is_refused_and_nothing_changes(
    cast, surge, monkeypatch
):
    hotspot = reads.hotspot_get(user=cast["dispatcher"], label="环境保护", street="DM", end=END)
    task = actions.proactive_task_create(actor=cast["dispatcher"], hotspot=hotspot, unit=surge[0].street,
                                         title="专项治理")

    def missing(app, name):
        raise LookupError(name)

    monkeypatch.setattr(actions.systems, "provided", missing)
    with pytest.raises(ApplicationError) as exc:
        actions.hotspot_suggest(actor=cast["dispatcher"], task=task, community="DM-x", source_url="/x")
    assert exc.value.code == "microprojects_unavailable"
    task.refresh_from_db()
    assert task.suggestion_ref == ""
    with pytest.raises(PermissionDenied):
        actions.proactive_task_create(actor=cast["gy"], hotspot=hotspot, unit=task.unit, title="x")


# --- the shared messages with public support ---------------------------------------------------------

@pytest.mark.django_db
def test_the_analysis_on_the_shared_messages_with_votes(cast, default_classifier):
    """../shared/data/citizen_messages_with_votes.csv (copied to tests/data): 30 messages of 2017–2020 with
    their likes. Labelled by the shipped classifier, likes as public support (附议); in the quarter to
    2019-09-30 the 魅力之城 night-stall fumes and noise make 环境保护 surge, the matcher finds them as one
    emerging cluster, and the heat index puts the cell first."""
    rows = list(csv.DictReader(VOTES_CSV.open(encoding="utf-8")))
    labels = default_classifier.predict([r["title"] for r in rows], [r["text"] for r in rows])
    tz = timezone.get_current_timezone()
    events = make_events({}, [{"label": label, "street": None, "title": r["title"], "text": r["text"],
                               "at": timezone.make_aware(datetime.fromisoformat(r["created_at"]), tz)}
                              for r, (label, _c) in zip(rows, labels, strict=True)])
    MatterSupport.objects.bulk_create(
        [
            MatterSupport(event=e, client=f"like-{i}")
            for e, r in zip(events, rows, strict=True)
            for i in range(int(r["likes"]))
        ]
    )
    actions.hotspots_refresh(first=date(2017, 6, 1), last=date(2020, 1, 31))
    assert sum(HotspotDaily.objects.values_list("events", flat=True)) == 30
    assert (
        sum(HotspotDaily.objects.values_list("supports", flat=True))
        == sum(int(r["likes"]) for r in rows)
        == 37
    )
    a = reads.hotspot_analysis(user=cast["supervisor"], end=date(2019, 9, 30), days=91)
    in_quarter = [r for r in rows if "2019-07-02" <= r["created_at"][:10] <= "2019-09-30"]
    assert sum(c["volume"] for c in a["cells"]) == len(in_quarter)
    top = a["cells"][0]
    assert (top["label"], top["street"], top["surge"]) == ("环境保护", "", True)
    charm = [r for r in in_quarter if "魅力之城" in r["title"]]
    assert top["volume"] == len(charm) == 10 and top["support"] == sum(int(r["likes"]) for r in charm)
    assert [s["label"] for s in a["surges"]] == ["环境保护"]
    cluster = a["clusters"][0]
    titles = {e.case_no: e.title for e in events}
    assert cluster["size"] >= 3 and all("魅力之城" in titles[no] for no in cluster["case_nos"])
