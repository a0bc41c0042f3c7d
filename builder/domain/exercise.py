"""The Exercise aggregate: one exercise of the library, its names, classification and videos."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from builder.domain import classification as kinds
from builder.domain import fields, personal, translations
from builder.domain.audit import AuditedAggregate
from builder.domain.errors import (
    DuplicateMediaError,
    EnglishNameRequiredError,
    ExerciseArchivedError,
    ExerciseMergedError,
    InvalidValue,
    LimitExceededError,
    MergeRefusedError,
    UnknownMediaError,
    UnknownTranslationError,
)
from builder.domain.media import MediaHosts, media_link

MAX_MEDIA = 10
STATUSES = ("active", "archived", "merged")


class Exercise(AuditedAggregate):
    """An exercise coaches put in programs: `system` (kept by admins) or one coach's own.

    Public commands validate, then call a private `@event` method whose body only mutates
    (it runs again on replay). Ids, of the exercise and of its media links, come from the
    caller.
    """

    def __init__(
        self,
        *,
        scope: str,
        owner_id: UUID | None,
        names: dict[str, str],
        aliases: dict[str, list[str]],
        category: str,
        equipment: list[str],
        primary_muscles: list[str],
        secondary_muscles: list[str],
        laterality: str,
        tracking: str,
    ) -> None:
        self.scope = scope
        self.owner_id = owner_id
        self.names = dict(names)
        self.aliases = {key: list(items) for key, items in aliases.items()}
        self._classify(
            category, equipment, primary_muscles, secondary_muscles, laterality, tracking
        )
        self.media: list[dict[str, Any]] = []
        self.primary_media_id: str | None = None
        self.status = "active"
        self.merged_into: UUID | None = None

    # -- creation -----------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        exercise_id: UUID,
        scope: str,
        owner_id: UUID | None,
        names: dict[str, str],
        aliases: dict[str, list[str]] | None = None,
        category: str,
        equipment: list[str] | tuple[str, ...] = (),
        primary_muscles: list[str] | tuple[str, ...] = (),
        secondary_muscles: list[str] | tuple[str, ...] = (),
        laterality: str = "bilateral",
        tracking: str = "reps_load",
    ) -> Exercise:
        """A new active exercise; a coach's own one names its owner, a system one none."""
        scope = fields.choice(scope, "scope", kinds.SCOPES)
        named = translations.names(names)
        return cls._create(
            cls.Created,
            id=fields.uuid(exercise_id, "exercise_id"),
            scope=scope,
            owner_id=_owner(scope, owner_id),
            names=named,
            aliases=translations.aliases(aliases, named),
            **kinds.classification(
                category=category,
                equipment=equipment,
                primary_muscles=primary_muscles,
                secondary_muscles=secondary_muscles,
                laterality=laterality,
                tracking=tracking,
            ),
        )

    # -- whose data --------------------------------------------------------------------------

    @classmethod
    def _creation_subject(cls, fields: dict[str, Any]) -> UUID | None:
        return fields["owner_id"]

    def data_subject(self) -> UUID | None:
        """A coach's own exercise is that coach's text; a system exercise is nobody's."""
        return self.owner_id

    # -- reading ------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The English name (what program entries record)."""
        return self.names[translations.ENGLISH]

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def classification(self) -> dict[str, Any]:
        return {key: _copy(getattr(self, key)) for key in kinds.CLASSIFICATION_FIELDS}

    def find_media(self, media_id: Any) -> dict[str, Any]:
        wanted = str(fields.uuid(media_id, "media_id"))
        for link in self.media:
            if link["media_id"] == wanted:
                return link
        raise UnknownMediaError(media_id)

    @property
    def primary_media(self) -> dict[str, Any] | None:
        if self.primary_media_id is None:
            return None
        return self.find_media(self.primary_media_id)

    # -- names --------------------------------------------------------------------------

    def set_translation(self, locale: str, name: str, aliases: Any = ()) -> None:
        """Set (add or replace) the name and aliases in one language, English included."""
        self._ensure_editable()
        tag = translations.locale(locale)
        if tag not in self.names and len(self.names) >= translations.MAX_LOCALES:
            raise LimitExceededError("languages", translations.MAX_LOCALES)
        self._translation_set(
            locale=tag,
            name=translations.name(name, "name"),
            aliases=translations.alias_list(aliases, "aliases"),
        )

    @event("TranslationSet")
    def _translation_set(self, locale: str, name: str, aliases: list[str]) -> None:
        self.names = dict(sorted({**self.names, locale: name}.items()))
        others = {key: items for key, items in self.aliases.items() if key != locale}
        self.aliases = dict(
            sorted({**others, **({locale: list(aliases)} if aliases else {})}.items())
        )

    def remove_translation(self, locale: str) -> None:
        """Forget the name and aliases in one language (never English: it is the fallback)."""
        self._ensure_editable()
        tag = translations.locale(locale)
        if tag == translations.ENGLISH:
            raise EnglishNameRequiredError()
        if tag not in self.names:
            raise UnknownTranslationError(tag)
        self._translation_removed(locale=tag)

    @event("TranslationRemoved")
    def _translation_removed(self, locale: str) -> None:
        self.names = {key: text for key, text in self.names.items() if key != locale}
        self.aliases = {key: items for key, items in self.aliases.items() if key != locale}

    # -- classification -----------------------------------------------------------------

    def change_classification(self, **changes: Any) -> None:
        """Change category, equipment, muscles, laterality or tracking; omitted ones stay."""
        self._ensure_editable()
        unknown = set(changes) - set(kinds.CLASSIFICATION_FIELDS)
        if unknown:
            raise InvalidValue(sorted(unknown)[0], "not-classification-field")
        merged = {**self.classification(), **changes}
        self._classification_changed(**kinds.classification(**merged))

    @event("ClassificationChanged")
    def _classification_changed(
        self,
        category: str,
        equipment: list[str],
        primary_muscles: list[str],
        secondary_muscles: list[str],
        laterality: str,
        tracking: str,
    ) -> None:
        self._classify(
            category, equipment, primary_muscles, secondary_muscles, laterality, tracking
        )

    def _classify(
        self,
        category: str,
        equipment: list[str],
        primary_muscles: list[str],
        secondary_muscles: list[str],
        laterality: str,
        tracking: str,
    ) -> None:
        self.category = category
        self.equipment = list(equipment)
        self.primary_muscles = list(primary_muscles)
        self.secondary_muscles = list(secondary_muscles)
        self.laterality = laterality
        self.tracking = tracking

    # -- media --------------------------------------------------------------------------

    def link_media(self, *, hosts: MediaHosts, **link: Any) -> None:
        """Link a video hosted elsewhere (see media.media_link); the first becomes primary."""
        self._ensure_editable()
        checked = media_link(hosts=hosts, **link)
        if len(self.media) >= MAX_MEDIA:
            raise LimitExceededError("media links an exercise", MAX_MEDIA)
        for existing in self.media:
            if existing["media_id"] == checked["media_id"]:
                raise DuplicateMediaError(DuplicateMediaError.MEDIA_ID, id=checked["media_id"])
            if (existing["provider"], existing["video_id"]) == (
                checked["provider"],
                checked["video_id"],
            ):
                raise DuplicateMediaError(DuplicateMediaError.VIDEO)
        self._media_linked(media=checked)

    @event("MediaLinked")
    def _media_linked(self, media: dict[str, Any]) -> None:
        self.media.append(dict(media))
        if self.primary_media_id is None:
            self.primary_media_id = media["media_id"]

    def unlink_media(self, media_id: Any) -> None:
        """Remove a link; when it was primary, the next remaining link becomes primary."""
        self._ensure_editable()
        self._media_unlinked(media_id=self.find_media(media_id)["media_id"])

    @event("MediaUnlinked")
    def _media_unlinked(self, media_id: str) -> None:
        self.media = [link for link in self.media if link["media_id"] != media_id]
        if self.primary_media_id == media_id:
            self.primary_media_id = self.media[0]["media_id"] if self.media else None

    def make_media_primary(self, media_id: Any) -> None:
        self._ensure_editable()
        self._media_made_primary(media_id=self.find_media(media_id)["media_id"])

    @event("MediaMadePrimary")
    def _media_made_primary(self, media_id: str) -> None:
        self.primary_media_id = media_id

    # -- lifecycle ----------------------------------------------------------------------

    def archive(self) -> None:
        """Take the exercise out of use: programs keep showing it, new entries cannot use it."""
        self._ensure_editable()
        self._archived()

    @event("Archived")
    def _archived(self) -> None:
        self.status = "archived"

    def merge_into(self, target: Exercise) -> None:
        """Retire this exercise in favour of `target`; programs referring to it show `target`.

        The target must be active and visible to everyone who can see this exercise: a system
        exercise merges only into a system one, a coach's own into a system one or another of
        the same coach's.
        """
        self._ensure_editable()
        if target.id == self.id:
            raise MergeRefusedError(MergeRefusedError.ITSELF)
        if not target.is_active:
            raise MergeRefusedError(MergeRefusedError.TARGET_RETIRED)
        if target.scope == "coach" and (self.scope, self.owner_id) != ("coach", target.owner_id):
            raise MergeRefusedError(MergeRefusedError.TARGET_HIDDEN)
        self._merged(into_id=target.id)

    @event("Merged")
    def _merged(self, into_id: UUID) -> None:
        self.status = "merged"
        self.merged_into = into_id

    # -- rules --------------------------------------------------------------------------

    def _ensure_editable(self) -> None:
        if self.status == "archived":
            raise ExerciseArchivedError()
        if self.status == "merged":
            raise ExerciseMergedError(self.merged_into)


personal.declare(
    Exercise,
    {
        "Created": ("names.*", "aliases.*.*"),
        "TranslationSet": ("name", "aliases.*"),
    },
)
personal.declare_person_ids(Exercise, {"Created": ("owner_id",)})


def _owner(scope: str, owner_id: Any) -> UUID | None:
    owner = fields.optional_uuid(owner_id, "owner_id")
    if scope == "coach" and owner is None:
        raise InvalidValue("owner_id", "owner-required")
    if scope == "system" and owner is not None:
        raise InvalidValue("owner_id", "owner-not-allowed")
    return owner


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value
