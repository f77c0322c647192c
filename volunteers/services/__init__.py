"""Writes of the volunteers app, one module per subject; views, admin and commands call these."""
