"""Grammar and spelling through LanguageTool (the ``grammar`` pack), an optional add-on.

- :mod:`.settings`: where the server comes from and how it is used (configuration, environment,
  command line); stdlib only, read by the configuration.
- :mod:`.annotate`: a Document as LanguageTool's annotated ``data`` (text and markup parts), and
  LanguageTool's UTF-16 offsets back to code points of the source.
- :mod:`.client`: the connection (language-tool-python, imported only when grammar runs), one
  request per document or chunk, timeouts, the bound on requests in flight.
- :mod:`.cache`: answers remembered by content hash, so an unchanged text is not sent again.
- :mod:`.setup`: ``copydesk grammar setup``, the only place that may download LanguageTool.

Nothing here is imported by a run that does not enable grammar.
"""
