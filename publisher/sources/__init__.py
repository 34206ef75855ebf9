"""The project's sources: settings, Markdown documents and their images, template lookup, and the files of a new project."""
