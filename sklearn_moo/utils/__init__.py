"""Internal utilities (layer 0: import no other sklearn_moo module)."""
