"""Is PARS reachable right now? Any HTTP answer counts as online; silence is offline."""

from __future__ import annotations

import requests

from desktop.sync.settings import Endpoint


def reachable(endpoint: Endpoint, timeout: float = 3.0) -> bool:
    try:
        requests.head(endpoint.base_url, timeout=timeout, verify=endpoint.ca_bundle or True)
    except requests.RequestException:
        return False
    return True
