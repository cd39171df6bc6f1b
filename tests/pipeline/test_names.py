import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.names import name_key, split_names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Evert Dagelet,", ["Evert Dagelet"]),
        ("Evert Dagelet.", ["Evert Dagelet"]),
        ("Nico de Boer, Jos van der Lans en Evert Dagelet",
         ["Nico de Boer", "Jos van der Lans", "Evert Dagelet"]),
        ("Eltje Bos & Pieter van Vliet", ["Eltje Bos", "Pieter van Vliet"]),
        ("Eltje Bos en Pieter van Vliet", ["Eltje Bos", "Pieter van Vliet"]),
        ("Nico de Boer and Jos van der Lans", ["Nico de Boer", "Jos van der Lans"]),
        ("Henk Krijnen; Jos van der Lans", ["Henk Krijnen", "Jos van der Lans"]),
        ("Erik van de Langkruis", ["Erik van de Langkruis"]),
        ("Jan-Willem ten Hove, Anna van Ende", ["Jan-Willem ten Hove", "Anna van Ende"]),
        ("J.A. Jansen en P. de Vries", ["J.A. Jansen", "P. de Vries"]),
        ("Karin A.", ["Karin A."]),
    ],
)
def test_a_credit_is_split_into_people_in_printed_order(text, expected):
    assert split_names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Door Eltje Bos, Pieter van Vliet", ["Eltje Bos", "Pieter van Vliet"]),
        ("Door Redactie", ["Redactie"]),
        ("door: Sigrid Starremans", ["Sigrid Starremans"]),
        ("Tekst door: Sigrid Starremans", ["Sigrid Starremans"]),
        ("Tekst: Sigrid Starremans", ["Sigrid Starremans"]),
        ("Auteur(s): Evert Dagelet,", ["Evert Dagelet"]),
        ("Doortje Kal", ["Doortje Kal"]),
        ("Tekstschrijver Bas", ["Tekstschrijver Bas"]),
    ],
)
def test_credit_wording_before_the_names_is_removed(text, expected):
    assert split_names(text) == expected


def test_contributors_are_read_after_met_medewerking_van():
    text = "met medewerking van Henk Krijnen en Jos van der Lans"
    assert split_names(text) == ["Henk Krijnen", "Jos van der Lans"]


@pytest.mark.parametrize(
    "text",
    [
        "Erik van de Langkruis, met medewerking van Henk Krijnen en Jos van der Lans",
        "Erik van de Langkruis,\nmet medewerking van Henk Krijnen",
        "Erik van de Langkruis Met Medewerking Van Henk Krijnen",
    ],
)
def test_contributors_are_not_credited_as_authors(text):
    assert split_names(text) == ["Erik van de Langkruis"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jos\u00a0van\u00a0der Lans", ["Jos van der Lans"]),
        ("  Jos   van der\tLans ,\n", ["Jos van der Lans"]),
        ("Jos van\u200b der Lans", ["Jos van der Lans"]),
        ("Mariël van Pelt", ["Mariël van Pelt"]),
    ],
)
def test_whitespace_is_normalised_and_letters_kept_as_printed(text, expected):
    assert split_names(text) == expected


def test_a_person_named_twice_is_kept_once_in_first_position():
    text = "Jos van der Lans, Nico de Boer en jos van der lans, Mariël van Pelt & Mariel van Pelt"
    assert split_names(text) == ["Jos van der Lans", "Nico de Boer", "Mariël van Pelt"]


@pytest.mark.parametrize("text", ["", "   ", ",", " , en & ", "Door", "Tekst door:", None])
def test_a_credit_without_names_gives_an_empty_list(text):
    assert split_names(text) == []


@pytest.mark.parametrize(
    "one, other",
    [
        ("Mariël van Pelt", "Mariel van Pelt"),
        ("Jos van der Lans", "jos  VAN der lans"),
        ("Jos\u00a0van der Lans", "Jos van der Lans"),
        ("J.A. Jansen", "J. A. Jansen"),
        ("Jan-Willem ten Hove", "Jan Willem ten Hove"),
        ("Ruth Dijkstra-Ünal", "Ruth Dijkstra-Unal"),
    ],
)
def test_name_key_is_the_same_for_spellings_of_one_person(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    "one, other",
    [("Jos van der Lans", "Jos van de Lans"), ("Henk Krijnen", "Henk Krijne")],
)
def test_name_key_tells_different_people_apart(one, other):
    assert name_key(one) != name_key(other)


def test_name_key_is_a_lowercase_ascii_slug():
    assert name_key(" Mariël  van Pelt ") == "mariel-van-pelt"


@given(st.text())
def test_split_names_gives_distinct_trimmed_names(text):
    names = split_names(text)
    assert all(name and name == name.strip() and "  " not in name for name in names)
    assert len({name_key(name) for name in names}) == len(names)
