"""Sample applications and tickets, so every status can be tried from the first run.

The documented sample pairs (see README) are fixed here: tracking code ``40512348`` with
national code ``5260181591`` is an accepted application, and ticket ``TK-004217`` belongs
to mobile ``09123456789``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servicedesk.models import Application, Ticket, TicketStatusChange, utc_now
from servicedesk.services.users import get_or_create_user

SAMPLE_APPLICATIONS = [
    # tracking code, national code, name, course, status, note for the applicant
    ("40512348", "5260181591", "سارا کریمی", "C101", "accepted",
     "لطفاً تا یک هفته پیش از شروع دوره، شهریه را از طریق سامانه پرداخت کنید."),
    ("40512361", "0830166130", "علی رضایی", "C104", "under_review",
     "مدارک شما رسیده است و کارشناسان در حال بررسی آن هستند."),
    ("40512379", "1860913903", "مریم حسینی", "C103", "waitlisted",
     "ظرفیت دوره تکمیل است؛ در صورت انصراف پذیرفته‌شدگان با شما تماس می‌گیریم."),
    ("40512385", "9960308243", "حسین محمدی", "C102", "rejected",
     "مدرک تحصیلی بارگذاری‌شده خوانا نبود؛ می‌توانید در دورهٔ بعد دوباره ثبت‌نام کنید."),
    ("40512392", "6281948211", "زهرا احمدی", "C111", "received",
     "درخواست شما ثبت شد و به‌زودی بررسی می‌شود."),
    ("40512404", "9935181901", "رضا نوری", "C107", "accepted",
     "کلاس‌ها آنلاین برگزار می‌شود و پیوند ورود پیامک خواهد شد."),
    ("40512417", "9378657974", "فاطمه صادقی", "C105", "under_review", None),
    ("40512420", "5432319489", "محمد جعفری", "C108", "received", None),
]

SAMPLE_TICKETS = [
    # code, mobile, category, description, status history with optional notes
    ("TK-004217", "09123456789", "loan",
     "درخواست وام سرمایه در گردش را سه هفته پیش ثبت کرده‌ام و خبری نشده است.",
     [("open", None), ("in_progress", "پرونده برای بررسی به بانک عامل ارسال شده است.")]),
    ("TK-004230", "09351112233", "e_services",
     "در سامانه ثبت‌نام دوره‌ها رمز یکبار مصرف برایم ارسال نمی‌شود.",
     [("open", None), ("resolved", "مشکل ارسال پیامک برطرف شد؛ لطفاً دوباره امتحان کنید.")]),
]


def add_sample_applications(session: Session) -> None:
    """Add the sample applications once."""
    if session.execute(select(func.count(Application.id))).scalar_one() > 0:
        return

    for tracking_code, national_code, name, course_id, status, note in SAMPLE_APPLICATIONS:
        session.add(
            Application(
                tracking_code=tracking_code,
                national_code=national_code,
                applicant_name=name,
                course_id=course_id,
                status=status,
                note=note,
            )
        )


def add_sample_tickets(session: Session) -> None:
    """Add the sample tickets once, with their status history."""
    for code, mobile, category_id, description, history in SAMPLE_TICKETS:
        if session.execute(select(Ticket.id).where(Ticket.code == code)).first() is not None:
            continue

        user = get_or_create_user(session, f"sample:{mobile}", mobile=mobile)
        opened_at = utc_now() - dt.timedelta(days=21)
        ticket = Ticket(
            code=code,
            user=user,
            category_id=category_id,
            description=description,
            mobile=mobile,
            status=history[-1][0],
            created_at=opened_at,
            updated_at=opened_at + dt.timedelta(days=len(history)),
        )
        for step, (status, note) in enumerate(history):
            changed_at = opened_at + dt.timedelta(days=step * 3)
            ticket.history.append(TicketStatusChange(status=status, note=note, changed_at=changed_at))
        session.add(ticket)
