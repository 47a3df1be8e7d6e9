"""Speech planning: SSML, timelines, routine plans and prompt wording (pure)."""
