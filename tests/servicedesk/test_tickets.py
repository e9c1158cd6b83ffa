"""Opening tickets once and finding them only for their owner."""

from sqlalchemy import func, select

from servicedesk.db import session_scope
from servicedesk.models import Ticket
from servicedesk.services import tickets


def open_sample(url, request_key="sender-1:open_ticket_form:1"):
    with session_scope(url) as session:
        opened = tickets.open_ticket(
            session,
            sender_id="telegram:42",
            category_id="loan",
            description="وام سرمایه در گردش هنوز پرداخت نشده است",
            mobile="09123456789",
            request_key=request_key,
        )
        return opened.ticket.code, opened.created


def test_new_ticket_gets_code_and_history(seeded_database):
    code, created = open_sample(seeded_database)
    assert created
    with session_scope(seeded_database) as session:
        ticket = session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        assert [change.status for change in ticket.history] == ["open"]
        assert ticket.user.channel == "telegram"


def test_repeated_request_returns_first_ticket(seeded_database):
    first_code, _ = open_sample(seeded_database)
    second_code, created = open_sample(seeded_database)
    assert second_code == first_code
    assert not created
    with session_scope(seeded_database) as session:
        count = session.execute(select(func.count(Ticket.id)).where(Ticket.code == first_code)).scalar_one()
    assert count == 1


def test_lookup_needs_the_owners_mobile(seeded_database):
    with session_scope(seeded_database) as session:
        assert tickets.find_ticket_for_owner(session, "TK-004217", "09123456789") is not None
        assert tickets.find_ticket_for_owner(session, "TK-004217", "09350000000") is None


def test_status_change_is_recorded(seeded_database):
    code, _ = open_sample(seeded_database)
    with session_scope(seeded_database) as session:
        ticket = tickets.find_ticket_for_owner(session, code, "09123456789")
        tickets.change_status(session, ticket, "resolved", note="پرداخت انجام شد")
    with session_scope(seeded_database) as session:
        ticket = tickets.find_ticket_for_owner(session, code, "09123456789")
        assert ticket.status == "resolved"
        assert tickets.last_note(ticket) == "پرداخت انجام شد"
