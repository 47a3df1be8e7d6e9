"""The Alexa interaction model: sample utterances here, slot values from routines/."""
