"""Where the layers above the registry plug into it, registered when Django starts.

The registry is the lower layer: it may not import reporting or evaluation. Two things it owns
still need them, so they register here (in their `AppConfig.ready`) and the registry calls
whatever is registered:

- Page parts: the target and unit pages belong to the registry, but the values reported for a
  target come from reporting and statuses, explanations and scorecards from evaluation. A view
  asks `page_parts(page=…, …)` for the context the layers above add to it.
- Page cache: the registry's program page is rendered once per state of the data and kept in
  Django's cache under a key that a write makes obsolete. The token that every audited write
  renews is evaluation's stamp, so evaluation registers the key maker (`page_cache_key`).
- Plan contents: a plan document reports results (values for past years) besides its goals,
  targets and tasks. The values are reporting's `Observation`s, so loading a plan asks
  `program_contents_load(…)` to load them in the load's own transaction.

Without a registration the registry's own part still works (the page shows the registry's part,
a plan loads without its reported values, a page is rendered every time).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

Page = Literal["target", "unit"]
Provider = Callable[..., dict[str, Any]]
ContentsLoader = Callable[..., None]

_page_providers: dict[str, list[Provider]] = {"target": [], "unit": []}
_contents_loaders: list[ContentsLoader] = []
CacheKeyMaker = Callable[..., str | None]
_cache_key_makers: list[CacheKeyMaker] = []


def page_part_register(*, page: Page, provider: Provider) -> None:
    """Register `provider(**objects) -> context` for `page` (once per provider). Providers
    receive every object the view passes (`target=`, `unit=`, `user=`) as keywords."""
    if provider not in _page_providers[page]:
        _page_providers[page].append(provider)


def page_parts(*, page: Page, **objects: Any) -> dict[str, Any]:
    """The template context every provider of `page` adds for these objects."""
    context: dict[str, Any] = {}
    for provider in _page_providers[page]:
        context.update(provider(**objects))
    return context


def program_contents_loader_register(loader: ContentsLoader) -> None:
    """Register `loader(program=, data=, province=, resolver=, report=)`, run inside a plan's
    load transaction after its goals and targets are stored."""
    if loader not in _contents_loaders:
        _contents_loaders.append(loader)


def program_contents_load(**load: Any) -> None:
    for loader in _contents_loaders:
        loader(**load)


def page_cache_key_register(maker: CacheKeyMaker) -> None:
    """Register `maker(parts=(…)) -> key or None`: a cache key that every audited write makes
    obsolete (evaluation's stamp token)."""
    if maker not in _cache_key_makers:
        _cache_key_makers.append(maker)


def page_cache_key(*, parts: tuple[object, ...]) -> str | None:
    """A cache key for a page rendered from `parts`, or None (nothing registered, or no stamp
    yet): then the page is rendered every time."""
    for maker in _cache_key_makers:
        return maker(parts=parts)
    return None
