"""Korean particles after a word or a number, chosen by the last sound as read aloud.

>>> josa("1,459.64", "과/와"), josa("1,380", "과/와"), josa("18조 원", "이/가")
('1,459.64와', '1,380과', '18조 원이')
>>> josa("2.17%", "이/가"), josa("7", "으로/로"), josa("3", "으로/로")
('2.17%가', '7로', '3으로')

A number ends in the sound of its last digit read the Sino-Korean way (1,459.64: 사,
a vowel), or of its place word when it ends in zeros (1,380: 팔십, 십 ends in ㅂ). The
pairs are written consonant form first: 이/가, 을/를, 은/는, 과/와, 으로/로.
"""

from __future__ import annotations

from units.lexicon import numerals

__all__ = ["josa", "final_sound"]

_T = numerals()
_DIGIT_READING = {str(v): k for k, v in _T["sino_digits"].items() if k in "영일이삼사오육칠팔구"}
_DIGIT_READING["0"] = "영"
_PLACES = [(e, w) for w, e in sorted(_T["myriads"].items(), key=lambda kv: -kv[1])]
_SMALL = [(len(str(v)) - 1, k) for k, v in sorted(_T["small_units"].items(), key=lambda kv: -kv[1])]
# symbols read aloud after a number: 퍼센트, 달러 …
_SPOKEN = {"%": "퍼센트", "$": "달러", "₩": "원", "€": "유로", "£": "파운드", "¥": "엔"}


def final_sound(text: str) -> str:
    """"v" (a vowel), "l" (ㄹ) or "c" (another consonant): how ``text`` ends aloud."""
    t = text.rstrip()
    if not t:
        return "v"
    last = t[-1]
    if last in _SPOKEN:
        return final_sound(_SPOKEN[last])
    if last.isdigit():
        return final_sound(_number_tail(t))
    if "\uac00" <= last <= "\ud7a3":
        tail = (ord(last) - 0xAC00) % 28
        return "v" if tail == 0 else "l" if tail == 8 else "c"
    if last.isascii() and last.isalpha():  # an English letter as spoken: 에이, 비 … mostly vowels
        return "l" if last.lower() in "lr" else "c" if last.lower() in "mn" else "v"
    return "v"


def _number_tail(t: str) -> str:
    """The last syllable of the number at the end of ``t``, read aloud."""
    i = len(t)
    while i > 0 and (t[i - 1].isdigit() or t[i - 1] in ",."):
        i -= 1
    number = t[i:].replace(",", "")
    if "." in number:
        return _DIGIT_READING[number.rstrip(".")[-1]]
    stripped = number.rstrip("0")
    if not stripped:
        return "영"
    zeros = len(number) - len(stripped)
    if zeros == 0:
        return _DIGIT_READING[number[-1]]
    for exponent, word in _PLACES:
        if zeros >= exponent:
            return word
    return next(word for e, word in _SMALL if zeros >= e)


def josa(text: str, pair: str) -> str:
    """``text`` followed by the right form of ``pair`` (consonant form first: "과/와")."""
    consonant, vowel = pair.split("/")
    sound = final_sound(text)
    if consonant == "으로":
        return text + ("로" if sound in ("v", "l") else "으로")
    return text + (vowel if sound == "v" else consonant)
