"""The core: entities, store, status engine, reference data and services. No Qt, no network."""
