"""Parts of the conversation load benchmark: simulated users, scripts, services, memory."""
