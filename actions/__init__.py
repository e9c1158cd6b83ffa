"""Custom actions of the assistant: forms, validation and replies, thin over servicedesk."""
