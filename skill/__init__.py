"""Back Release Coach: an Alexa skill that guides self-myofascial-release routines."""

__version__ = "0.1.0"
