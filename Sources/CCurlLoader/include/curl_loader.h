// libcurl, loaded with dlopen on first use: the dashboard links no networking library, and a
// machine without libcurl gets a clear error only when it tries to send an alert.
#ifndef NEXLIFY_CURL_LOADER_H
#define NEXLIFY_CURL_LOADER_H
#include <stddef.h>

/// Loads libcurl.so.4 once; returns 0, or -1 with a reason in `error`.
int nx_curl_load(char *error, size_t error_length);

/// POSTs `body` (`body_length` bytes, content type application/json) to `url`. Returns the
/// CURLcode (0 on a completed exchange, whatever the HTTP status), sets `status` to the HTTP
/// status and `retry_after` to the seconds a `Retry-After` header asked for (-1 without one),
/// copies up to `response_length - 1` bytes of the response into `response`, and on failure a
/// description into `error`.
int nx_http_post_json(const char *url, const char *body, long body_length, long timeout_ms,
                      long *status, double *retry_after, char *response, size_t response_length,
                      char *error, size_t error_length);
/// Sends one e-mail (`message`: headers and body) over SMTP. `url` is smtp://host:port or
/// smtps://host:port; `tls` is 0 (none), 1 (STARTTLS when offered) or 3 (STARTTLS required);
/// `username`/`password` may be NULL (no AUTH); `ca_file` may be NULL (system trust store).
/// Returns the CURLcode (0 when the server accepted the message), with a description in `error`.
int nx_smtp_send(const char *url, int tls, const char *ca_file, const char *username, const char *password,
                 const char *from, const char *const *recipients, int recipient_count,
                 const char *message, long message_length, long timeout_ms, char *error, size_t error_length);
#endif
