"""Subscriptions: teachers follow new materials and events by e-mail (double opt-in, weekly digests)."""
