"""Reads about sign-in accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser


def username_exists(username: str) -> bool:
    return get_user_model().objects.filter(username=username).exists()


def find_user(username: str) -> AbstractBaseUser | None:
    user: AbstractBaseUser | None = get_user_model().objects.filter(username=username).first()
    return user
