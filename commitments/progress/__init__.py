"""The progress loop: POCs' updates with evidence, the forum's review, follows and emails."""
