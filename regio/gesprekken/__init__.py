"""Comment threads on any document of a region (plan, regiobeeld, contract): one way to do it.

- `basis.Reactiebasis`: the abstract comment every app's concrete `Reactie` builds on.
- `gesprek.Gesprek`: what an app tells about its threads (subjects, who takes part, where the page is).
- `diensten`: post, resolve, mentions; `draden`: threads for a page; `meldingen`: the e-mail after commit;
  `views`: the form, resolve and the name suggestions, wrapped by each app's own access decorator.
"""
