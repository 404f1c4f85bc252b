/**
 * {@link io.hayloft.testkit.http.FakeHttpServer}: an HTTP server on loopback that answers as a test
 * scripts it and records every request, the base of the role stand-ins; {@link
 * io.hayloft.testkit.http.Multipart} reads the one file part out of a multipart upload.
 */
package io.hayloft.testkit.http;
