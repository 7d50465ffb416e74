"""The rules behind ingest: normalisation, decoding, datelines and titles, the language check."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syraq.errors import InputError
from syraq.ingest import check_language, find_dateline, find_title, normalise
from syraq.ingest.text import bytes_to_text, decode, parse_dateline, sniff_binary
from syraq.model import content_id

ENGLISH = (
    "Government forces shelled the town of Ariha in southern Idlib on Monday, killing two civilians, "
    "according to the civil defence. The attack came a day after rebels fired rockets at army positions "
    "in the plain of al-Ghab, where fighting has continued for weeks despite the ceasefire."
)

# --- normalisation --------------------------------------------------------------------------


def test_normalise_rules() -> None:
    raw = "Title  \r\n\r\nLine one.\t \r\nLine two.\r\r\n\n\n\n\n\nEnd.  \n\n"
    assert normalise(raw) == "Title\n\nLine one.\nLine two.\n\n\nEnd."


def test_normalise_nfc() -> None:
    decomposed = "Deir ez-Zor cafe\u0301"
    assert normalise(decomposed) == "Deir ez-Zor café"


def test_normalise_keeps_inner_spacing() -> None:
    # no other change: double spaces inside a line and indentation stay (offsets mean what they did)
    assert normalise("  Indented  line  with  gaps") == "  Indented  line  with  gaps"


@given(st.text(alphabet=st.sampled_from(list("ab \t\r\n\u00e9e\u0301")), max_size=60))
def test_normalise_is_idempotent_and_keeps_the_content_id(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "\r" not in once
    assert "\n\n\n\n" not in once
    assert content_id(once) == content_id(normalise(text.replace("\n", "\r\n")))


# --- decoding -------------------------------------------------------------------------------


def test_decode_utf8_sig_and_utf8() -> None:
    assert decode("Ḥimṣ".encode("utf-8-sig"), "x") == ("Ḥimṣ", "utf-8-sig")
    assert decode("Ḥimṣ".encode(), "x") == ("Ḥimṣ", "utf-8")


def test_decode_declared_charset_before_cp1252() -> None:
    data = "Правительство".encode("cp1251")
    assert decode(data, "x", declared="windows-1251") == ("Правительство", "cp1251")


def test_decode_cp1252_only_when_it_looks_western() -> None:
    western = "The blast hit the café near the crossing – it was 15° at dawn."
    assert decode(western.encode("cp1252"), "x") == (western, "cp1252")
    with pytest.raises(InputError) as info:
        decode("Правительственные войска".encode("cp1251"), "x")
    assert info.value.code == "E104"


def test_unknown_declared_charset_is_ignored() -> None:
    text = "Shelling hit a café in the old town of Idlib."
    assert decode(text.encode("cp1252"), "x", declared="x-no-such-charset")[1] == "cp1252"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7 ...", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"\xff\xd8\xff\xe0....", "JPEG"),
        (b"PK\x03\x04....", "ZIP"),
        (b"\x1f\x8b\x08....", "gzip"),
        (b"text\x00with nul", "NUL"),
    ],
)
def test_sniff_binary(data: bytes, what: str) -> None:
    why = sniff_binary(data)
    assert why is not None and what in why


def test_utf16_is_not_binary() -> None:
    assert sniff_binary("Aleppo".encode("utf-16")) is None
    assert bytes_to_text("Aleppo".encode("utf-16"), "x") == ("Aleppo", "utf-16")


# --- datelines (dateline.toml) --------------------------------------------------------------

TODAY = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("15 February 2018", date(2018, 2, 15)),
        ("15 Feb. 2018", date(2018, 2, 15)),
        ("February 15, 2018", date(2018, 2, 15)),
        ("Feb 15th, 2018", date(2018, 2, 15)),
        ("2018-02-15", date(2018, 2, 15)),
        ("Thursday, 15 February 2018", date(2018, 2, 15)),
        ("Published: February 15, 2018", date(2018, 2, 15)),
        ("Updated on 15 February 2018 10:32 GMT", date(2018, 2, 15)),
        ("Posted Thu 15 Feb 2018 | 10:32", date(2018, 2, 15)),
        ("last updated: 2018-02-15 at 9:05 pm", date(2018, 2, 15)),
    ],
)
def test_dateline_formats(line: str, expected: date) -> None:
    assert parse_dateline(line, TODAY) == expected


@pytest.mark.parametrize(
    "line",
    [
        "03/04/2018",  # day-month or month-day: never read
        "15.02.2018",
        "On 15 February 2018 the army entered the town.",  # a sentence, not a date line
        "February 2018",  # no day
        "31 February 2018",  # no such day
        "15 February 1975",  # before min_year
        "15 February 2031",  # after the day of ingest
        "DAMASCUS, Feb 15 (Reuters)",  # no year
    ],
)
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line, TODAY) is None


def test_dateline_only_near_the_top() -> None:
    top = "Headline of the report here\n\n15 February 2018\n\nBody."
    assert find_dateline(top, TODAY) == (date(2018, 2, 15), [date(2018, 2, 15)])
    late = "\n".join(f"Paragraph {i} of the story." for i in range(20)) + "\n15 February 2018\n"
    assert find_dateline(late, TODAY) == (None, [])


def test_same_date_twice_is_not_ambiguous() -> None:
    text = "Published: 15 February 2018\nUpdated: February 15, 2018 18:00\nBody."
    assert find_dateline(text, TODAY)[0] == date(2018, 2, 15)


def test_two_dates_are_ambiguous() -> None:
    text = "Published: 14 February 2018\nUpdated: 15 February 2018\nBody."
    assert find_dateline(text, TODAY) == (None, [date(2018, 2, 14), date(2018, 2, 15)])


# --- titles (dateline.toml [title]) ---------------------------------------------------------


def test_title_is_the_first_headline_like_line() -> None:
    assert find_title("5 min read\n\nArmy retakes Mayadin from IS\n\nBody text.") == "Army retakes Mayadin from IS"
    assert find_title("15 February 2018\nArmy retakes Mayadin from IS\n") == "Army retakes Mayadin from IS"


def test_no_title_when_the_text_starts_with_the_body() -> None:
    assert find_title(ENGLISH + "\nSecond paragraph of the story.") == ""
    assert find_title("The army said it took the town.\nMore text follows here today.") == ""


# --- language (language.toml) ---------------------------------------------------------------


def test_english_passes() -> None:
    result = check_language(ENGLISH)
    assert result.is_english and result.language == "en"
    assert result.english_share > 0.2


def test_english_quoting_a_few_arabic_names_passes() -> None:
    text = ENGLISH + " The group calls the area ولاية الخير (Wilayat al-Khayr)."
    assert check_language(text).is_english


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("اشتباكات عنيفة بين قوات الحكومة وعناصر التنظيم في ريف دير الزور", "ar"),
        ("درگیری میان نیروهای دولتی و گروه داعش در نزدیکی شهر پالمیرا گزارش شد", "fa"),
        ("Войска заняли город Маядин в провинции Дейр-эз-Зор", "ru"),
        ("Війська зайняли місто Маядін у провінції Дейр-ез-Зор, повідомили в міністерстві", "uk"),
        ("Los combates entre el ejército y los rebeldes continuaron en la provincia de Idlib según el monitor", "es"),
        ("Die Armee hat nach Angaben der Beobachtungsstelle die Stadt Mayadin in der Provinz eingenommen", "de"),
        ("Des combats ont éclaté entre les forces du régime et les rebelles dans la province", "fr"),
    ],
)
def test_other_languages_are_named(text: str, language: str) -> None:
    result = check_language(text)
    assert not result.is_english
    assert result.language == language


def test_short_text_without_evidence_passes() -> None:
    assert check_language("Deir ez-Zor: IS attack repelled").is_english


def test_long_text_with_too_few_function_words_fails() -> None:
    names = " ".join(["Aleppo Homs Hama Idlib Raqqa Daraa Quneitra Latakia Tartus"] * 4) + " the"
    result = check_language(names)
    assert not result.is_english
    assert result.language == "und"


def test_no_letters() -> None:
    assert not check_language("12 34 -- 56").is_english
