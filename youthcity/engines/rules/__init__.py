"""Benefits as code (placeholder while building)."""
from .loader import load_policy_set, load_facts
