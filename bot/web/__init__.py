"""The web side of the gateway: the chat widget's socket.io channel and its pages."""
