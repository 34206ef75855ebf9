"""Sources -> gettext templates (POT): the documents', the page templates' and the editions' translatable text."""
