"""Short callback data for buttons and the first-tap-wins rule."""

from bot.callback_data import TELEGRAM_CALLBACK_LIMIT, CallbackDataMap


def test_token_fits_telegram_limit_for_persian_payload():
    buttons = CallbackDataMap()
    keyboard = buttons.new_keyboard_id()
    token = buttons.token_for(keyboard, '/inform{"clinic_topic":"صادرات و تجارت خارجی"}', "صادرات")
    assert len(token.encode()) <= TELEGRAM_CALLBACK_LIMIT


def test_first_tap_is_fresh_then_used():
    buttons = CallbackDataMap()
    keyboard = buttons.new_keyboard_id()
    yes = buttons.token_for(keyboard, "/affirm", "بله")
    no = buttons.token_for(keyboard, "/deny", "نه")
    assert buttons.claim(yes).status == "fresh"
    assert buttons.claim(yes).status == "used"
    assert buttons.claim(no).status == "used"


def test_unknown_token_has_expired():
    assert CallbackDataMap().claim("from-before-a-restart").status == "expired"


def test_oldest_buttons_are_forgotten_beyond_capacity():
    buttons = CallbackDataMap(capacity=2)
    first = buttons.token_for(buttons.new_keyboard_id(), "/greet", "سلام")
    buttons.token_for(buttons.new_keyboard_id(), "/help", "راهنما")
    buttons.token_for(buttons.new_keyboard_id(), "/thank", "ممنون")
    assert buttons.claim(first).status == "expired"
