"""The HTTP contract of the exercise library: who may create and see what, search, videos."""

from __future__ import annotations

import socket
import uuid

import pytest

from builder.models import Role
from tests.api.conftest import client_for
from tests.api.library import ExerciseEditor, exercise_body
from tests.unit.test_media import REFUSED

pytestmark = pytest.mark.django_db

YT = "dQw4w9WgXcQ"


@pytest.fixture
def admin_api(admin):
    return client_for(admin)


@pytest.fixture
def athlete_api(make_user):
    return client_for(make_user("athlete", roles=(Role.ATHLETE,)))


def history(editor: ExerciseEditor) -> int:
    return editor.read()["version"]


class TestCreation:
    def test_a_coach_creates_an_own_exercise(self, api, coach):
        response = api.post(
            "/api/exercises/",
            exercise_body("Tempo Squat", names={"en": "Tempo Squat", "de": "Tempo-Kniebeuge"},
                          equipment=["barbell"], primary_muscles=["quadriceps"]),
            format="json",
        )  # fmt: skip

        assert response.status_code == 201
        body = response.json()
        exercise = body["exercise"]
        assert (exercise["scope"], exercise["owner_id"]) == ("coach", str(coach.id))
        assert exercise["names"] == {"de": "Tempo-Kniebeuge", "en": "Tempo Squat"}
        assert exercise["version"] == 1 and response["ETag"] == '"1"'
        assert response["Location"] == f"/api/exercises/{exercise['id']}/"
        assert int(response["X-Event-Position"]) == body["position"]

    def test_admins_create_system_exercises_and_nobody_else_does(self, api, admin_api, athlete_api):
        by_admin = admin_api.post("/api/exercises/", exercise_body(), format="json")
        coach_asks_system = api.post(
            "/api/exercises/", exercise_body(scope="system"), format="json"
        )
        by_athlete = athlete_api.post("/api/exercises/", exercise_body(), format="json")

        assert by_admin.status_code == 201
        assert by_admin.json()["exercise"]["scope"] == "system"
        assert coach_asks_system.status_code == 403
        assert by_athlete.status_code == 403
        assert api.get("/api/exercises/").json()["count"] == 1

    def test_the_same_idempotency_key_and_body_creates_once(self, api):
        body = exercise_body()

        first = api.post("/api/exercises/", body, format="json", HTTP_IDEMPOTENCY_KEY="e-1")
        again = api.post("/api/exercises/", body, format="json", HTTP_IDEMPOTENCY_KEY="e-1")
        other = api.post(
            "/api/exercises/", exercise_body("Other"), format="json", HTTP_IDEMPOTENCY_KEY="e-1"
        )

        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert other.status_code == 422
        assert api.get("/api/exercises/").json()["count"] == 1

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"names": {"de": "Kniebeuge"}, "category": "squat"}, "names.en"),
            ({"names": {"english": "Squat"}, "category": "squat"}, "names"),
            ({"names": {"en": "Squat"}, "category": "legs"}, "category"),
            ({"names": {"en": "Squat"}, "category": "squat", "equipment": ["rocket"]}, "equipment"),
            ({"names": {"en": "Squat"}, "category": "squat", "owner_id": str(uuid.uuid4())},
             "owner_id"),
            ({"names": {"en": "Squat"}, "category": "squat", "primary_muscles": ["glutes"],
              "secondary_muscles": ["glutes"]}, "secondary_muscles"),
            ({"names": {"en": "Squat"}, "category": "squat", "aliases": {"fr": ["Squat"]}},
             "aliases.fr"),
        ],
    )  # fmt: skip
    def test_invalid_exercises_are_400_naming_the_field(self, api, body, field):
        response = api.post("/api/exercises/", body, format="json")

        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert field in response.json()["errors"]
        assert api.get("/api/exercises/").json()["count"] == 0


class TestEditing:
    def test_a_translation_is_set_and_removed_but_english_stays(self, api):
        editor = ExerciseEditor.create(api)

        editor.translate("de", "Tempo-Kniebeuge", ["Langsame Kniebeuge"])
        assert editor.read()["aliases"] == {"de": ["Langsame Kniebeuge"]}
        editor.send("delete", "translations/de/")
        refused = editor.send("delete", "translations/en/", expect=409)
        unknown = editor.send("delete", "translations/fr/", expect=404)
        malformed = editor.send("put", "translations/Deutsch/", {"name": "x"}, expect=400)

        assert editor.read()["names"] == {"en": "Tempo Squat"}
        assert refused.json()["title"] == "Refused by an exercise library rule"
        assert unknown.json()["status"] == 404
        assert "locale" in malformed.json()["errors"]
        assert history(editor) == 3

    def test_edits_need_the_current_etag(self, api):
        editor = ExerciseEditor.create(api)
        editor.translate("de", "Tempo-Kniebeuge")

        missing = api.patch(editor.url(), {"category": "hinge"}, format="json")
        stale = api.patch(editor.url(), {"category": "hinge"}, format="json", HTTP_IF_MATCH='"1"')

        assert missing.status_code == 428
        assert stale.status_code == 412
        assert stale["ETag"] == '"2"' and stale.json()["current_version"] == 2
        assert history(editor) == 2

    def test_the_classification_changes_field_by_field(self, api):
        editor = ExerciseEditor.create(api, equipment=["barbell"])

        editor.send("patch", "", {"laterality": "unilateral", "tracking": "time"})
        empty = editor.send("patch", "", {}, expect=400)

        exercise = editor.read()
        assert (exercise["laterality"], exercise["tracking"]) == ("unilateral", "time")
        assert exercise["equipment"] == ["barbell"]
        assert empty.json()["status"] == 400

    def test_reading_gives_the_etag_and_the_whole_exercise_even_to_if_none_match(self, api):
        # Its usage count changes without its version: a 304 could show a stale count.
        editor = ExerciseEditor.create(api)

        first = api.get(editor.url())
        again = api.get(editor.url(), HTTP_IF_NONE_MATCH=first["ETag"])

        assert first.status_code == 200 and first["ETag"] == '"1"'
        assert again.status_code == 200 and again["ETag"] == '"1"'
        assert again.json() == first.json()
        assert "usage_count" in again.json()


class TestVisibility:
    def test_a_coach_never_sees_or_touches_another_coachs_own_exercise(self, api, other_api):
        editor = ExerciseEditor.create(api, "Secret Squat")
        writes = [
            ("patch", "", {"category": "hinge"}),
            ("put", "translations/de/", {"name": "Geheim"}),
            ("delete", "translations/de/", {}),
            ("post", "media/", {"url": f"https://youtu.be/{YT}"}),
            ("post", "archive/", {}),
            ("post", "merge/", {"into": str(uuid.uuid4())}),
        ]

        assert other_api.get(editor.url()).status_code == 404
        assert other_api.get("/api/exercises/").json()["count"] == 0
        assert other_api.get("/api/exercises/?q=secret").json()["count"] == 0
        for method, path, body in writes:
            response = getattr(other_api, method)(
                editor.url(path), body, format="json", HTTP_IF_MATCH=editor.etag
            )
            assert response.status_code == 404, (method, path)
        assert history(editor) == 1

    def test_system_exercises_are_seen_by_everyone_and_edited_by_admins(
        self, api, admin_api, athlete_api
    ):
        editor = ExerciseEditor.create(admin_api, "Back Squat")

        coach_edit = api.patch(
            editor.url(), {"category": "hinge"}, format="json", HTTP_IF_MATCH=editor.etag
        )

        assert api.get(editor.url()).status_code == 200
        assert athlete_api.get("/api/exercises/").json()["count"] == 1
        assert coach_edit.status_code == 403
        editor.send("patch", "", {"category": "hinge"})

    def test_an_exercise_can_only_be_merged_into_one_the_caller_sees(self, api, other_api):
        mine = ExerciseEditor.create(api, "Mine")
        theirs = ExerciseEditor.create(other_api, "Theirs")

        hidden = mine.send("post", "merge/", {"into": theirs.id}, expect=400)
        itself = mine.send("post", "merge/", {"into": mine.id}, expect=409)

        assert "into" in hidden.json()["errors"]
        assert itself.json()["type"] == "/problems/merge-refused"


class TestSearch:
    @pytest.fixture
    def library(self, admin_api, api):
        made = {}
        for en, de, category, equipment, aliases in [
            ("Bench Press", "Bankdrücken", "push", ["barbell", "bench"], {"de": ["Flachbank"]}),
            ("Back Squat", "Kniebeuge", "squat", ["barbell"], {"en": ["Barbell Squat"]}),
            ("Deadlift", "Kreuzheben", "hinge", ["barbell"], {}),
            ("Goblet Squat", "Goblet-Kniebeuge", "squat", ["kettlebell"], {}),
        ]:
            editor = ExerciseEditor.create(
                admin_api, en, names={"en": en, "de": de}, category=category,
                equipment=equipment, aliases=aliases, primary_muscles=["quadriceps"]
                if category == "squat" else ["hamstrings"],
            )  # fmt: skip
            made[en] = editor
        made["Back Squat"].link(f"https://youtu.be/{YT}")
        made["Own"] = ExerciseEditor.create(api, "Zercher Squat", category="squat")
        return made

    def names(self, api, query: str, language: str = "en") -> list[str]:
        response = api.get(f"/api/exercises/?{query}", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, response.content
        return [item["name"] for item in response.json()["results"]]

    def test_text_matches_names_and_aliases_in_either_language(self, api, library):
        assert self.names(api, "q=squat") == ["Back Squat", "Goblet Squat", "Zercher Squat"]
        assert self.names(api, "q=kniebeuge") == ["Back Squat", "Goblet Squat"]
        assert self.names(api, "q=KNIEBEUGE", "de") == ["Goblet-Kniebeuge", "Kniebeuge"]
        assert self.names(api, "q=bankdrucken", "de") == ["Bankdrücken"]
        assert self.names(api, "q=drück", "de") == ["Bankdrücken"]
        assert self.names(api, "q=flachbank") == ["Bench Press"]
        assert self.names(api, "q=barbell squat") == ["Back Squat"]

    def test_filters_combine_and_pages_are_bounded(self, api, library):
        assert self.names(api, "category=squat&equipment=barbell") == ["Back Squat"]
        assert self.names(api, "muscle=hamstrings") == ["Bench Press", "Deadlift"]
        assert self.names(api, "scope=coach") == ["Zercher Squat"]
        assert self.names(api, "has_video=true") == ["Back Squat"]
        assert len(self.names(api, "has_video=false")) == 4
        page = api.get("/api/exercises/?page_size=2").json()
        assert (page["count"], len(page["results"])) == (5, 2) and page["next"]
        assert api.get("/api/exercises/?category=legs").status_code == 400
        assert api.get("/api/exercises/?page_size=100000").status_code == 200

    def test_names_come_in_the_readers_language_or_english(self, api, library):
        response = api.get("/api/exercises/?q=squat", HTTP_ACCEPT_LANGUAGE="de-AT,de;q=0.9")

        shown = {item["names"]["en"]: item for item in response.json()["results"]}
        assert response["Content-Language"] == "de"
        assert (shown["Back Squat"]["name"], shown["Back Squat"]["name_language"]) == (
            "Kniebeuge",
            "de",
        )
        assert (shown["Zercher Squat"]["name"], shown["Zercher Squat"]["name_language"]) == (
            "Zercher Squat",
            "en",
        )

    def test_archived_and_merged_exercises_leave_the_default_list(self, api, library):
        library["Own"].send("post", "merge/", {"into": library["Back Squat"].id})
        admin_editor = library["Deadlift"]
        admin_editor.send("post", "archive/")

        assert "Deadlift" not in self.names(api, "")
        assert self.names(api, "status=archived") == ["Deadlift"]
        assert self.names(api, "status=merged") == ["Zercher Squat"]
        merged = api.get(library["Own"].url()).json()
        assert merged["replaced_by"] == library["Back Squat"].id


class TestMedia:
    def test_every_kind_of_bad_link_is_a_400_naming_the_url(self, api):
        editor = ExerciseEditor.create(api)

        answers = {kind: editor.link(url, expect=400).json() for kind, url in REFUSED.items()}

        wrong = {kind: p for kind, p in answers.items() if "url" not in p.get("errors", {})}
        assert wrong == {}
        assert history(editor) == 1

    def test_good_links_are_normalised_and_the_first_is_primary(self, api):
        editor = ExerciseEditor.create(api)

        editor.link(
            f"https://m.youtube.com/watch?v={YT}&t=30s",
            duration_s=75,
            licence="CC BY 4.0",
            attribution="Coach Casey",
            description="Sit back and down between the heels.",
        )
        editor.link("https://player.vimeo.com/video/76979871?h=a1b2c3d4e5")

        exercise = editor.read()
        first, second = exercise["media"]
        assert first["url"] == f"https://www.youtube.com/watch?v={YT}"
        assert first["embed_url"] == f"https://www.youtube-nocookie.com/embed/{YT}"
        assert (first["provider"], first["video_id"], first["duration_s"]) == ("youtube", YT, 75)
        assert second["url"] == "https://vimeo.com/76979871/a1b2c3d4e5"
        assert exercise["primary_media"] == first and exercise["has_video"]
        editor.send("post", f"media/{second['media_id']}/primary/")
        editor.send("delete", f"media/{second['media_id']}/")
        assert editor.read()["primary_media"]["media_id"] == first["media_id"]

    def test_captions_follow_the_same_rules(self, api):
        editor = ExerciseEditor.create(api)

        refused = editor.link(
            f"https://youtu.be/{YT}", captions_url="http://evil.example/c.vtt", expect=400
        )

        assert "captions_url" in refused.json()["errors"]

    def test_a_configured_host_is_accepted(self, api, settings):
        from builder.wiring import library

        settings.EXERCISE_MEDIA_HOSTS = ["media.example.org"]
        library.cache_clear()
        try:
            editor = ExerciseEditor.create(api)
            editor.link("https://media.example.org/squat.mp4")
            link = editor.read()["primary_media"]
        finally:
            library.cache_clear()

        assert (link["provider"], link["url"]) == (
            "media.example.org",
            "https://media.example.org/squat.mp4",
        )

    def test_no_outbound_connection_is_ever_attempted(self, api, monkeypatch):
        editor = ExerciseEditor.create(api)
        attempts = []
        real_connect = socket.socket.connect

        def recording_connect(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(address)
            return real_connect(sock, address)

        def recording_create_connection(address, *args, **kwargs):
            attempts.append(address)
            raise OSError("no network in this test")

        monkeypatch.setattr(socket.socket, "connect", recording_connect)
        monkeypatch.setattr(socket, "create_connection", recording_create_connection)
        monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])

        editor.link(f"https://youtu.be/{YT}", captions_url="https://www.youtube.com/api/x.vtt")
        editor.link("https://vimeo.com/76979871")
        for url in REFUSED.values():
            editor.link(url, expect=400)
        api.get(editor.url())

        assert attempts == []
        with pytest.raises(OSError):  # the trap works: a real attempt would be recorded
            socket.create_connection(("youtu.be", 443))
        assert attempts == [("youtu.be", 443)]


def test_creating_an_exercise_with_a_taken_id_is_409(api):
    first = ExerciseEditor.create(api, "Zercher Squat")

    again = api.post("/api/exercises/", exercise_body("Other", exercise_id=first.id), format="json")

    assert again.status_code == 409
    assert first.read()["names"]["en"] == "Zercher Squat"
