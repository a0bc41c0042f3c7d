"""Accept-Language picks the language of the API's messages; Content-Language says which."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.api.editing import Editor
from tests.api.library import ExerciseEditor

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}


def test_validation_errors_and_problem_titles_follow_accept_language(api):
    english = api.post("/api/programs/", {}, format="json")
    german = api.post("/api/programs/", {}, format="json", **GERMAN)

    assert english["Content-Language"] == "en"
    assert english.json()["title"] == "Bad Request"
    assert english.json()["errors"]["title"] == ["This field is required."]
    assert german["Content-Language"] == "de"
    assert german.json()["title"] == "Ungültige Anfrage"
    assert german.json()["detail"] == "Die Anfrage enthält ungültige Felder."
    assert german.json()["errors"]["title"] == ["Dieses Feld ist zwingend erforderlich."]


def test_the_domains_refusals_are_translated_at_the_edge(api):
    editor = ExerciseEditor.create(api)

    bad_link = editor.send(
        "post", "media/", {"url": "http://youtu.be/dQw4w9WgXcQ"}, expect=400, **GERMAN
    )
    english_gone = editor.send("delete", "translations/en/", expect=409, **GERMAN)
    stale = api.post(editor.url("archive/"), {}, format="json", HTTP_IF_MATCH='"9"', **GERMAN)

    assert bad_link.json()["title"] == "Ungültige Eingabe"
    assert bad_link.json()["errors"] == {"url": ["muss ein https-Link sein"]}
    assert english_gone.json()["title"] == "Von einer Regel der Übungsbibliothek abgelehnt"
    assert english_gone.json()["detail"] == "der englische Name kann nicht entfernt werden"
    assert stale.json()["title"] == "Vorbedingung fehlgeschlagen"
    assert stale.json()["detail"].startswith("Die Übung hat sich geändert")


def test_program_rules_and_missing_things_are_translated_too(api, other_api):
    editor = Editor.create(api)

    refused = editor.send("post", "publish/", expect=409)
    german_refusal = api.post(
        editor.url("archive/"), {}, format="json", HTTP_IF_MATCH=editor.etag, **GERMAN
    )
    hidden = other_api.get(editor.url(), **GERMAN)

    assert refused.json()["title"] == "Refused by a program rule"
    assert german_refusal.status_code == 200
    assert hidden.json()["title"] == "Nicht gefunden"
    assert hidden.json()["detail"] == "Dieses Programm gibt es nicht."


def test_an_unsupported_language_falls_back_to_english(api):
    response = api.post("/api/programs/", {}, format="json", HTTP_ACCEPT_LANGUAGE="fr-FR,fr")

    assert response["Content-Language"] == "en"
    assert response.json()["errors"]["title"] == ["This field is required."]


def test_anonymous_callers_are_told_in_their_language(client):
    response = client.get("/api/exercises/", **GERMAN)

    assert response.status_code == 401
    assert response.json()["title"] == "Nicht angemeldet"
    assert response.json()["detail"] == "Anmeldedaten fehlen."


def _po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (enough of the format for our own catalogue)."""
    entries, text = {}, path.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        msgctxt = re.search(r'^msgctxt "(.*)"$', block, re.M)
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgstr")[0].split("msgid", 1)[1]))
        msgstr = "".join(re.findall(r'"(.*)"', block.split("msgstr", 1)[1]))
        key = f"{msgctxt.group(1)}\x04{msgid}" if msgctxt else msgid
        entries[key.encode().decode("unicode_escape")] = msgstr
    return entries


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES if code != "en"])
def test_the_committed_catalogue_is_complete_and_compiled(language):
    folder = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    source = _po_entries(folder / "django.po")
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    untranslated = [msgid for msgid, msgstr in source.items() if not msgstr]
    stale = [msgid for msgid in source if catalogue._catalog.get(msgid) is None]
    assert untranslated == []
    assert stale == []


def test_coaching_refusals_are_translated_too(api, make_user):
    from builder.models import Role
    from tests.api.coaching import invite, link_etag, step
    from tests.api.conftest import client_for

    athlete = make_user("athlete", roles=(Role.ATHLETE,))
    athlete_api = client_for(athlete)
    link_id = invite(api, athlete.email)["id"]
    step(athlete_api, f"/api/links/{link_id}/accept/", etag=link_etag(athlete_api, link_id))

    again = api.post(
        f"/api/links/{link_id}/consents/",
        {"purpose": "programming", "terms_version": "x y"},
        format="json",
        HTTP_IF_MATCH=link_etag(api, link_id),
        **GERMAN,
    )
    ended = step(athlete_api, f"/api/links/{link_id}/end/", etag=link_etag(athlete_api, link_id))
    late = athlete_api.post(
        f"/api/links/{link_id}/end/", {}, format="json", HTTP_IF_MATCH=ended["ETag"], **GERMAN
    )

    assert again.json()["detail"] == "Diesen Schritt dürfen Sie bei dieser Verbindung nicht tun."
    assert late.status_code == 409
    assert late.json()["title"] == "Von einer Coaching-Regel abgelehnt"
    assert late.json()["detail"] == ("eine Verbindung, die beendet ist, kann nicht beendet werden")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("en", "The body is not valid JSON (line 1, column 2)."),
        ("de", "Der Inhalt ist kein gültiges JSON (Zeile 1, Spalte 2)."),
    ],
)
def test_a_body_that_is_not_json_is_told_where_in_the_readers_language(api, language, detail):
    answer = api.generic(
        "POST", "/api/programs/", "{bad", "application/json", HTTP_ACCEPT_LANGUAGE=language
    )

    assert answer.status_code == 400
    assert answer.json()["detail"] == detail
