"""Quality inspection on real databases: the draw per region, reviews, results per outlet."""

from datetime import UTC, date, datetime, timedelta

import pytest

from complaint_console.db import inspection
from complaint_console.db.models import InspectionItem, InspectionSample, Ticket, TicketEvent
from complaint_console.domain.inspection import validate_review
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth
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
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST), "admin": f.user(db, "admin", Role.HQ_ADMIN),
        "trainer": f.user(db, "trainer", Role.TRAINING_LEAD), "manager": f.user(db, "manager1", Role.OUTLET_MANAGER, e1.id),
    }  # fmt: skip
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


def test_the_draw_takes_n_closed_tickets_of_the_week_per_region(db, world):
    actors, _, east, west, others = world
    sample = inspection.draw(db, actors["analyst"], WEEK, 4, TZ, seed=7)
    ids = drawn_ids(db, sample)
    assert sample.item_count == len(ids) == 6  # 4 of EAST's 6, all 2 of WEST's
    assert len(ids & {t.id for t in east}) == 4
    assert {t.id for t in west} <= ids
    assert not ids & {t.id for t in others}
    assert (sample.week_start, sample.region, sample.size_per_region, sample.seed) == (WEEK, None, 4, 7)
    assert sample.drawn_by_id == actors["analyst"].user_id and sample.drawn_at is not None


def test_the_same_seed_draws_the_same_tickets(db, world):
    actors, *_ = world
    first = drawn_ids(db, inspection.draw(db, actors["analyst"], WEEK, 3, TZ, region="EAST", seed=42))
    db.exec(inspection.sa.delete(InspectionItem))
    db.exec(inspection.sa.delete(InspectionSample))
    db.commit()
    assert drawn_ids(db, inspection.draw(db, actors["analyst"], WEEK, 3, TZ, region="EAST", seed=42)) == first


def test_drawing_a_week_again_is_refused_for_the_regions_it_covers(db, world):
    actors, *_ = world
    inspection.draw(db, actors["analyst"], WEEK, 2, TZ, region="WEST")
    with pytest.raises(inspection.DrawRefused) as refused:
        inspection.draw(db, actors["admin"], WEEK, 2, TZ, region="WEST")
    assert refused.value.key == "inspection.error.already_drawn"
    with pytest.raises(inspection.DrawRefused):
        inspection.draw(db, actors["admin"], WEEK, 2, TZ)  # all regions overlaps WEST
    assert inspection.draw(db, actors["admin"], WEEK, 2, TZ, region="EAST").item_count == 2
    assert inspection.draw(db, actors["admin"], WEEK - timedelta(weeks=1), 2, TZ).item_count == 2  # EAST 1, WEST 1


def test_only_hq_draws_lists_and_reviews(db, world):
    actors, *_ = world
    for name in ("trainer", "manager"):
        with pytest.raises(inspection.DrawRefused):
            inspection.draw(db, actors[name], WEEK, 2, TZ)
    sample = inspection.draw(db, actors["analyst"], WEEK, 2, TZ)
    item_id = inspection.items(db, actors["analyst"], sample.id)[0].id
    review, _ = validate_review({"reply_speed": "3", "remedy_accuracy": "3", "empathy": "3", "policy_compliance": "3",
                                 "record_completeness": "3", "comment": "ok"})  # fmt: skip
    for name in ("trainer", "manager"):
        assert inspection.samples(db, actors[name]) == []
        assert inspection.items(db, actors[name], sample.id) == []
        assert inspection.count_items(db, actors[name], sample.id) == 0
        assert inspection.item_detail(db, actors[name], item_id) is None
        assert inspection.item_timeline(db, actors[name], item_id) == []
        assert inspection.save_review(db, actors[name], item_id, review) is None


def test_items_are_paged_and_filtered_in_sql_and_show_masked_details(db, world):
    actors, outlets, east, *_ = world
    sample = inspection.draw(db, actors["analyst"], WEEK, 50, TZ)
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


def test_a_review_is_validated_saved_under_the_item_and_can_be_redone(db, world):
    actors, *_ = world
    sample = inspection.draw(db, actors["analyst"], WEEK, 1, TZ)
    item_id = inspection.items(db, actors["analyst"], sample.id)[0].id
    bad, errors = validate_review({"reply_speed": "9", "comment": ""})
    assert bad is None and set(errors) == {"reply_speed", "remedy_accuracy", "empathy", "policy_compliance",
                                            "record_completeness", "comment"}  # fmt: skip
    form = {"reply_speed": "5", "remedy_accuracy": "4", "empathy": "4", "policy_compliance": "3", "record_completeness": "2",
            "comment": "Call 13900001111 back next time"}  # fmt: skip
    saved = inspection.save_review(db, actors["analyst"], item_id, validate_review(form)[0])
    assert (saved.reply_speed, saved.record_completeness, saved.reviewer_id) == (5, 2, actors["analyst"].user_id)
    assert saved.comment == "Call 139****1111 back next time"  # the ticket's customer phone is scrubbed
    assert saved.reviewed_at is not None and saved.updated_at is None
    assert inspection.count_items(db, actors["analyst"], sample.id, "done") == 1
    assert inspection.items(db, actors["analyst"], sample.id, "done")[0].overall == pytest.approx(3.6)
    again = inspection.save_review(db, actors["admin"], item_id, validate_review({**form, "empathy": "1"})[0])
    assert again.empathy == 1 and again.updated_at is not None and again.reviewed_at == saved.reviewed_at
    assert again.reviewer_id == actors["admin"].user_id
    assert db.exec(inspection.select(inspection.sa.func.count(InspectionItem.id))).one() == sample.item_count == 2


def test_results_per_outlet_average_each_dimension_in_sql(db, world):
    actors, outlets, *_ = world
    a = actors["analyst"]
    sample = inspection.draw(db, a, WEEK, 50, TZ)
    rows = inspection.items(db, a, sample.id)
    e1_items = [r for r in rows if r.outlet_code == "EAST-001"]
    ratings = [(5, 4, 3, 2, 1), (3, 4, 5, 4, 3)]
    for r, values in zip(e1_items, ratings, strict=False):
        form = dict(zip(("reply_speed", "remedy_accuracy", "empathy", "policy_compliance", "record_completeness"),
                        map(str, values), strict=True)) | {"comment": "c"}  # fmt: skip
        inspection.save_review(db, a, r.id, validate_review(form)[0])
    # an old sample (13 weeks back) of the same outlet does not count
    old_week = WEEK - timedelta(weeks=13)
    old = InspectionSample(week_start=old_week, size_per_region=1, seed=1, item_count=1, drawn_by_id=a.user_id)
    db.add(old)
    db.flush()
    t = db.exec(inspection.select(Ticket).where(Ticket.number == "CP-20261110-000001")).one()
    db.add(InspectionItem(sample_id=old.id, ticket_id=t.id, reply_speed=1, remedy_accuracy=1, empathy=1, policy_compliance=1,
                          record_completeness=1, comment="old", reviewed_at=IN_WEEK))  # fmt: skip
    db.commit()
    since = WEEK - timedelta(weeks=11)
    res = inspection.outlet_results(db, outlets["e1"].id, since)
    assert res.reviewed == 2
    assert res.averages == {"reply_speed": 4.0, "remedy_accuracy": 4.0, "empathy": 4.0, "policy_compliance": 3.0,
                            "record_completeness": 2.0}  # fmt: skip
    assert res.overall == pytest.approx(3.4)
    empty = inspection.outlet_results(db, outlets["e2"].id, since)  # sampled but not reviewed
    assert (empty.reviewed, empty.overall, set(empty.averages.values())) == (0, None, {None})
    assert inspection.outlet_results(db, outlets["e1"].id, old_week).reviewed == 3
