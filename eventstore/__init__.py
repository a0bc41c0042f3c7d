"""The event store: eventsourcing recorders on Django's database connection."""
