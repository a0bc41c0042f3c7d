"""A coach's history with every kind of event that names people, made through the API."""

from __future__ import annotations

from builder.models import Role, User
from tests.api.coaching import assign, invite, link_etag, linked, published_program, step
from tests.api.conftest import client_for


def a_coach_with_a_history(make_user, admin, exercise_id) -> User:
    """A coach with a published, edited and forked program, their own exercise, an athlete who
    follows an assignment (upgraded) and has a program written about them, an invitation they
    withdrew, and roles an admin changed."""
    coach = make_user("coach")
    athlete = make_user("athlete", roles=(Role.ATHLETE,))
    coach_api, athlete_api = client_for(coach), client_for(athlete)
    program = published_program(coach_api, exercise_id, title="Their block")
    own = {"names": {"en": "Their lift"}, "category": "squat"}
    assert coach_api.post("/api/exercises/", own, format="json").status_code == 201
    link_id = linked(coach_api, athlete_api, athlete.email, "programming")
    created = assign(coach_api, link_id, program.id)
    assert created.status_code == 201, created.content
    program.send("patch", "", {"title": "Their block, second edition"})
    program.send("post", "publish/")
    upgrade = f"/api/assignments/{created.json()['assignment']['id']}/upgrade/"
    step(coach_api, upgrade, {"version": 2}, etag=created["ETag"])
    about = {"title": "For the athlete", "kind": "personal", "athlete_id": str(athlete.id)}
    assert coach_api.post("/api/programs/", about, format="json").status_code == 201
    program.send("post", "fork/", {"version": 1}, expect=201)
    withdrawn = invite(coach_api, f"someone-{coach.id.hex[:8]}@example.com")["id"]
    step(coach_api, f"/api/links/{withdrawn}/end/", etag=link_etag(coach_api, withdrawn))
    roles = {"roles": ["coach", "athlete"]}
    assert client_for(admin).put(f"/api/admin/users/{coach.id}/roles/", roles, format="json")
    return coach
