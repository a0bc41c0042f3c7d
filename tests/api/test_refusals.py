"""A refusal says why: a failed CSRF check is told apart from a step the person may not take,
and the admin site's pages are refused with a page, the API's clients with a problem."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def auditor_at_the_admin(make_user) -> Client:
    from builder.models import Role

    auditor = make_user("auditor", roles=(Role.AUDITOR,))
    auditor.is_staff = True
    auditor.save()
    client = Client()
    client.force_login(auditor)
    return client


def change_someone(client: Client, person, **headers):
    return client.post(
        f"/admin/builder/user/{person.id}/change/", {"email": "x@example.com"}, **headers
    )


def test_a_step_refused_in_the_admin_site_is_a_page_saying_the_person_may_not(
    auditor_at_the_admin, coach
):
    answer = change_someone(auditor_at_the_admin, coach)

    assert answer.status_code == 403
    assert answer["Content-Type"].startswith("text/html")
    assert "You may not do this." in answer.content.decode()
    assert "CSRF" not in answer.content.decode()


def test_a_refusal_asked_for_as_json_is_a_problem_saying_the_person_may_not(
    auditor_at_the_admin, coach
):
    answer = change_someone(auditor_at_the_admin, coach, HTTP_ACCEPT="application/json")

    assert answer.status_code == 403
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/forbidden"
    assert answer.json()["detail"] == "You may not do this."


def test_the_refusal_is_told_in_german_too(auditor_at_the_admin, coach):
    answer = change_someone(auditor_at_the_admin, coach, HTTP_ACCEPT_LANGUAGE="de")

    assert "Das dürfen Sie nicht." in answer.content.decode()


def test_a_failed_csrf_check_is_a_problem_saying_so():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT="application/json")
    answer = client.post(LOGIN, {"username": "someone@example.com", "password": "x"})

    assert answer.status_code == 403
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/csrf-failed"
    assert answer.json()["detail"] == "CSRF check failed."


def test_a_failed_csrf_check_at_the_admin_login_is_a_page_saying_so():
    client = Client(enforce_csrf_checks=True)
    answer = client.post(LOGIN, {"username": "someone@example.com", "password": "x"})

    assert answer.status_code == 403
    assert answer["Content-Type"].startswith("text/html")
    assert "CSRF check failed." in answer.content.decode()
