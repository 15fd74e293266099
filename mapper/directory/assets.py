"""The community assets directory: hubs, listening hubs and peer-support groups, as anyone may see them."""
from __future__ import annotations

from mapper.db.schema import ASSET_KINDS
from mapper.db.store import Store

KIND_LABELS = {"ListeningHub": "Listening hub", "Hub": "Hub", "PeerSupportGroup": "Peer-support group"}


class FilterError(ValueError):
    """An unknown filter value; ``field`` names the filter."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def public_view(asset: dict) -> dict:
    """What anyone may see. An asset that hides its address is shown by area only."""
    view = dict(asset)
    view["kind_label"] = KIND_LABELS.get(asset.get("kind"), asset.get("kind"))
    if asset.get("hide_address"):
        view["address"] = None
        view["postcode"] = (asset.get("postcode") or "").split(" ")[0] or None
        view["lat"] = view["lon"] = None
    return view


def directory(store: Store, kind: str | None = None, theme: str | None = None) -> list[dict]:
    if kind is not None and kind not in ASSET_KINDS:
        raise FilterError("kind", f"unknown kind '{kind}': choose one of {', '.join(ASSET_KINDS)}")
    if theme is not None and theme not in {t["id"] for t in store.read("list_themes")}:
        raise FilterError("theme", f"unknown theme '{theme}'")
    return [public_view(a) for a in store.read("list_assets", kind=kind, theme=theme)]
