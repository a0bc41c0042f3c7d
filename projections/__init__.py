"""Read models kept by projections of the event store; `queries` is the API's only read door."""
