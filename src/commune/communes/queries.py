"""Reads about communes: the list, the only one, their rules."""

from __future__ import annotations

from commune.communes.constitution import Constitution, validate_constitution
from commune.communes.models import Commune, ConstitutionVersion
from commune.errors import InvalidInput, NotFound

#: A page of communes; a deployment of more is a federation, browsed page by page.
COMMUNES_PER_PAGE = 100


def list_communes(*, limit: int = COMMUNES_PER_PAGE, offset: int = 0) -> list[Commune]:
    """Communes by name, one bounded page at a time."""
    return list(Commune.objects.order_by("name", "pk")[offset : offset + limit])


def get_commune(pk: int) -> Commune:
    try:
        return Commune.objects.get(pk=pk)
    except Commune.DoesNotExist:
        raise NotFound(f"no commune {pk}") from None


def find_commune(slug: str) -> Commune | None:
    """The commune of that slug, if there is one (for the operator's commands)."""
    return Commune.objects.filter(slug=slug).first()


def first_communes(n: int) -> list[Commune]:
    """The `n` first communes founded: enough to tell "none", "one" and "several" apart."""
    return list(Commune.objects.order_by("pk")[:n])


def slugs_by_id(ids: set[int]) -> dict[int, str]:
    return dict(Commune.objects.filter(pk__in=ids).values_list("pk", "slug"))


def count_communes() -> int:
    return Commune.objects.count()


class CommuneList:
    """Communes by name, as a sequence a paginator slices (one bounded query per page)."""

    def count(self) -> int:
        return count_communes()

    def __len__(self) -> int:
        return count_communes()

    def __getitem__(self, page: slice) -> list[Commune]:
        start = page.start or 0
        return list_communes(limit=(page.stop or start) - start, offset=start)


def the_only_commune() -> Commune:
    """The commune a server holds when it holds just one (the default for short URLs)."""
    communes = first_communes(2)
    if not communes:
        raise NotFound("no commune has been founded on this server")
    if len(communes) > 1:
        raise InvalidInput("this server holds several communes: add ?commune=<slug>")
    return communes[0]


def get_constitution(commune: Commune) -> Constitution:
    """The commune's rules in force, validated."""
    return validate_constitution(commune.constitution)


def list_constitution_versions(commune: Commune) -> list[ConstitutionVersion]:
    return list(ConstitutionVersion.objects.filter(commune=commune).order_by("version"))
