"""manage.py export_user, erase_user and rotate_master_key do what the endpoints do."""

from __future__ import annotations

import json
import uuid

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from builder.domain import Actor
from builder.wiring import builder
from eventstore.keyvault import MasterKeys, generate_master_key
from eventstore.models import DataKey, Erasure

pytestmark = pytest.mark.django_db(transaction=True)


def a_program(user, title: str) -> uuid.UUID:
    program_id = uuid.uuid4()
    builder().create_program(
        actor=Actor(user_id=user.id, correlation_id="command"), program_id=program_id, title=title
    )
    return program_id


def test_export_user_writes_the_persons_export(coach, tmp_path):
    a_program(coach, "Exported by command")
    target = tmp_path / "export.json"

    call_command("export_user", coach.email, output=str(target))

    document = json.loads(target.read_text())
    assert document["person"]["id"] == str(coach.id)
    assert document["programs"][0]["document"]["title"] == "Exported by command"


def test_erase_user_needs_the_id_repeated(coach, admin):
    with pytest.raises(CommandError, match="--confirm"):
        call_command("erase_user", coach.email, confirm=coach.email, by=str(admin.id))
    assert not Erasure.objects.filter(subject_id=coach.id).exists()


def test_erase_user_erases(coach, admin):
    program_id = a_program(coach, "Erased by command")

    call_command("erase_user", str(coach.id), confirm=str(coach.id), by=admin.email)

    assert builder().repository.get(program_id).title == "[erased]"
    assert Erasure.objects.filter(subject_id=coach.id).exists()
    with pytest.raises(CommandError, match="erased"):
        call_command("erase_user", str(coach.id), confirm=str(coach.id), by=admin.email)


def test_rotate_master_key_rewraps_under_the_new_key(coach, monkeypatch):
    program_id = a_program(coach, "Rotated")
    old = settings.EVENTSTORE["EVENTSTORE_MASTER_KEY"]
    new = generate_master_key()
    rotating = {
        **settings.EVENTSTORE,
        "EVENTSTORE_MASTER_KEY": new,
        "EVENTSTORE_PREVIOUS_MASTER_KEYS": old,
    }
    monkeypatch.setattr(settings, "EVENTSTORE", rotating)

    call_command("rotate_master_key")

    new_id = MasterKeys.from_text(new).current_id
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {new_id}
    monkeypatch.setattr(
        settings,
        "EVENTSTORE",
        {**rotating, "EVENTSTORE_MASTER_KEY": old, "EVENTSTORE_PREVIOUS_MASTER_KEYS": new},
    )
    call_command("rotate_master_key")  # back to the key this process's applications hold
    builder().mapper.vault.forget()
    assert builder().repository.get(program_id).title == "Rotated"
