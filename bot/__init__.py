"""The channel gateway: Telegram and Bale through python-telegram-bot, talking to Rasa over HTTP."""
