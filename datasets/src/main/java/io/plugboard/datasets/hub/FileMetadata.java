package io.plugboard.datasets.hub;

import okhttp3.HttpUrl;

/**
 * What the metadata HEAD says about a file: the commit the revision resolved to, the ETag (git
 * sha1 or content sha256, the cache blob name), the real size, and where to GET it. Immutable.
 */
record FileMetadata(String commit, String etag, long size, HttpUrl location) {}
