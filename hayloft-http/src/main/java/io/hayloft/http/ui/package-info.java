/**
 * The web pages every role serves about itself, without a build step: each page is one HTML file of
 * the role's resources with the shared style sheet and script of this package ({@code ui.css},
 * {@code ui.js}) inlined, loaded once at start-up ({@link io.hayloft.http.ui.UiPage}).
 *
 * <pre>
 *   browser ── GET /  (Accept: text/html) ──► UiPage: the HTML shell, CSS and JS inline, strict CSP
 *           ── GET the role's JSON (polling) ──► the DOM is built with textContent, never innerHTML
 * </pre>
 * The pages fetch only relative URLs of their own server, so they work behind TLS and a proxy
 * alike. {@link io.hayloft.http.ui.AcceptHeader} decides whether a request prefers HTML, so
 * curl and JSON clients of the same paths keep their answers.
 */
package io.hayloft.http.ui;
