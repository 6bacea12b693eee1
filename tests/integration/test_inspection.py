"""Quality inspection on real databases: the draw per outlet and its top-up, one review per
inspector, their agreement, results and comments per outlet (with scope)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from complaint_console.db import inspection
from complaint_console.db.models import InspectionItem, InspectionReview, InspectionSample, Ticket, TicketEvent
from complaint_console.domain.inspection import PROPORTIONAL, RUBRIC, validate_review
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth
from complaint_console.services import inspection as sampling
from tests import factories as f

WEEK = date(2026, 11, 16)  # a Monday; in Asia/Shanghai the week is [11-15 16:00 UTC, 11-22 16:00 UTC)
TZ = "Asia/Shanghai"
IN_WEEK = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


def closed(db, number, outlet_id, at=IN_WEEK, stage="closed"):
    t = f.ticket(db, number, outlet_id, phone="13900001111", name="李雷")
    t.stage = stage
    t.resolved_at = at - timedelta(hours=30)
    t.closed_at = at if stage == "closed" else None
    t.description = "李雷 13900001111 called about CC123456789012"
    db.add(t)
    db.flush()
    return t


@pytest.fixture
def world(db):
    f.region(db, "EAST")
    f.region(db, "WEST")
    e1, e2, w1 = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002"), f.outlet(db, "WEST-001", "WEST")
    users = {
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST),
        "admin": f.user(db, "admin", Role.HQ_ADMIN),
        "trainer": f.user(db, "trainer", Role.TRAINING_LEAD),
        "manager": f.user(db, "manager1", Role.OUTLET_MANAGER, e1.id),
    }
    east = [closed(db, f"CP-20261118-00000{i}", (e1 if i % 2 else e2).id, IN_WEEK + timedelta(hours=i)) for i in range(6)]
    west = [closed(db, f"CP-20261118-00001{i}", w1.id) for i in range(2)]
    others = [
        closed(db, "CP-20261110-000001", e1.id, IN_WEEK - timedelta(days=7)),  # closed the week before
        closed(db, "CP-20261124-000001", e1.id, IN_WEEK + timedelta(days=7)),  # closed the week after
        closed(db, "CP-20261118-000099", e1.id, stage="resolved"),  # resolved, not closed
        closed(db, "CP-20261115-000001", w1.id, datetime(2026, 11, 15, 15, 59, tzinfo=UTC)),  # Sunday 23:59 local
    ]
    db.add(TicketEvent(ticket_id=east[0].id, at=IN_WEEK, kind="comment", note="rang 13900001111 again"))
    db.commit()
    actors = {name: auth.actor_of(u) for name, u in users.items()}
    return actors, {"e1": e1, "e2": e2, "w1": w1}, east, west, others


def drawn_ids(db, sample):
    return {i.ticket_id for i in db.exec(inspection.select(InspectionItem).where(InspectionItem.sample_id == sample.id))}


def per_outlet(db, sample):
    rows = db.exec(
        inspection.select(Ticket.outlet_id)
        .join(InspectionItem, InspectionItem.ticket_id == Ticket.id)
        .where(InspectionItem.sample_id == sample.id)
    ).all()
    return {o: rows.count(o) for o in set(rows)}


def form(values, comment="c"):
    return validate_review(dict(zip(RUBRIC, map(str, values), strict=True)) | {"comment": comment})[0]


def test_the_draw_takes_n_closed_tickets_of_the_week_per_outlet(db, world):
    actors, outlets, east, west, others = world
    drawn = sampling.draw(db, actors["analyst"], WEEK, 2, TZ, seed=7)
    sample = drawn.sample
    ids = drawn_ids(db, sample)
    assert sample.item_count == drawn.added == len(ids) == 6 and not drawn.topped_up
    # every outlet gives 2 (EAST-001 and EAST-002 closed 3 each, WEST-001 closed 2): none is left out
    assert per_outlet(db, sample) == {outlets["e1"].id: 2, outlets["e2"].id: 2, outlets["w1"].id: 2}
    assert {t.id for t in west} <= ids and not ids & {t.id for t in others}
    assert (sample.week_start, sample.region, sample.mode, sample.size, sample.seed) == (WEEK, None, "per_outlet", 2, 7)
    assert sample.drawn_by_id == actors["analyst"].user_id and sample.drawn_at is not None


def test_a_proportional_draw_shares_n_per_outlet_by_closed_volume(db, world):
    actors, outlets, *_ = world
    for i in range(6):  # EAST-001 now closed 9 in the week, EAST-002 3, WEST-001 2
        closed(db, f"CP-20261119-00002{i}", outlets["e1"].id, IN_WEEK + timedelta(hours=i))
    db.commit()
    sample = sampling.draw(db, actors["analyst"], WEEK, 2, TZ, seed=3, mode=PROPORTIONAL).sample
    # 2 per outlet on average = 6 shared by 9:3:2 of 14 -> 3.9, 1.3, 0.9 -> 4, 1, 1
    assert per_outlet(db, sample) == {outlets["e1"].id: 4, outlets["e2"].id: 1, outlets["w1"].id: 1}
    assert sample.mode == PROPORTIONAL


def test_the_same_seed_draws_the_same_tickets(db, world):
    actors, *_ = world
    first = drawn_ids(db, sampling.draw(db, actors["analyst"], WEEK, 2, TZ, region="EAST", seed=42).sample)
    db.exec(inspection.sa.delete(InspectionItem))
    db.exec(inspection.sa.delete(InspectionSample))
    db.commit()
    assert drawn_ids(db, sampling.draw(db, actors["analyst"], WEEK, 2, TZ, region="EAST", seed=42).sample) == first


def test_drawing_again_tops_the_sample_up_with_tickets_closed_since_never_twice(db, world):
    actors, outlets, east, *_ = world
    first = sampling.draw(db, actors["analyst"], WEEK, 5, TZ, region="EAST", seed=5)
    before = drawn_ids(db, first.sample)
    assert before == {t.id for t in east}  # both outlets closed 3 of the 5 wanted: all taken
    later = [closed(db, f"CP-20261120-00003{i}", outlets["e1"].id, IN_WEEK + timedelta(days=2, hours=i)) for i in range(4)]
    extra = closed(db, "CP-20261120-000040", outlets["e2"].id, IN_WEEK + timedelta(days=2))
    db.commit()
    again = sampling.draw(db, actors["admin"], WEEK, 1, TZ, region="EAST")  # the sample's own size (5) holds
    assert again.topped_up and again.sample.id == first.sample.id and again.added == 3
    after = drawn_ids(db, again.sample)
    assert before < after and len(after & {t.id for t in later}) == 2 and extra.id in after
    assert per_outlet(db, again.sample) == {outlets["e1"].id: 5, outlets["e2"].id: 4}
    assert again.sample.item_count == len(after) == 9 and again.sample.topped_up_at is not None
    third = sampling.draw(db, actors["admin"], WEEK, 5, TZ, region="EAST")
    assert (third.added, drawn_ids(db, third.sample)) == (0, after)  # nothing new closed: nothing added
    count = inspection.select(inspection.sa.func.count(InspectionItem.id))
    assert db.exec(count).one() == 9  # one item per ticket (unique per sample)


def test_a_draw_overlapping_another_regions_sample_is_refused(db, world):
    actors, *_ = world
    sampling.draw(db, actors["analyst"], WEEK, 2, TZ, region="WEST")
    with pytest.raises(sampling.DrawRefused) as refused:
        sampling.draw(db, actors["admin"], WEEK, 2, TZ)  # all regions overlaps WEST
    assert refused.value.key == "inspection.error.already_drawn"
    assert sampling.draw(db, actors["admin"], WEEK, 2, TZ, region="EAST").sample.item_count == 4
    assert sampling.draw(db, actors["admin"], WEEK - timedelta(weeks=1), 2, TZ).sample.item_count == 2  # e1 1, w1 1


def test_only_hq_draws_lists_and_reviews(db, world):
    actors, *_ = world
    for name in ("trainer", "manager"):
        with pytest.raises(sampling.DrawRefused):
            sampling.draw(db, actors[name], WEEK, 2, TZ)
    sample = sampling.draw(db, actors["analyst"], WEEK, 2, TZ).sample
    item_id = inspection.items(db, actors["analyst"], sample.id)[0].id
    review = form((3, 3, 3, 3, 3), "ok")
    for name in ("trainer", "manager"):
        assert inspection.samples(db, actors[name]) == []
        assert inspection.items(db, actors[name], sample.id) == []
        assert inspection.count_items(db, actors[name], sample.id) == 0
        assert inspection.item_detail(db, actors[name], item_id) is None
        assert inspection.item_timeline(db, actors[name], item_id) == []
        assert sampling.save_review(db, actors[name], item_id, review) is None
    assert db.exec(inspection.select(inspection.sa.func.count(InspectionReview.id))).one() == 0


def test_items_are_paged_and_filtered_in_sql_and_show_masked_details(db, world):
    actors, outlets, east, *_ = world
    sample = sampling.draw(db, actors["analyst"], WEEK, 50, TZ).sample
    a = actors["analyst"]
    assert inspection.count_items(db, a, sample.id) == 8
    page1, page2 = inspection.items(db, a, sample.id, limit=5), inspection.items(db, a, sample.id, limit=5, offset=5)
    assert len(page1) == 5 and len(page2) == 3
    assert [r.region for r in page1 + page2] == ["EAST"] * 6 + ["WEST"] * 2
    item = next(r for r in page1 if r.number == east[0].number)
    d = inspection.item_detail(db, a, item.id)
    assert (d.customer_name, d.customer_phone, d.waybill_no) == ("李*", "139****1111", "CC********9012")
    assert "13900001111" not in d.description and "李雷" not in d.description and "CC123456789012" not in d.description
    assert [e.note for e in inspection.item_timeline(db, a, item.id)] == ["rang 139****1111 again"]
    assert inspection.samples(db, a)[0].item_count == 8


def test_two_inspectors_of_one_ticket_are_both_kept_each_redoes_only_their_own(db, world):
    actors, *_ = world
    a, b = actors["analyst"], actors["admin"]
    sample = sampling.draw(db, a, WEEK, 1, TZ).sample
    item_id = inspection.items(db, a, sample.id)[0].id
    bad, errors = validate_review({"reply_speed": "9", "comment": ""})
    assert bad is None and set(errors) == set(RUBRIC) | {"comment"}
    first = sampling.save_review(db, a, item_id, form((5, 4, 4, 3, 2), "Call 13900001111 back next time"))
    assert (first.reply_speed, first.record_completeness, first.reviewer_id) == (5, 2, a.user_id)
    assert first.comment == "Call 139****1111 back next time"  # the ticket's customer phone is scrubbed
    assert first.reviewed_at is not None and first.updated_at is None
    second = sampling.save_review(db, b, item_id, form((3, 4, 1, 3, 2), "Cold tone"))
    assert second.id != first.id and second.reviewer_id == b.user_id
    again = sampling.save_review(db, a, item_id, form((5, 4, 5, 3, 2), "Better on a second look"))
    assert again.id == first.id and again.empathy == 5 and again.updated_at is not None
    assert again.reviewed_at == first.reviewed_at
    rows = db.exec(inspection.select(InspectionReview).order_by(InspectionReview.id)).all()
    assert [(r.reviewer_id, r.empathy, r.comment) for r in rows] == [
        (a.user_id, 5, "Better on a second look"),
        (b.user_id, 1, "Cold tone"),
    ]
    mine = inspection.item_detail(db, b, item_id)  # each inspector's form holds their own review
    assert (mine.scores["empathy"], mine.comment, mine.others) == (1, "Cold tone", 1)
    fresh = inspection.item_detail(db, actors["analyst"], item_id)
    assert (fresh.scores["empathy"], fresh.others) == (5, 1)
    row = inspection.items(db, a, sample.id, "done")[0]
    assert (row.reviews, row.mine) == (2, True) and row.overall == pytest.approx((3.8 + 2.6) / 2)
    assert inspection.count_items(db, a, sample.id, "done") == 1 and inspection.samples(db, a)[0].reviewed == 1


def test_the_calibration_view_shows_both_reviews_and_their_agreement(db, world):
    actors, *_ = world
    a, b = actors["analyst"], actors["admin"]
    sample = sampling.draw(db, a, WEEK, 50, TZ).sample
    one, two, three = inspection.items(db, a, sample.id)[:3]
    sampling.save_review(db, a, one.id, form((5, 4, 3, 2, 1)))
    sampling.save_review(db, b, one.id, form((5, 2, 3, 3, 4)))  # differences 0 2 0 1 3
    sampling.save_review(db, a, two.id, form((4, 4, 4, 4, 4)))
    sampling.save_review(db, b, two.id, form((3, 4, 5, 1, 4)))  # differences 1 0 1 3 0
    sampling.save_review(db, a, three.id, form((1, 1, 1, 1, 1)))  # one inspector only: not in the agreement
    for reader in ("trainer", "analyst"):
        c = inspection.calibration(db, actors[reader], WEEK)
        assert (c.reviewed, c.doubled) == (3, 2)
        ag = c.agreement
        assert ag.pairs == dict.fromkeys(RUBRIC, 2)
        assert ag.agreed == {
            "reply_speed": 2,
            "remedy_accuracy": 1,
            "empathy": 2,
            "policy_compliance": 1,
            "record_completeness": 1,
        }
        assert ag.rate() == pytest.approx(7 / 10) and ag.rate("reply_speed") == 1.0
        assert ag.mean_diff["record_completeness"] == pytest.approx(1.5)
        assert [t.number for t in c.tickets][:2] == sorted([one.number, two.number])  # the doubled first
        first = next(t for t in c.tickets if t.number == one.number)
        assert [r.reviewer for r in first.reviews] == [a.display_name, b.display_name]  # in the order they were saved
        assert first.diffs == {
            "reply_speed": 0,
            "remedy_accuracy": 2,
            "empathy": 0,
            "policy_compliance": 1,
            "record_completeness": 3,
        }
        assert next(t for t in c.tickets if t.number == three.number).diffs is None
    assert inspection.calibration(db, actors["manager"], WEEK) is None
    assert inspection.review_weeks(db, actors["trainer"]) == [WEEK] and inspection.review_weeks(db, actors["manager"]) == []
    assert inspection.calibration(db, actors["trainer"], WEEK - timedelta(weeks=1)).doubled == 0


def test_comments_reach_the_outlets_score_page_of_that_week_within_scope(db, world):
    actors, outlets, *_ = world
    a, b = actors["analyst"], actors["admin"]
    sample = sampling.draw(db, a, WEEK, 1, TZ, seed=1).sample
    items = {r.outlet_code: r for r in inspection.items(db, a, sample.id)}
    sampling.save_review(db, a, items["EAST-001"].id, form((4, 4, 4, 4, 4), "E1: call 13900001111 sooner"))
    sampling.save_review(db, b, items["EAST-001"].id, form((2, 2, 2, 2, 2), "E1: record incomplete"))
    sampling.save_review(db, a, items["EAST-002"].id, form((5, 5, 5, 5, 5), "E2: exemplary"))
    manager = actors["manager"]  # EAST-001's manager
    seen = inspection.week_comments(db, manager, outlets["e1"].id, WEEK)
    assert [(c.number, c.comment, c.overall) for c in seen] == [
        (items["EAST-001"].number, "E1: call 139****1111 sooner", 4.0),
        (items["EAST-001"].number, "E1: record incomplete", 2.0),
    ]
    assert inspection.week_comments(db, manager, outlets["e2"].id, WEEK) == []  # another outlet: nothing
    assert inspection.week_comments(db, manager, outlets["e1"].id, WEEK - timedelta(weeks=1)) == []  # another week
    assert [c.comment for c in inspection.week_comments(db, a, outlets["e2"].id, WEEK)] == ["E2: exemplary"]  # HQ
    assert inspection.week_comments(db, actors["trainer"], outlets["e1"].id, WEEK) == []  # no score pages


def test_results_per_outlet_average_every_review_in_sql(db, world):
    actors, outlets, *_ = world
    a, b = actors["analyst"], actors["admin"]
    sample = sampling.draw(db, a, WEEK, 50, TZ).sample
    e1_items = [r for r in inspection.items(db, a, sample.id) if r.outlet_code == "EAST-001"]
    sampling.save_review(db, a, e1_items[0].id, form((5, 4, 3, 2, 1)))
    sampling.save_review(db, b, e1_items[0].id, form((3, 4, 5, 4, 3)))  # a second inspector of the same ticket
    sampling.save_review(db, a, e1_items[1].id, form((4, 4, 4, 3, 2)))
    # an old sample (13 weeks back) of the same outlet does not count
    old_week = WEEK - timedelta(weeks=13)
    old = InspectionSample(week_start=old_week, size=1, seed=1, item_count=1, drawn_by_id=a.user_id)
    db.add(old)
    db.flush()
    t = db.exec(inspection.select(Ticket).where(Ticket.number == "CP-20261110-000001")).one()
    item = InspectionItem(sample_id=old.id, ticket_id=t.id)
    db.add(item)
    db.flush()
    db.add(
        InspectionReview(item_id=item.id, reviewer_id=a.user_id, comment="old", reviewed_at=IN_WEEK, **dict.fromkeys(RUBRIC, 1))
    )
    db.commit()
    since = WEEK - timedelta(weeks=11)
    res = inspection.outlet_results(db, outlets["e1"].id, since)
    assert res.reviewed == 2  # tickets; three reviews
    assert res.averages == {
        "reply_speed": 4.0,
        "remedy_accuracy": 4.0,
        "empathy": 4.0,
        "policy_compliance": 3.0,
        "record_completeness": 2.0,
    }
    assert res.overall == pytest.approx(3.4)
    empty = inspection.outlet_results(db, outlets["e2"].id, since)  # sampled but not reviewed
    assert (empty.reviewed, empty.overall, set(empty.averages.values())) == (0, None, {None})
    assert inspection.outlet_results(db, outlets["e1"].id, old_week).reviewed == 3
