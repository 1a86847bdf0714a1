"""One document set on disk: its .sharewiz/ state, versions, build, update (merge), batch and links."""
