"""同一事项，一次办理 (item 32, issue 15 §1) at intake and on the case: suggestions with why, merging into
one master case (automatic above the threshold), every reporter replied to, public support (+1)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import services
from zhengwu.dispatch.models import Event, MatterSupport
from zhengwu.dispatch.selectors import matters as reads
from zhengwu.ledger.models import Entry

pytestmark = pytest.mark.django_db

LAMP = dict(channel="web", title="鹿丹村路灯不亮", text="鹿丹村小区门口的路灯坏了一个月，晚上很黑",
            address="桂园街道鹿丹村12栋", actor="public")


def report(phone="13812345678", **kw):
    return services.event_intake(**(LAMP | {"reporter_phone": phone} | kw))


def replied(event, cast):
    event.refresh_from_db()
    unit_user = cast["gy_ldc"] if event.unit.code == "GY-LDC" else cast["gy"]
    services.event_accept(event, actor=unit_user)
    services.event_resolve(event, actor=unit_user, result="已更换灯泡")
    return services.event_reply(event, actor=cast["dispatcher"], text="路灯已修复，感谢反映。")


def test_two_reports_of_one_broken_lamp_become_one_case_with_two_reporters_who_both_get_the_reply(
    cast, classify_as, settings
):
    settings.DISPATCH_MATTER_THRESHOLDS = {}  # the defaults: automatic merging above 0.6
    classify_as("城乡建设", 0.9)
    first = report()
    second = report(
        phone="13900001111", title="鹿丹村门口路灯坏了", text="鹿丹村小区门口路灯坏了一个月了，晚上太黑"
    )
    second.refresh_from_db()
    assert second.duplicate_of_id == first.pk and second.merged_automatically and second.merge_score >= 0.6
    assert second.state == "closed" and second.unit_id is None  # never routed: the master is the one case
    assert [r["case_no"] for r in reads.reporters_of(first)] == [first.case_no, second.case_no]
    replied(first, cast)
    second.refresh_from_db()
    assert (second.state, second.reply) == (
        "replied",
        "路灯已修复，感谢反映。",
    )  # the lookup offers the rating
    services.event_rate(second, rating="satisfied", phone="13900001111")
    assert Event.objects.get(pk=second.pk).state == "closed"
    actions = set(Entry.objects.filter(object_id=str(second.pk)).values_list("action", flat=True))
    assert {"dispatch.matter.merged", "dispatch.matter.reporter_replied", "dispatch.event.rated"} <= actions
    note = Entry.objects.get(object_id=str(second.pk), action="dispatch.matter.merged")
    assert note.actor_label == "system"  # automatic merges are shown as such


def test_a_similar_report_is_suggested_with_why_and_merged_by_hand(cast, classify_as, settings):
    settings.DISPATCH_MATTER_THRESHOLDS = {"auto_merge": 1.5}  # no automatic merge here
    classify_as("城乡建设", 0.9)
    first = report()
    second = report(phone="13900001111", title="鹿丹村晚上太黑", text="鹿丹村门口那盏路灯不亮有一段时间了")
    assert second.duplicate_of_id is None
    found = reads.matter_suggestions(second)
    assert found and found[0]["event"].pk == first.pk
    match = found[0]["match"]
    assert match.score >= 0.2 and match.shared_places and match.days is not None and match.reasons
    with pytest.raises(PermissionDenied):
        services.matter_merge(event=second, master=first, actor=cast["gy"])
    services.matter_merge(event=second, master=first, actor=cast["dispatcher"], score=match.score)
    second.refresh_from_db()
    assert second.duplicate_of_id == first.pk and not second.merged_automatically


def test_a_case_is_merged_once_never_into_a_merged_case_nor_into_itself(cast, classify_as, settings):
    settings.DISPATCH_MATTER_THRESHOLDS = {"auto_merge": 1.5}
    classify_as("城乡建设", 0.9)
    a, b, c = report(), report(phone="13900001111"), report(phone="13900002222")
    d = cast["dispatcher"]
    with pytest.raises(ApplicationError) as exc:
        services.matter_merge(event=a, master=a, actor=d)
    assert exc.value.code == "same_case"
    services.matter_merge(event=b, master=a, actor=d)
    with pytest.raises(ApplicationError) as exc:
        services.matter_merge(event=b, master=c, actor=d)
    assert (exc.value.code, exc.value.status) == ("already_merged", 409)
    with pytest.raises(ApplicationError) as exc:
        services.matter_merge(event=c, master=b, actor=d)
    assert exc.value.code == "master_merged"
    services.matter_merge(event=a, master=c, actor=d)  # a master merged in turn: its merged cases follow
    assert set(Event.objects.filter(duplicate_of=c).values_list("pk", flat=True)) == {a.pk, b.pk}


def test_a_report_merged_after_the_reply_gets_it_at_once(cast, classify_as, settings):
    settings.DISPATCH_MATTER_THRESHOLDS = {"auto_merge": 1.5}
    classify_as("城乡建设", 0.9)
    first = report()
    replied(first, cast)
    late = report(phone="13900001111")
    services.matter_merge(event=late, master=Event.objects.get(pk=first.pk), actor=cast["dispatcher"])
    late.refresh_from_db()
    assert late.state == "replied" and late.reply == "路灯已修复，感谢反映。"


def test_other_matters_and_old_cases_are_not_suggested(cast, classify_as, settings):
    settings.DISPATCH_MATTER_THRESHOLDS = {}
    classify_as("城乡建设", 0.9)
    first = report()
    other = report(phone="13900001111", title="学校乱收费", text="罗湖区某小学要求交资料费", address="")
    assert other.duplicate_of_id is None
    assert [s["event"].pk for s in reads.matter_suggestions(other)] == []
    assert first.pk in [e.pk for e in reads.candidate_pool(other, reads.thresholds())]
    Event.objects.filter(pk=first.pk).update(received_at=first.received_at.replace(year=2020))
    assert first.pk not in [
        e.pk for e in reads.candidate_pool(other, reads.thresholds())
    ]  # outside the window


def test_public_support_once_per_client_on_a_published_case(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = report()
    with pytest.raises(ApplicationError) as exc:
        services.matter_support(case_no=event.case_no, client="1.2.3.4")
    assert (exc.value.code, exc.value.status) == ("not_public", 404)
    with pytest.raises(PermissionDenied):
        services.matter_publish(event=event, actor=cast["gy"])
    services.matter_publish(event=event, actor=cast["dispatcher"])
    assert services.matter_support(case_no=event.case_no, client="1.2.3.4") == 1
    with pytest.raises(ApplicationError) as exc:
        services.matter_support(case_no=event.case_no, client="1.2.3.4")
    assert (exc.value.code, exc.value.status) == ("already_supported", 409)
    assert services.matter_support(case_no=event.case_no.lower(), client="5.6.7.8") == 2
    assert "1.2.3.4" not in MatterSupport.objects.values_list("client", flat=True).first()
    assert Entry.objects.filter(action="dispatch.matter.supported").count() == 2


def test_the_case_page_shows_suggestions_and_merges(client, cast, classify_as, settings):
    settings.DISPATCH_MATTER_THRESHOLDS = {"auto_merge": 1.5}
    classify_as("城乡建设", 0.9)
    first, second = report(), report(phone="13900001111")
    client.force_login(cast["dispatcher"])
    page = client.get(reverse("dispatch:case", args=[second.case_no]))
    assert (
        page.status_code == 200
        and b"matter-suggestions" in page.content
        and first.case_no.encode() in page.content
    )
    done = client.post(reverse("dispatch:merge", args=[second.case_no]), {"master": first.case_no})
    assert done.status_code == 302
    again = client.post(reverse("dispatch:merge", args=[second.case_no]), {"master": first.case_no})
    assert again.status_code == 302  # refused (already merged): back to the case with the message
    assert (
        client.post(reverse("dispatch:merge", args=[second.case_no]), {"master": "LH\x7f" * 40}).status_code
        < 500
    )
    master = client.get(reverse("dispatch:case", args=[first.case_no]))
    assert b"matter-reporters" in master.content and b"139****1111" in master.content
    assert b"13900001111" not in master.content


def test_the_support_page_never_fails(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = report()
    assert client.get(reverse("dispatch:support", args=["NOPE"])).status_code == 404
    assert client.post(reverse("dispatch:support", args=[event.case_no])).status_code == 404
    services.matter_publish(event=event, actor=cast["dispatcher"])
    page = client.post(reverse("dispatch:support", args=[event.case_no]))
    assert page.status_code == 200 and b"support-done" in page.content
    assert b"13812345678" not in page.content and "鹿丹村小区门口的路灯".encode() not in page.content
    assert client.post(reverse("dispatch:support", args=[event.case_no])).status_code == 409


def test_intake_stores_profiles_and_the_check_scores_stored_ones_exactly_as_made_ones(classify_as, settings):
    """Speed (issue 15): each event's text profile is stored at intake and read back instead of tokenising
    the candidates; a stale stored profile (the text was edited) is ignored and made again."""
    from zhengwu.dispatch.models import MatterProfile
    from zhengwu.dispatch.rules import matters as rules

    settings.DISPATCH_MATTER_THRESHOLDS = {"auto_merge": 1.5}
    classify_as("城乡建设", 0.9)
    first = report()
    assert MatterProfile.objects.filter(event=first).exists()
    second = report(phone="13900001111", title="鹿丹村晚上太黑", text="鹿丹村门口那盏路灯不亮有一段时间了")
    t = reads.thresholds()
    old = rules.candidates(
        reads.report_of(second), [reads.report_of(e) for e in reads.candidate_pool(second, t)], t
    )
    assert [(s["event"].pk, s["match"]) for s in reads.matter_suggestions(second, t)] == [
        (int(m.id), m) for m in old
    ]
    made = rules.profile(reads.report_of(first))
    assert rules.stored_profile(made.report, rules.profile_data(made)) == made  # bit for bit
    Event.objects.filter(pk=first.pk).update(title="学校乱收费", text="学校乱收资料费")
    missing = []
    reads.matter_suggestions(second, t, missing=missing)
    assert [pk for pk, _key, _data in missing] == [first.pk]  # stale: made again, to be stored again
    services.matter_profiles_store(missing)
    assert MatterProfile.objects.get(event=first).key == missing[0][1]


# --- a batch from another system (event_intake_many): checked by the routing, before it routes ---------

OTHER = dict(title="东门步行街噪音扰民", text="东门步行街商铺音响声音太大，晚上十点以后还在放",
             address="东门街道东门步行街")


def batch(*items, source="hotline"):
    return services.event_intake_many([dict(i) for i in items], channel="hotline", source_system=source)


def lamp_item(phone, source_id, **kw):
    return {k: v for k, v in LAMP.items() if k not in ("channel", "actor")} | {
        "reporter_phone": phone, "source_id": source_id} | kw


def test_a_batch_report_of_an_open_case_joins_it_and_is_not_routed(cast, classify_as, settings):
    settings.DISPATCH_MATTER_THRESHOLDS = {}  # the defaults: automatic merging above 0.6
    classify_as("城乡建设", 0.9)
    first = report()
    first.refresh_from_db()
    assert first.state == "dispatched"
    again, other = batch(lamp_item("13900001111", "H-1", title="鹿丹村门口路灯坏了",
                                   text="鹿丹村小区门口路灯坏了一个月了，晚上太黑"),
                         OTHER | {"reporter_phone": "13900002222", "source_id": "H-2"})
    again.refresh_from_db(), other.refresh_from_db()
    assert again.duplicate_of_id == first.pk and again.merged_automatically and again.state == "closed"
    assert again.unit_id is None  # never routed: the master is the one case
    assert other.duplicate_of_id is None and other.state == "dispatched"
    assert [r["case_no"] for r in reads.reporters_of(first)] == [first.case_no, again.case_no]
    note = Entry.objects.get(object_id=str(again.pk), action="dispatch.matter.merged")
    assert note.actor_label == "system"


def test_each_report_of_a_batch_is_checked_against_the_open_case(cast, classify_as, settings):
    """The first report's check profiles the batch's other reports as candidates; that must not pass for
    their own check (each one joins the open case)."""
    settings.DISPATCH_MATTER_THRESHOLDS = {}
    classify_as("城乡建设", 0.9)
    report()
    events = batch(lamp_item("13900001111", "H-1"), lamp_item("13900002222", "H-2"),
                   lamp_item("13900003333", "H-3"))
    for e in events:
        e.refresh_from_db()
    masters = {e.duplicate_of_id for e in events}
    assert None not in masters and all(e.state == "closed" and e.unit_id is None for e in events)
    assert Event.objects.filter(state="dispatched").count() == 1  # the one case: the first report's


def test_two_reports_of_one_matter_in_one_batch_become_one_routed_case(cast, classify_as, settings):
    settings.DISPATCH_MATTER_THRESHOLDS = {}
    classify_as("城乡建设", 0.9)
    a, b = batch(lamp_item("13900001111", "H-1"),
                 lamp_item("13900002222", "H-2", title="鹿丹村门口路灯坏了",
                           text="鹿丹村小区门口路灯坏了一个月了，晚上太黑"))
    a.refresh_from_db(), b.refresh_from_db()
    merged, master = (a, b) if a.duplicate_of_id else (b, a)
    assert merged.duplicate_of_id == master.pk and merged.state == "closed" and merged.unit_id is None
    assert master.duplicate_of_id is None and master.state == "dispatched"


def test_the_routing_checks_a_bounded_number_per_call_and_still_routes_every_event(cast, classify_as,
                                                                                    monkeypatch):
    """The checks run inside the routing transaction: at most MATTER_CHECKS_PER_BATCH per call, the rest
    wait for the next call of the loop — and are checked then, although the first calls' checks profiled
    them as candidates; a failing check routes the event all the same."""
    from zhengwu.dispatch.services import matters as matter_services
    from zhengwu.dispatch.services import routing

    classify_as("城乡建设", 0.9)
    monkeypatch.setattr(routing, "MATTER_CHECKS_PER_BATCH", 2)
    monkeypatch.setattr("zhengwu.dispatch.services.intake._route_later", lambda: False)  # routed below
    events = batch(*[OTHER | {"reporter_phone": "13900002222", "source_id": f"H-{i}",
                              "text": f"{OTHER['text']}（第{i}次）"} for i in range(5)])
    calls = []

    def check(event):
        calls.append(event.pk)
        if len(calls) == 1:
            return []  # as when the matcher fails: logged, no profile stored, the event routed
        return matter_services.matter_check_new(event)

    monkeypatch.setattr(routing, "matter_check_new", check)
    counts, per_call = {}, []
    while handled := services.dispatch_pending(limit=500, counts=counts):
        per_call.append(handled)
    assert per_call == [2, 2, 1] and sorted(calls) == sorted(e.pk for e in events)
    assert set(Event.objects.filter(pk__in=[e.pk for e in events]).values_list("state", flat=True)) == {
        "dispatched"}
    assert counts == {"dispatched": 5}
