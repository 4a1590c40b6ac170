"""Where files live when the site runs on more than one machine: S3-compatible storage.

``s3_storages(environ)`` gives the ``STORAGES`` entries for media and evidence when
``S3_BUCKET`` is set (any S3-compatible service: AWS, MinIO, Ceph, Scaleway…, through
django-storages), and nothing otherwise (files stay on this machine's disk).

- **Media** (images, documents, PDF reports) under ``media/``: public objects at stable URLs
  (``S3_MEDIA_URL`` for a CDN in front), so pages served from the page cache keep working links.
- **Evidence** under ``private/`` (or its own bucket, ``S3_PRIVATE_BUCKET``): never public. The
  site streams each file through the permission check (``update_evidence``); should a URL ever be
  made for one, it is signed and lives ``S3_SIGNED_URL_SECONDS`` (60 s).

Credentials come from the usual AWS variables (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``) or the machine's role, as boto3 reads them.
"""

from __future__ import annotations

from collections.abc import Mapping

S3_BACKEND = "storages.backends.s3.S3Storage"


def s3_storages(environ: Mapping[str, str]) -> dict[str, dict]:
    bucket = environ.get("S3_BUCKET", "")
    if not bucket:
        return {}
    common = {
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "region_name": environ.get("S3_REGION") or None,
        # Never replace a stored file: two uploads with one name get two objects.
        "file_overwrite": False,
        # Objects inherit the bucket's policy; no per-object ACL makes anything public.
        "default_acl": None,
    }
    media = {
        **common,
        "bucket_name": bucket,
        "location": "media",
        "querystring_auth": False,
    }
    if environ.get("S3_MEDIA_URL"):
        media["custom_domain"] = (
            environ["S3_MEDIA_URL"].removeprefix("https://").removeprefix("http://").rstrip("/")
        )
    evidence = {
        **common,
        "bucket_name": environ.get("S3_PRIVATE_BUCKET") or bucket,
        "location": "private",
        "querystring_auth": True,
        "querystring_expire": int(environ.get("S3_SIGNED_URL_SECONDS", "60")),
    }
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": media},
        "evidence": {"BACKEND": S3_BACKEND, "OPTIONS": evidence},
    }
