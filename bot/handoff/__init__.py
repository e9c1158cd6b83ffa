"""Human handoff in the gateway: routing between users and staff, and the live feed."""
