"""NiceGUI pages, one module per area, each with a create() that registers its routes. Thin: they read through
services and act through services (with access.action_actor in every handler that changes data)."""
