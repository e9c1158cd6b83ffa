"""Domain services shared by the action server and the gateway.

Each function takes an open SQLAlchemy session and leaves committing to the caller's
``session_scope``, so a failure anywhere rolls back the whole step.
"""
