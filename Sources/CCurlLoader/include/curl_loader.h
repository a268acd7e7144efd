// libcurl, loaded with dlopen on first use: the dashboard links no networking library, and a
// machine without libcurl gets a clear error only when it tries to send an alert.
#ifndef NEXLIFY_CURL_LOADER_H
#define NEXLIFY_CURL_LOADER_H
#include <stddef.h>

/// Loads libcurl.so.4 once; returns 0, or -1 with a reason in `error`.
int nx_curl_load(char *error, size_t error_length);

/// POSTs `body` (`body_length` bytes, content type application/json) to `url`. Returns the
/// CURLcode (0 on a completed exchange, whatever the HTTP status), sets `status` to the HTTP
/// status, copies up to `response_length - 1` bytes of the response into `response`, and on
/// failure a description into `error`.
int nx_http_post_json(const char *url, const char *body, long body_length, long timeout_ms,
                      long *status, char *response, size_t response_length,
                      char *error, size_t error_length);
#endif
