"""The use cases that need Django rows or read models (people, coaching, privacy)."""
