"""A person's data: export it (everything about them, nobody else's), or erase it.

Other contexts join both through the registry: ``register(name, export=..., erase=...)``.
``export(user_id)`` returns that context's JSON-safe section of the person's export, found
under ``sections.<name>``; ``erase(user_id, actor)`` removes or blanks the person's data in
that context, inside the erasure's transaction (it may raise a BuilderError to refuse the
whole erasure).
"""

from builder.services.privacy.erasure import ErasureReceipt, erase_person
from builder.services.privacy.export import export_person, record_admin_export
from builder.services.privacy.registry import Contribution, contributions, register, unregister
from builder.services.privacy.subjects import PersonErasedError, PersonNotFoundError

__all__ = [
    "Contribution",
    "ErasureReceipt",
    "PersonErasedError",
    "PersonNotFoundError",
    "contributions",
    "erase_person",
    "export_person",
    "record_admin_export",
    "register",
    "unregister",
]
