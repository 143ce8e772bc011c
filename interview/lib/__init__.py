"""Small helpers shared by every app: settings from the environment, the health check, queries,
pagination and the request type of htmx views. Imports nothing from the project's apps."""
