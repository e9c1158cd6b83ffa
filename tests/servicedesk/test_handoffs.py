"""Handoffs: one open handoff per conversation, the queue, claims, closing, notes and CSAT."""

import datetime as dt
import threading

import pytest
from alembic import command
from sqlalchemy import func, inspect, select

from servicedesk.db import get_engine, session_scope
from servicedesk.migrate import alembic_config
from servicedesk.models import CsatRating, Handoff
from servicedesk.services import handoffs, staff

T0 = dt.datetime(2026, 4, 11, 6, 0)
PASSWORD = "tea-at-four-2024"


def minutes(count):
    return dt.timedelta(minutes=count)


def add_member(url, username, role="agent"):
    with session_scope(url) as session:
        return staff.create_staff(session, username, "کارشناس", role, PASSWORD).id


def member(url, staff_id):
    with session_scope(url) as session:
        return staff.staff_by_id(session, staff_id)


def open_handoff(url, sender_id, reason="request", now=T0):
    with session_scope(url) as session:
        return handoffs.open_handoff(session, sender_id, reason, now=now)


def reload(url, handoff_id):
    with session_scope(url) as session:
        return session.get(Handoff, handoff_id)


def run_at_once(count, attempt):
    """Run ``attempt(index)`` in ``count`` threads released together; return the results."""
    start = threading.Barrier(count)
    results = [None] * count

    def run(index):
        start.wait()
        results[index] = attempt(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def agents(migrated_database):
    """Two agents and a supervisor: their ids by username."""
    return {
        "agent.one": add_member(migrated_database, "agent.one"),
        "agent.two": add_member(migrated_database, "agent.two"),
        "chief": add_member(migrated_database, "chief", role="supervisor"),
    }


def test_new_handoff_is_queued_with_its_channel(migrated_database):
    handoff = open_handoff(migrated_database, "telegram:42", reason="angry")
    assert handoff.status == "queued"
    assert handoff.channel == "telegram"
    assert handoff.reason == "angry"
    assert handoff.queued_at == T0
    assert handoff.last_activity_at == T0
    assert handoff.agent_id is None
    assert handoff.assigned_at is None


def test_sender_without_prefix_belongs_to_rest_channel(migrated_database):
    assert open_handoff(migrated_database, "abc123").channel == "rest"


def test_second_open_returns_the_open_handoff(migrated_database):
    first = open_handoff(migrated_database, "web:abc123", reason="low_confidence")
    second = open_handoff(migrated_database, "web:abc123", reason="request", now=T0 + minutes(3))
    assert second.id == first.id
    assert second.reason == "low_confidence"
    assert second.queued_at == T0


def test_open_after_close_starts_a_new_handoff(migrated_database):
    first = open_handoff(migrated_database, "web:abc123")
    with session_scope(migrated_database) as session:
        handoffs.close_handoff(session, first.id, "agent")
    second = open_handoff(migrated_database, "web:abc123")
    assert second.id != first.id
    assert second.status == "queued"


def test_unknown_reason_is_rejected(migrated_database):
    with session_scope(migrated_database) as session:
        with pytest.raises(ValueError, match="reason"):
            handoffs.open_handoff(session, "web:abc123", "bored")


def test_open_stores_aware_times_as_utc(migrated_database):
    tehran = dt.timezone(dt.timedelta(hours=3, minutes=30))
    handoff = open_handoff(migrated_database, "web:abc123", now=dt.datetime(2026, 4, 11, 9, 30, tzinfo=tehran))
    assert reload(migrated_database, handoff.id).queued_at == T0


def test_racing_opens_leave_one_handoff(migrated_database):
    def attempt(index):
        with session_scope(migrated_database) as session:
            return handoffs.open_handoff(session, "telegram:42", "request").id

    ids = run_at_once(8, attempt)

    assert len(set(ids)) == 1
    with session_scope(migrated_database) as session:
        assert session.execute(select(func.count(Handoff.id))).scalar_one() == 1


def test_database_allows_one_open_handoff_per_sender(migrated_database):
    open_handoff(migrated_database, "telegram:42")
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        with session_scope(migrated_database) as session:
            session.add(Handoff(sender_id="telegram:42", channel="telegram", reason="request", status="assigned"))


def test_open_handoff_for_ignores_closed_ones(migrated_database):
    handoff = open_handoff(migrated_database, "web:abc123")
    with session_scope(migrated_database) as session:
        assert handoffs.open_handoff_for(session, "web:abc123").id == handoff.id
        handoffs.close_handoff(session, handoff.id, "silence")
        assert handoffs.open_handoff_for(session, "web:abc123") is None
        assert handoffs.open_handoff_for(session, "web:other") is None


def test_queue_position_follows_queue_order(migrated_database, agents):
    later = open_handoff(migrated_database, "web:c", now=T0 + minutes(2))
    first = open_handoff(migrated_database, "web:a", now=T0)
    second = open_handoff(migrated_database, "web:b", now=T0 + minutes(1))
    with session_scope(migrated_database) as session:
        assert [handoffs.queue_position(session, item) for item in (first, second, later)] == [1, 2, 3]
        handoffs.claim(session, first.id, agents["agent.one"])
        assert [handoffs.queue_position(session, item) for item in (first, second, later)] == [0, 1, 2]


def test_queue_position_breaks_ties_by_id(migrated_database):
    first = open_handoff(migrated_database, "web:a")
    second = open_handoff(migrated_database, "web:b")
    with session_scope(migrated_database) as session:
        assert handoffs.queue_position(session, first) == 1
        assert handoffs.queue_position(session, second) == 2


def test_queue_position_of_closed_handoff_is_zero(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.close_handoff(session, handoff.id, "agent")
    with session_scope(migrated_database) as session:
        assert handoffs.queue_position(session, handoff) == 0
        assert handoffs.expected_wait_minutes(session, handoff) == 0


def test_expected_wait_is_position_times_setting(migrated_database, monkeypatch):
    open_handoff(migrated_database, "web:a")
    second = open_handoff(migrated_database, "web:b", now=T0 + minutes(1))
    with session_scope(migrated_database) as session:
        assert handoffs.expected_wait_minutes(session, second) == 10
        monkeypatch.setenv("SERVICEDESK_HANDOFF_MINUTES_PER_CONVERSATION", "7")
        assert handoffs.expected_wait_minutes(session, second) == 14


def test_agent_sees_queue_and_own_handoffs(migrated_database, agents):
    mine = open_handoff(migrated_database, "web:mine", now=T0 + minutes(1))
    theirs = open_handoff(migrated_database, "web:theirs", now=T0 + minutes(2))
    queued = open_handoff(migrated_database, "web:queued", now=T0 + minutes(3))
    oldest = open_handoff(migrated_database, "web:oldest", now=T0)
    closed = open_handoff(migrated_database, "web:closed", now=T0)
    with session_scope(migrated_database) as session:
        handoffs.claim(session, mine.id, agents["agent.one"])
        handoffs.claim(session, theirs.id, agents["agent.two"])
        handoffs.close_handoff(session, closed.id, "agent")

    with session_scope(migrated_database) as session:
        visible = handoffs.visible_handoffs(session, member(migrated_database, agents["agent.one"]))
    assert [item.id for item in visible] == [oldest.id, mine.id, queued.id]
    assert visible[1].agent.username == "agent.one"


def test_supervisor_sees_every_open_handoff(migrated_database, agents):
    mine = open_handoff(migrated_database, "web:mine", now=T0 + minutes(1))
    theirs = open_handoff(migrated_database, "web:theirs", now=T0 + minutes(2))
    closed = open_handoff(migrated_database, "web:closed", now=T0)
    with session_scope(migrated_database) as session:
        handoffs.claim(session, mine.id, agents["agent.one"])
        handoffs.close_handoff(session, closed.id, "agent")
        visible = handoffs.visible_handoffs(session, member(migrated_database, agents["chief"]))
    assert [item.id for item in visible] == [mine.id, theirs.id]


def test_inactive_member_sees_no_handoffs(migrated_database, agents):
    open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        staff.deactivate(session, "chief")
    with session_scope(migrated_database) as session:
        assert handoffs.visible_handoffs(session, member(migrated_database, agents["chief"])) == []


def test_claim_assigns_a_queued_handoff(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        assert handoffs.claim(session, handoff.id, agents["agent.one"], now=T0 + minutes(4))
    claimed = reload(migrated_database, handoff.id)
    assert claimed.status == "assigned"
    assert claimed.agent_id == agents["agent.one"]
    assert claimed.assigned_at == T0 + minutes(4)


def test_second_claim_fails(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        assert handoffs.claim(session, handoff.id, agents["agent.one"])
    with session_scope(migrated_database) as session:
        assert not handoffs.claim(session, handoff.id, agents["agent.two"])
    assert reload(migrated_database, handoff.id).agent_id == agents["agent.one"]


def test_claim_of_closed_or_unknown_handoff_fails(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.close_handoff(session, handoff.id, "silence")
        assert not handoffs.claim(session, handoff.id, agents["agent.one"])
        assert not handoffs.claim(session, 999, agents["agent.one"])


def test_claim_updates_a_loaded_handoff(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        loaded = session.get(Handoff, handoff.id)
        handoffs.claim(session, handoff.id, agents["agent.one"])
        assert loaded.status == "assigned"
    assert loaded.agent.username == "agent.one"


@pytest.mark.parametrize("claimers", [2, 8])
def test_racing_claims_have_one_winner(migrated_database, claimers):
    staff_ids = [add_member(migrated_database, f"agent.{index}") for index in range(claimers)]
    handoff = open_handoff(migrated_database, "web:a")

    def attempt(index):
        with session_scope(migrated_database) as session:
            return handoffs.claim(session, handoff.id, staff_ids[index])

    outcomes = run_at_once(claimers, attempt)

    assert outcomes.count(True) == 1
    assert outcomes.count(False) == claimers - 1
    winner = staff_ids[outcomes.index(True)]
    assert reload(migrated_database, handoff.id).agent_id == winner


def test_reassign_moves_an_assigned_handoff(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.claim(session, handoff.id, agents["agent.one"], now=T0)
        assert handoffs.reassign(session, handoff.id, agents["agent.two"], now=T0 + minutes(5))
    moved = reload(migrated_database, handoff.id)
    assert moved.status == "assigned"
    assert moved.agent_id == agents["agent.two"]
    assert moved.assigned_at == T0 + minutes(5)


def test_reassign_assigns_a_queued_handoff(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        assert handoffs.reassign(session, handoff.id, agents["agent.two"])
    assert reload(migrated_database, handoff.id).status == "assigned"


def test_reassign_of_closed_handoff_fails(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.close_handoff(session, handoff.id, "agent")
        assert not handoffs.reassign(session, handoff.id, agents["agent.two"])
    assert reload(migrated_database, handoff.id).agent_id is None


def test_reassign_to_inactive_or_unknown_member_fails(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        staff.deactivate(session, "agent.two")
    with session_scope(migrated_database) as session:
        assert not handoffs.reassign(session, handoff.id, agents["agent.two"])
        assert not handoffs.reassign(session, handoff.id, 999)
    assert reload(migrated_database, handoff.id).status == "queued"


def test_user_message_moves_last_activity_only(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.record_activity(session, handoff.id, from_staff=False, now=T0 + minutes(1))
    updated = reload(migrated_database, handoff.id)
    assert updated.last_activity_at == T0 + minutes(1)
    assert updated.first_reply_at is None


def test_first_staff_message_sets_first_reply(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.claim(session, handoff.id, agents["agent.one"])
        handoffs.record_activity(session, handoff.id, from_staff=True, now=T0 + minutes(2))
        handoffs.record_activity(session, handoff.id, from_staff=True, now=T0 + minutes(6))
    updated = reload(migrated_database, handoff.id)
    assert updated.first_reply_at == T0 + minutes(2)
    assert updated.last_activity_at == T0 + minutes(6)


def test_activity_on_closed_handoff_changes_nothing(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.close_handoff(session, handoff.id, "agent", now=T0 + minutes(1))
        handoffs.record_activity(session, handoff.id, from_staff=True, now=T0 + minutes(2))
    updated = reload(migrated_database, handoff.id)
    assert updated.last_activity_at == T0
    assert updated.first_reply_at is None


def test_close_records_time_and_reason(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.claim(session, handoff.id, agents["agent.one"])
        closed = handoffs.close_handoff(session, handoff.id, "agent", now=T0 + minutes(9))
    assert closed.id == handoff.id
    assert closed.status == "closed"
    assert closed.closed_at == T0 + minutes(9)
    assert closed.close_reason == "agent"
    assert closed.agent.username == "agent.one"


def test_second_close_returns_none(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        assert handoffs.close_handoff(session, handoff.id, "silence", now=T0 + minutes(1)) is not None
        assert handoffs.close_handoff(session, handoff.id, "agent", now=T0 + minutes(2)) is None
        assert handoffs.close_handoff(session, 999, "agent") is None
    closed = reload(migrated_database, handoff.id)
    assert closed.close_reason == "silence"
    assert closed.closed_at == T0 + minutes(1)


def test_unknown_close_reason_is_rejected(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        with pytest.raises(ValueError, match="close reason"):
            handoffs.close_handoff(session, handoff.id, "bored")


def test_racing_closes_have_one_winner(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")

    def attempt(index):
        with session_scope(migrated_database) as session:
            return handoffs.close_handoff(session, handoff.id, "agent" if index % 2 else "silence")

    outcomes = run_at_once(4, attempt)

    assert len([outcome for outcome in outcomes if outcome is not None]) == 1


def test_silent_handoffs_are_those_idle_too_long(migrated_database, agents):
    quiet = open_handoff(migrated_database, "web:quiet", now=T0)
    edge = open_handoff(migrated_database, "web:edge", now=T0 + minutes(5))
    busy = open_handoff(migrated_database, "web:busy", now=T0)
    closed = open_handoff(migrated_database, "web:closed", now=T0)
    with session_scope(migrated_database) as session:
        handoffs.record_activity(session, busy.id, from_staff=False, now=T0 + minutes(14))
        handoffs.close_handoff(session, closed.id, "agent", now=T0)
        silent = handoffs.silent_handoffs(session, minutes(10), now=T0 + minutes(15))
    assert [item.id for item in silent] == [quiet.id]
    assert edge.id not in [item.id for item in silent]


def test_note_is_stripped_and_listed_oldest_first(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        first = handoffs.add_note(session, handoff.id, agents["agent.one"], "  کاربر وام قرض‌الحسنه می‌خواهد \n")
        handoffs.add_note(session, handoff.id, agents["chief"], "پیگیری شد")
    assert first.text == "کاربر وام قرض‌الحسنه می‌خواهد"
    with session_scope(migrated_database) as session:
        notes = handoffs.notes_of(session, handoff.id)
    assert [note.text for note in notes] == ["کاربر وام قرض‌الحسنه می‌خواهد", "پیگیری شد"]
    assert [note.staff.username for note in notes] == ["agent.one", "chief"]


@pytest.mark.parametrize("text", ["", "   \n", "x" * 2001])
def test_empty_or_long_note_is_rejected(migrated_database, agents, text):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        with pytest.raises(ValueError, match="Note"):
            handoffs.add_note(session, handoff.id, agents["agent.one"], text)


def test_note_of_2000_characters_is_kept(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        assert len(handoffs.add_note(session, handoff.id, agents["agent.one"], "ن" * 2000).text) == 2000


def test_notes_of_handoff_without_notes_is_empty(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        assert handoffs.notes_of(session, handoff.id) == []


def test_latest_closed_handoff_is_the_newest(migrated_database):
    with session_scope(migrated_database) as session:
        assert handoffs.latest_closed_handoff(session, "web:a") is None
    first = open_handoff(migrated_database, "web:a", now=T0)
    with session_scope(migrated_database) as session:
        handoffs.close_handoff(session, first.id, "agent", now=T0 + minutes(1))
    second = open_handoff(migrated_database, "web:a", now=T0 + minutes(2))
    with session_scope(migrated_database) as session:
        handoffs.close_handoff(session, second.id, "silence", now=T0 + minutes(3))
    open_handoff(migrated_database, "web:a", now=T0 + minutes(4))
    open_handoff(migrated_database, "web:b", now=T0 + minutes(4))
    with session_scope(migrated_database) as session:
        assert handoffs.latest_closed_handoff(session, "web:a").id == second.id
        assert handoffs.latest_closed_handoff(session, "web:b") is None


def test_csat_rating_names_the_agent(migrated_database, agents):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.claim(session, handoff.id, agents["agent.one"])
        handoffs.close_handoff(session, handoff.id, "agent")
        rating = handoffs.record_csat(session, handoff.id, 5, comment=" خیلی ممنون ")
    assert rating.score == 5
    assert rating.comment == "خیلی ممنون"
    assert rating.staff_id == agents["agent.one"]
    assert rating.sender_id == "web:a"


def test_csat_of_unassigned_handoff_has_no_staff(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        handoffs.close_handoff(session, handoff.id, "silence")
        assert handoffs.record_csat(session, handoff.id, 3).staff_id is None


def test_repeated_csat_updates_only_the_comment(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        first = handoffs.record_csat(session, handoff.id, 2)
    with session_scope(migrated_database) as session:
        again = handoffs.record_csat(session, handoff.id, 5)
        assert again.id == first.id
        assert again.score == 2
        assert again.comment is None
        commented = handoffs.record_csat(session, handoff.id, 5, comment="پاسخ دیر رسید")
        assert commented.comment == "پاسخ دیر رسید"
        assert handoffs.record_csat(session, handoff.id, 4).comment == "پاسخ دیر رسید"
    with session_scope(migrated_database) as session:
        assert session.execute(select(func.count(CsatRating.id))).scalar_one() == 1


def test_racing_csat_leaves_one_rating(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")

    def attempt(index):
        with session_scope(migrated_database) as session:
            return handoffs.record_csat(session, handoff.id, 4).id

    ids = run_at_once(4, attempt)

    assert len(set(ids)) == 1


@pytest.mark.parametrize("score", [0, 6, -1, True, 4.5, "5"])
def test_invalid_csat_score_is_rejected(migrated_database, score):
    handoff = open_handoff(migrated_database, "web:a")
    with session_scope(migrated_database) as session:
        with pytest.raises(ValueError, match="score"):
            handoffs.record_csat(session, handoff.id, score)


def test_csat_of_unknown_handoff_is_rejected(migrated_database):
    with session_scope(migrated_database) as session:
        with pytest.raises(ValueError, match="not found"):
            handoffs.record_csat(session, 999, 4)


def test_database_rejects_csat_score_out_of_range(migrated_database):
    handoff = open_handoff(migrated_database, "web:a")
    with pytest.raises(Exception, match="(?i)check|constraint"):
        with session_scope(migrated_database) as session:
            session.add(CsatRating(handoff_id=handoff.id, sender_id="web:a", score=6))


def test_migration_0003_downgrades_and_upgrades(database_url):
    config = alembic_config(database_url)
    new_tables = {"staff_members", "staff_sessions", "handoffs", "handoff_notes", "csat_ratings"}
    command.upgrade(config, "head")
    assert new_tables <= set(inspect(get_engine(database_url)).get_table_names())

    command.downgrade(config, "0002")
    remaining = set(inspect(get_engine(database_url)).get_table_names())
    assert not new_tables & remaining
    assert "ticket_attachments" in remaining

    command.upgrade(config, "head")
    assert new_tables <= set(inspect(get_engine(database_url)).get_table_names())
