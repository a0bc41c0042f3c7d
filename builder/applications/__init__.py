"""One eventsourcing application per context, on one shared base: load, decide, save."""
