"""The Luoyang youth benefits written for openfisca-core — a bench-only peer, never imported by
YouthCity at runtime.  See `model.py`.  Install with
``.venv/bin/uv pip install --python .venv/bin/python openfisca-core``.
"""
