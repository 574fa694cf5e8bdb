"""The officials' password policy: 12 to 200 characters, and not easy to guess.

Guessability is zxcvbn's estimate (Dropbox's model: dictionaries of common passwords, names and
words, keyboard patterns, repeats, dates), which refuses `aaaaaaaaaaaa` and `password1234` that a
length rule alone lets through. The username and city count as known words.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH, MAX_LENGTH = 12, 200
MIN_SCORE = 3  # zxcvbn 0-4; 3 is "safely unguessable: moderate protection from offline attacks"
ZXCVBN_MAX = 72  # the library's own bound; the characters past it only add strength

TOO_SHORT = _l("Use at least 12 characters (and at most 200).")
TOO_EASY = _l("This password is too easy to guess: it is a common password or is made of repeats, "
              "keyboard patterns, dates or your own name. Use a phrase of several unrelated words.")


def problem(password: str, *known_words: str):
    """None if `password` may be used, else the (lazy, translated) reason."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return TOO_SHORT
    words = [w for w in known_words if w]
    if zxcvbn(password[:ZXCVBN_MAX], user_inputs=words)["score"] < MIN_SCORE:
        return TOO_EASY
    return None
