"""The offline simulator: understand typed utterances, build real envelopes, talk to the skill."""
