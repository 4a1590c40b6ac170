"""The open API (``/api/v1/``) and the bulk download of the public record (``/<lang>/open-data/``)."""
