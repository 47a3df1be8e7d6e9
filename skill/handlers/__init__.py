"""ask-sdk-core handlers: thin classes that read typed state and call the Coach."""
