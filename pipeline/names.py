"""Author credits into people, and one key per person across the four sites.

The sites credit people as "Auteur(s): Evert Dagelet,", "met medewerking van Henk Krijnen en Jos
van der Lans", "Door Eltje Bos en Pieter van Vliet" or "Tekst door: Sigrid Starremans". Names are
kept as printed, particles included ("Erik van de Langkruis"); only the punctuation and wording
around them goes.
"""

from __future__ import annotations

import re
import unicodedata

# Wording that introduces a credit rather than belonging to a name. The caller usually passes the
# value after its label, but listings print "Door Name" as one string.
_PREFIX = re.compile(
    r"^(?:(?:tekst\s+)?door\b\s*:?|tekst\s*:|auteur(?:\(s\)|s)?\s*:|met\s+medewerking\s+van\b)\s*",
    re.IGNORECASE,
)
# Contributors are credited after the authors; they are not authors, so the credit stops there
# and the site's `contributors` label reads them with their own role.
_CONTRIBUTORS = re.compile(r"[\s,;]*\bmet\s+medewerking\s+van\b.*$", re.IGNORECASE | re.DOTALL)
# "and" for the canon's English edition.
_SEPARATOR = re.compile(r"\s*(?:[,;&]|\ben\b|\band\b)\s*", re.IGNORECASE)
# Characters that render as nothing, which copy-pasted credits carry between words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# A credit may end in a comma or full stop; a final initial keeps its full stop ("Jan A.").
_TRAILING = re.compile(r"(?<!\b\w)[\s.,;:]+$")


def split_names(text: str | None) -> list[str]:
    """The people an author credit names, in printed order, each once."""
    credit = " ".join((text or "").translate(_INVISIBLE).split())
    credit = _CONTRIBUTORS.sub("", _PREFIX.sub("", credit))
    names: list[str] = []
    seen: set[str] = set()
    for part in _SEPARATOR.split(credit):
        name = _TRAILING.sub("", part).strip(" -–—|:")
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def name_key(name: str) -> str:
    """A slug that is the same for every spelling of one person's name on any site.

    Accents, case, spacing and punctuation differ between sites ("Mariël van Pelt", "Mariel van
    Pelt", "J.A. Jansen", "J. A. Jansen"); letters and digits are all that is compared. The
    Turkish dotless ı is an i too: capitalised it is I, and unaccented it is written i.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_INVISIBLE))
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "-".join(re.findall(r"[^\W_]+", unaccented.casefold().replace("ı", "i")))
