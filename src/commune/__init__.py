"""Commune: delegate democracy with revocable delegates and a verifiable public record."""
