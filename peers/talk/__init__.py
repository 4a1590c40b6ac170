"""Talk in a peer network: questions and answers, peer exchanges, events and trainings.

Its models live in ``peers.talk.models`` (app label ``peers``, imported by ``peers.models``);
writes go through ``services``, rights through ``permissions``, reads through ``selectors``.
"""
