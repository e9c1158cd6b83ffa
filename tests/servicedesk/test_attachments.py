"""Attachments: limits, pending until the ticket exists, linked to the owner's ticket only."""

import pytest

from servicedesk.db import session_scope
from servicedesk.services import attachments, tickets

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


@pytest.fixture
def attachments_dir(tmp_path, monkeypatch):
    folder = tmp_path / "attachments"
    monkeypatch.setenv("SERVICEDESK_ATTACHMENTS_DIR", str(folder))
    return folder


def test_file_sent_during_form_joins_the_new_ticket(seeded_database, attachments_dir):
    with session_scope(seeded_database) as session:
        attachments.store_attachment(session, "telegram:55", PNG, "screen.png", "image/png")
    with session_scope(seeded_database) as session:
        opened = tickets.open_ticket(session, "telegram:55", "e_services", "سامانه خطا می‌دهد و باز نمی‌شود", "09123456789", "k1")
        code = opened.ticket.code
    with session_scope(seeded_database) as session:
        stored = attachments.attachments_of(session, code)
        assert [(item.file_name, item.size_bytes) for item in stored] == [("screen.png", len(PNG))]
    assert (attachments_dir / stored[0].storage_name).read_bytes() == PNG


def test_file_with_someone_elses_ticket_code_stays_unlinked(seeded_database, attachments_dir):
    with session_scope(seeded_database) as session:
        stored = attachments.store_attachment(session, "telegram:56", PNG, "a.png", "image/png", ticket_code="TK-004217")
    assert stored.ticket_code is None


def test_large_or_unknown_files_are_rejected(monkeypatch):
    monkeypatch.setenv("SERVICEDESK_ATTACHMENT_MAX_BYTES", "1000")
    with pytest.raises(attachments.AttachmentRejected) as too_large:
        attachments.check_attachment(2000, "image/png")
    assert too_large.value.reason == "size"
    with pytest.raises(attachments.AttachmentRejected) as wrong_type:
        attachments.check_attachment(10, "application/x-msdownload")
    assert wrong_type.value.reason == "type"
