"""The conversation core: typed state and what to say next (pure, no SDK)."""
