"""Splitting long replies for Telegram."""

from bot.message_splitting import TELEGRAM_LIMIT, split_message, utf16_length

ZWNJ = "\u200c"


def long_persian_reply():
    sentence = f"این یک پاسخ طولانی با نیم{ZWNJ}فاصله و شکلک 🙂 و خانواده 👨\u200d👩\u200d👧 است. "
    return (sentence * 200)[:5000]


def test_short_reply_stays_whole():
    assert split_message("سلام") == ["سلام"]


def test_long_reply_pieces_fit_the_limit():
    pieces = split_message(long_persian_reply())
    assert len(pieces) >= 2
    assert all(utf16_length(piece) <= TELEGRAM_LIMIT for piece in pieces)


def test_pieces_keep_every_word_in_order():
    text = long_persian_reply().strip()
    pieces = split_message(text)
    assert " ".join(pieces).split() == text.split()


def test_pieces_end_between_words():
    text = long_persian_reply().strip()
    words = set(text.split())
    for piece in split_message(text):
        assert piece.split()[0] in words
        assert piece.split()[-1] in words


def test_emoji_counts_twice():
    assert utf16_length("🙂") == 2
    pieces = split_message("🙂" * 10, limit=6)
    assert all(utf16_length(piece) <= 6 for piece in pieces)
    assert "".join(pieces) == "🙂" * 10
