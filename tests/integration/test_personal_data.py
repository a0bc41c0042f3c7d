"""Personal fields are stored encrypted under their subject's key; destroying the key erases them
everywhere in the history, and nothing else breaks."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from builder.domain import Actor, Program, acting
from builder.wiring import builder, library
from eventstore.errors import SubjectErasedError
from eventstore.keyvault import KeyVault, MasterKeys, generate_master_key, vault_for
from eventstore.personal import ERASED, PersonalDataMapper, is_erased
from eventstore.verification import verify_chain
from projections.queries import programs as program_queries

pytestmark = pytest.mark.django_db(transaction=True)

MARK = "Zq7marker"


@pytest.fixture
def actor(coach) -> Actor:
    return Actor(user_id=coach.id, correlation_id="personal")


def a_program_with_text(actor: Actor, **fields) -> uuid.UUID:
    app = builder()
    program_id = uuid.uuid4()
    app.create_program(
        actor=actor,
        program_id=program_id,
        title=f"{MARK} title",
        description=f"{MARK} description",
        notes={"focus": f"{MARK} focus"},
        tags=[f"{MARK}tag"],
        **fields,
    )
    app.add_week(
        program_id, actor=actor, expected_version=1, week_id=uuid.uuid4(), label=f"{MARK} week"
    )
    return program_id


def stored_states(program_id: uuid.UUID) -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM eventstore_events WHERE originator_id = %s", [program_id])
        return [bytes(row[0]) for row in cursor.fetchall()]


def test_personal_fields_are_stored_only_as_ciphertext(actor):
    program_id = a_program_with_text(actor)

    states = stored_states(program_id)

    assert len(states) == 2
    assert all(MARK.encode() not in state for state in states)
    assert all(b"__personal__" in state for state in states)


def test_the_program_reads_back_in_the_clear(actor):
    program_id = a_program_with_text(actor)

    program = builder().repository.get(program_id)

    assert program.title == f"{MARK} title"
    assert program.notes["focus"] == f"{MARK} focus"
    assert program.tags == [f"{MARK}tag"]
    assert program.weeks[0].label == f"{MARK} week"


def test_with_the_key_destroyed_the_text_reads_as_erased_and_nothing_else_changes(actor):
    program_id = a_program_with_text(actor)
    week_id = builder().repository.get(program_id).weeks[0].id

    with transaction.atomic():
        builder().mapper.vault.destroy(actor.user_id)
    program = builder().repository.get(program_id)

    assert program.title == "[erased]" and is_erased(program.title)
    assert program.description is ERASED or program.description == "[erased]"
    assert program.notes == {"focus": "[erased]", "phase": "", "considerations": "", "notes": ""}
    assert program.weeks[0].label == "[erased]" and program.weeks[0].id == week_id
    assert program.version == 2
    assert verify_chain().ok


def test_no_key_is_created_again_for_an_erased_subject(actor):
    with transaction.atomic():
        builder().mapper.vault.destroy(actor.user_id)

    with pytest.raises(SubjectErasedError):
        a_program_with_text(actor)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM eventstore_data_keys WHERE subject_id = %s", [actor.user_id]
        )
        assert cursor.fetchone()[0] == 0


def test_the_database_refuses_a_key_for_an_erased_subject(actor):
    with transaction.atomic():
        builder().mapper.vault.destroy(actor.user_id)

    with pytest.raises(Exception, match="was erased"), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO eventstore_data_keys (subject_id, wrapped_key, master_key_id)"
            " VALUES (%s, '\\x00', 'x')",
            [actor.user_id],
        )


def test_an_erasure_in_another_process_wins_over_this_process_cached_key(actor):
    program_id = a_program_with_text(actor)
    app = builder()
    elsewhere = KeyVault("default", app.mapper.vault.master_keys)  # another process's vault
    builder().repository.get(program_id)  # this process now caches the key

    with transaction.atomic():
        elsewhere.destroy(actor.user_id)

    assert builder().events.get(program_id).__next__().title == "[erased]"


def test_a_snapshot_holds_the_program_text_only_as_ciphertext(actor, settings):
    program_id = a_program_with_text(actor)
    app = builder()

    app.take_snapshot(program_id)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state FROM eventstore_snapshots WHERE originator_id = %s", [program_id]
        )
        [state] = [bytes(row[0]) for row in cursor.fetchall()]
    assert MARK.encode() not in state
    assert app.repository.get(program_id).weeks[0].label == f"{MARK} week"


def test_a_coach_exercise_name_is_encrypted_and_a_system_one_is_not(coach, admin):
    mine = library().create_exercise(
        actor=Actor(user_id=coach.id, correlation_id="x"),
        exercise_id=uuid.uuid4(),
        scope="coach",
        names={"en": f"{MARK} own lift"},
        category="squat",
    )
    system = library().create_exercise(
        actor=Actor(user_id=admin.id, correlation_id="x"),
        exercise_id=uuid.uuid4(),
        scope="system",
        names={"en": "Plainly Public Lift"},
        category="squat",
    )

    assert all(MARK.encode() not in s for s in stored_states(mine.aggregate.id))
    assert any(b"Plainly Public Lift" in s for s in stored_states(system.aggregate.id))
    assert library().repository.get(mine.aggregate.id).name == f"{MARK} own lift"


def test_a_personal_program_is_its_athletes_data(actor, make_user):
    athlete = make_user("athlete", roles=("athlete",))
    program_id = a_program_with_text(actor, kind="personal", athlete_id=athlete.id)

    with transaction.atomic():
        builder().mapper.vault.destroy(athlete.id)

    assert builder().repository.get(program_id).title == "[erased]"
    with pytest.raises(SubjectErasedError):
        builder().rename_program(program_id, actor=actor, expected_version=2, title="Late")


def test_rotating_the_master_key_rewraps_every_data_key(actor):
    program_id = a_program_with_text(actor)
    old = settings.EVENTSTORE["EVENTSTORE_MASTER_KEY"]
    new = generate_master_key()
    rotating = KeyVault("default", MasterKeys.from_text(new, [old]))

    with transaction.atomic():
        count = rotating.rewrap()

    assert count >= 1
    only_new = KeyVault("default", MasterKeys.from_text(new))
    mapper = PersonalDataMapper(transcoder=builder().mapper.transcoder, vault=only_new)
    stored = builder().recorder.select_events(program_id)
    assert mapper.to_domain_event(stored[0]).title == f"{MARK} title"
    with transaction.atomic():  # rotate back, for the rest of the suite's process
        assert KeyVault("default", MasterKeys.from_text(old, [new])).rewrap() == count
    vault_for("default", builder().mapper.vault.master_keys).forget()


def test_the_program_list_and_document_read_models_hold_the_text_for_reading(actor):
    program_id = a_program_with_text(actor)

    assert program_queries.program_document(program_id).document["title"] == f"{MARK} title"
    assert isinstance(builder().repository.get(program_id), Program)


def test_an_erasure_anywhere_empties_this_process_program_cache(actor, other_coach):
    program_id = a_program_with_text(actor)
    app = builder()
    app._cached(program_id)  # the cache learns the ledger's count
    app.programs.put(app.repository.get(program_id))
    assert app._cached(program_id) is not None
    app.programs.put(app.repository.get(program_id))
    elsewhere = KeyVault("default", app.mapper.vault.master_keys)

    with transaction.atomic():
        elsewhere.destroy(other_coach.id)  # anyone's erasure: the cache cannot tell whose text

    assert app._cached(program_id) is None


def test_a_save_of_many_events_about_one_person_takes_their_key_once(actor):
    a_program_with_text(actor)  # the person's key exists: taking it is one locking read
    with acting(actor):
        program = Program.create(program_id=uuid.uuid4(), owner_id=actor.user_id, title="Block")
        for number in range(20):
            program.add_week(week_id=uuid.uuid4(), label=f"{MARK} week {number}")

    with CaptureQueriesContext(connection) as captured:
        builder().save(program)

    key_reads = [q for q in captured if "eventstore_data_keys" in q["sql"]]
    assert len(key_reads) == 1
    assert all(MARK.encode() not in state for state in stored_states(program.id))
    assert [w.label for w in builder().repository.get(program.id).weeks][-1] == f"{MARK} week 19"
