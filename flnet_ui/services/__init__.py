"""The rules of the network. Pages call these verbs; nothing else changes the models."""
