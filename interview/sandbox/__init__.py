"""Running exercise code, apart from the app: SQL in a locked-down DuckDB process per run
(`sql`), comparison of results with expected ones (`compare`), and the check of an editor's
official Python solution (`python_check`). Imports nothing from the bank or practice."""
