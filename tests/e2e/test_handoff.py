"""Handing web conversations to staff and back, through the real gateway, Rasa and actions."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.browser import ARTIFACTS
from tests.e2e.gateway_process import GatewayProcess
from tests.e2e.handoff_clients import ChatUser, StaffMember, add_staff

pytestmark = pytest.mark.e2e
QUEUED = "نوبت شما در صف"


@pytest.fixture
def user(gateway):
    chat = ChatUser(gateway.url)
    yield chat
    chat.close()


def save_artifact(name, lines):
    """Keep a conversation as one side saw it under test-artifacts/, for reading after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def escalate(user):
    user.say("میخوام با اپراتور صحبت کنم", wait_for=QUEUED)


def user_texts(assistant, sender_id):
    return [event["text"] for event in assistant.tracker(sender_id)["events"] if event["event"] == "user"]


def test_paused_conversation_reaches_staff_and_comes_back(gateway, assistant, user):
    agent = StaffMember(gateway.url, add_staff(assistant.database_url, "سارا کریمی"))
    bystander = ChatUser(gateway.url)
    escalate(user)

    before = len(user.received)
    user.say("کسی هست؟")
    user.say("/open_ticket", display_text="ثبت تیکت")
    user.say("/restart")
    time.sleep(3)
    assert user.received[before:] == []

    handoff = agent.handoff_of(user.sender_id)
    assert agent.post(f"/console/api/handoffs/{handoff['id']}/claim").status_code == 200
    conversation = agent.get(f"/console/api/handoffs/{handoff['id']}").json()
    console_lines = [line["text"] for line in conversation["transcript"] if line["from"] == "user"]
    assert console_lines[-3:] == ["کسی هست؟", "ثبت تیکت", "/restart"]
    assert user_texts(assistant, user.sender_id)[0] == "میخوام با اپراتور صحبت کنم"

    agent.post(f"/console/api/handoffs/{handoff['id']}/reply", {"text": "سلام، کارشناس پشتیبانی هستم."})
    reply = user.wait_for("کارشناس پشتیبانی هستم", after=before)[-1]
    assert reply["staff_name"] == "سارا کریمی"
    assert bystander.received == []
    staff_events = [event for event in assistant.tracker(user.sender_id)["events"] if event["event"] == "bot"]
    assert staff_events[-1]["metadata"]["staff_name"] == "سارا کریمی"

    ticket = agent.post(
        f"/console/api/handoffs/{handoff['id']}/ticket",
        {"category": "loan", "mobile": "09121112244", "description": "پیگیری وام سرمایه در گردش"},
    ).json()["ticket_code"]
    closing = len(user.received)
    assert agent.post(f"/console/api/handoffs/{handoff['id']}/close").status_code == 200
    after_close = user.wait_for("چقدر", after=closing)
    texts = [reply.get("text") for reply in after_close]
    assert "گفتگو با کارشناس پشتیبانی پایان یافت و دوباره من در خدمتتان هستم." in texts
    assert any(ticket in (text or "") for text in texts)
    assert len(after_close[-1]["quick_replies"]) == 5

    user.say("سلام", wait_for="چطور می‌توانم کمکتان کنم")
    console_view = agent.get(f"/console/api/handoffs/{handoff['id']}").json()
    assert not any("handoff_closed" in line["text"] for line in console_view["transcript"])
    save_artifact("handoff-user-side.txt", [f"bot: {reply.get('text')}" for reply in user.received])
    save_artifact("handoff-console-side.txt", [f"{line['from']}: {line['text']}" for line in console_view["transcript"]])
    bystander.close()
    agent.close()


def test_two_agents_claim_at_once_one_wins(gateway, assistant, user):
    first = StaffMember(gateway.url, add_staff(assistant.database_url, "کارشناس اول"))
    second = StaffMember(gateway.url, add_staff(assistant.database_url, "کارشناس دوم"))
    escalate(user)
    handoff_id = first.handoff_of(user.sender_id)["id"]

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda member: member.post(f"/console/api/handoffs/{handoff_id}/claim"), (first, second)))

    assert sorted(response.status_code for response in results) == [200, 409]
    holder = first if results[0].status_code == 200 else second
    assert holder.handoff_of(user.sender_id)["agent"]["id"] == holder.id


def test_console_rejects_strangers_and_forged_requests(gateway, assistant, user):
    import httpx

    escalate(user)
    anonymous = httpx.Client(base_url=gateway.url)
    assert anonymous.get("/console/api/queue").status_code == 401
    assert anonymous.post("/console/api/handoffs/1/claim").status_code == 401
    bad_sign_in = {"username": "nobody", "password": "long-test-password"}
    assert anonymous.post("/console/api/sign-in", json=bad_sign_in).status_code == 403
    headers = {"X-Requested-With": "servicedesk-console"}
    assert anonymous.post("/console/api/sign-in", json=bad_sign_in, headers=headers).status_code == 401

    agent = StaffMember(gateway.url, add_staff(assistant.database_url, "کارشناس"))
    other = StaffMember(gateway.url, add_staff(assistant.database_url, "کارشناس دیگر"))
    handoff_id = agent.handoff_of(user.sender_id)["id"]
    claim = f"/console/api/handoffs/{handoff_id}/claim"
    assert agent.http.post(claim).status_code == 403
    forged_origin = {"X-CSRF-Token": agent.csrf_token, "Origin": "http://attacker.invalid"}
    assert agent.http.post(claim, headers=forged_origin).status_code == 403
    assert agent.post(claim).status_code == 200

    assert other.get(f"/console/api/handoffs/{handoff_id}").status_code == 404
    assert other.post(f"/console/api/handoffs/{handoff_id}/reply", {"text": "سلام"}).status_code == 409
    assert other.post(f"/console/api/handoffs/{handoff_id}/reassign", {"staff_id": other.id}).status_code == 403
    assert other.get("/console/api/staff").status_code == 403
    anonymous.close()


def test_supervisor_reassigns_a_conversation(gateway, assistant, user):
    agent = StaffMember(gateway.url, add_staff(assistant.database_url, "کارشناس"))
    supervisor = StaffMember(gateway.url, add_staff(assistant.database_url, "سرپرست", role="supervisor"))
    escalate(user)
    handoff_id = agent.handoff_of(user.sender_id)["id"]
    agent.post(f"/console/api/handoffs/{handoff_id}/claim")

    moved = supervisor.post(f"/console/api/handoffs/{handoff_id}/reassign", {"staff_id": supervisor.id})

    assert moved.status_code == 200
    assert supervisor.handoff_of(user.sender_id)["agent"]["id"] == supervisor.id
    assert agent.post(f"/console/api/handoffs/{handoff_id}/reply", {"text": "سلام"}).status_code == 409


def test_queue_survives_a_gateway_restart(gateway, assistant, user):
    agent = StaffMember(gateway.url, add_staff(assistant.database_url, "کارشناس"))
    escalate(user)
    user.close()

    gateway.stop()
    gateway.start()
    returning = ChatUser(gateway.url, session_id=user.session_id)
    returning.say("هنوز منتظرم")
    time.sleep(3)

    assert agent.handoff_of(user.sender_id)["status"] == "queued"
    assert returning.received == []
    assert user_texts(assistant, user.sender_id)[-1] == "هنوز منتظرم"
    returning.close()


def test_silent_conversation_is_handed_back(assistant, tmp_path):
    quick = GatewayProcess(assistant, tmp_path / "gateway.log", {"HANDOFF_SILENCE_MINUTES": "0.05"})
    quick.start()
    try:
        chat = ChatUser(quick.url)
        escalate(chat)
        chat.wait_for("مدتی پیامی از شما نرسید")
        chat.say("سلام", wait_for="چطور می‌توانم کمکتان کنم")
        chat.close()
    finally:
        quick.stop()
