"""The read side: every read of a read model goes through these modules, one per context."""
