"""SQL and Python exercises: run against the examples, submit against the hidden tests."""
