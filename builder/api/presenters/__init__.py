"""The API's answers built from read-model rows: one module per context."""
