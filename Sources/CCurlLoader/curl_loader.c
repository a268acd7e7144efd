#define _GNU_SOURCE
#include "curl_loader.h"
#include <ctype.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* The few libcurl entry points and option numbers used (stable parts of libcurl's ABI). */
typedef void CURL;
struct curl_slist;
enum {
    OPT_URL = 10002, OPT_POSTFIELDS = 10015, OPT_POSTFIELDSIZE = 60, OPT_HTTPHEADER = 10023, OPT_TIMEOUT_MS = 155,
    OPT_CONNECTTIMEOUT_MS = 156, OPT_NOSIGNAL = 99, OPT_ERRORBUFFER = 10010, OPT_WRITEFUNCTION = 20011,
    OPT_WRITEDATA = 10001, OPT_USERAGENT = 10018, INFO_RESPONSE_CODE = 0x200002, GLOBAL_DEFAULT = 3, ERROR_SIZE = 256,
    OPT_MAIL_FROM = 10186, OPT_MAIL_RCPT = 10187, OPT_UPLOAD = 46, OPT_READFUNCTION = 20012, OPT_READDATA = 10009,
    OPT_USE_SSL = 119, OPT_USERNAME = 10173, OPT_PASSWORD = 10174, OPT_CAINFO = 10065, OPT_INFILESIZE = 14,
    OPT_HEADERFUNCTION = 20079, OPT_HEADERDATA = 10029
};

static int (*global_init)(long);
static CURL *(*easy_init)(void);
static int (*easy_setopt)(CURL *, int, ...);
static int (*easy_perform)(CURL *);
static int (*easy_getinfo)(CURL *, int, ...);
static void (*easy_cleanup)(CURL *);
static const char *(*easy_strerror)(int);
static struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
static void (*slist_free_all)(struct curl_slist *);

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];
static int loaded = -1;

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "libcurl is not installed (apt-get install libcurl4)");
        return;
    }
#define RESOLVE(name, symbol) if (!(*(void **)&name = dlsym(library, symbol))) { \
        snprintf(load_error, sizeof load_error, "libcurl lacks %s", symbol); return; }
    RESOLVE(global_init, "curl_global_init")
    RESOLVE(easy_init, "curl_easy_init")
    RESOLVE(easy_setopt, "curl_easy_setopt")
    RESOLVE(easy_perform, "curl_easy_perform")
    RESOLVE(easy_getinfo, "curl_easy_getinfo")
    RESOLVE(easy_cleanup, "curl_easy_cleanup")
    RESOLVE(easy_strerror, "curl_easy_strerror")
    RESOLVE(slist_append, "curl_slist_append")
    RESOLVE(slist_free_all, "curl_slist_free_all")
#undef RESOLVE
    if (global_init(GLOBAL_DEFAULT) != 0) {
        snprintf(load_error, sizeof load_error, "libcurl failed to initialise");
        return;
    }
    loaded = 0;
}

int nx_curl_load(char *error, size_t error_length) {
    pthread_once(&load_once, load);
    if (loaded != 0 && error && error_length) snprintf(error, error_length, "%s", load_error);
    return loaded;
}

/* A new handle with the options every transfer shares; NULL (and `error` set) on failure. */
static CURL *open_handle(long timeout_ms, char *buffer, char *error, size_t error_length) {
    if (nx_curl_load(error, error_length) != 0) return NULL;
    CURL *curl = easy_init();
    if (!curl) {
        snprintf(error, error_length, "libcurl could not create a handle");
        return NULL;
    }
    easy_setopt(curl, OPT_TIMEOUT_MS, timeout_ms);
    easy_setopt(curl, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    easy_setopt(curl, OPT_NOSIGNAL, 1L);
    easy_setopt(curl, OPT_ERRORBUFFER, buffer);
    return curl;
}

/* Runs the transfer, describes a failure in `error`, and frees the handle. */
static int perform_and_close(CURL *curl, const char *buffer, char *error, size_t error_length) {
    int code = easy_perform(curl);
    if (code != 0) snprintf(error, error_length, "%s", buffer[0] ? buffer : easy_strerror(code));
    easy_cleanup(curl);
    return code;
}

struct sink { char *data; size_t length; size_t used; };

static size_t collect(char *chunk, size_t size, size_t count, void *context) {
    struct sink *sink = context;
    size_t bytes = size * count;
    if (sink->length > 0 && sink->used + 1 < sink->length) {
        size_t room = sink->length - 1 - sink->used;
        size_t copied = bytes < room ? bytes : room;
        memcpy(sink->data + sink->used, chunk, copied);
        sink->used += copied;
        sink->data[sink->used] = 0;
    }
    return bytes;
}

/* Reads `Retry-After: <seconds>` or `Retry-After: <HTTP date>` from a response header line. */
static size_t read_header(char *line, size_t size, size_t count, void *context) {
    double *retry_after = context;
    size_t length = size * count;
    static const char name[] = "retry-after:";
    if (length > sizeof name - 1 && length < 256 && strncasecmp(line, name, sizeof name - 1) == 0) {
        char value[256];
        memcpy(value, line + sizeof name - 1, length - (sizeof name - 1));
        value[length - (sizeof name - 1)] = 0;
        char *start = value;
        while (*start == ' ' || *start == '\t') start++;
        char *end = NULL;
        double seconds = strtod(start, &end);
        if (end != start && (*end == 0 || isspace((unsigned char)*end))) {
            if (seconds >= 0) *retry_after = seconds;
        } else {
            struct tm when;
            memset(&when, 0, sizeof when);
            if (strptime(start, "%a, %d %b %Y %H:%M:%S", &when)) {
                double delta = difftime(timegm(&when), time(NULL));
                *retry_after = delta > 0 ? delta : 0;
            }
        }
    }
    return length;
}

int nx_http_post_json(const char *url, const char *body, long body_length, long timeout_ms,
                      long *status, double *retry_after, char *response, size_t response_length, char *error, size_t error_length) {
    char buffer[ERROR_SIZE] = {0};
    CURL *curl = open_handle(timeout_ms, buffer, error, error_length);
    if (!curl) return -1;
    struct sink sink = { response, response_length, 0 };
    if (response && response_length) response[0] = 0;
    struct curl_slist *headers = slist_append(NULL, "Content-Type: application/json");
    easy_setopt(curl, OPT_URL, url);
    easy_setopt(curl, OPT_POSTFIELDS, body);
    easy_setopt(curl, OPT_POSTFIELDSIZE, body_length);
    easy_setopt(curl, OPT_HTTPHEADER, headers);
    easy_setopt(curl, OPT_WRITEFUNCTION, collect);
    easy_setopt(curl, OPT_WRITEDATA, &sink);
    easy_setopt(curl, OPT_USERAGENT, "nexlify-tui");
    *retry_after = -1;
    easy_setopt(curl, OPT_HEADERFUNCTION, read_header);
    easy_setopt(curl, OPT_HEADERDATA, retry_after);
    *status = 0;
    int code = easy_perform(curl);
    easy_getinfo(curl, INFO_RESPONSE_CODE, status);
    if (code != 0) snprintf(error, error_length, "%s", buffer[0] ? buffer : easy_strerror(code));
    easy_cleanup(curl);
    slist_free_all(headers);
    return code;
}

struct source { const char *data; size_t length; size_t sent; };

static size_t supply(char *buffer, size_t size, size_t count, void *context) {
    struct source *source = context;
    size_t room = size * count;
    size_t left = source->length - source->sent;
    size_t copied = left < room ? left : room;
    memcpy(buffer, source->data + source->sent, copied);
    source->sent += copied;
    return copied;
}

int nx_smtp_send(const char *url, int tls, const char *ca_file, const char *username, const char *password,
                 const char *from, const char *const *recipients, int recipient_count,
                 const char *message, long message_length, long timeout_ms, char *error, size_t error_length) {
    char buffer[ERROR_SIZE] = {0};
    CURL *curl = open_handle(timeout_ms, buffer, error, error_length);
    if (!curl) return -1;
    struct curl_slist *to = NULL;
    for (int index = 0; index < recipient_count; index++) to = slist_append(to, recipients[index]);
    struct source source = { message, (size_t)message_length, 0 };
    easy_setopt(curl, OPT_URL, url);
    easy_setopt(curl, OPT_USE_SSL, (long)tls);
    if (ca_file) easy_setopt(curl, OPT_CAINFO, ca_file);
    if (username) easy_setopt(curl, OPT_USERNAME, username);
    if (password) easy_setopt(curl, OPT_PASSWORD, password);
    easy_setopt(curl, OPT_MAIL_FROM, from);
    easy_setopt(curl, OPT_MAIL_RCPT, to);
    easy_setopt(curl, OPT_UPLOAD, 1L);
    easy_setopt(curl, OPT_READFUNCTION, supply);
    easy_setopt(curl, OPT_READDATA, &source);
    easy_setopt(curl, OPT_INFILESIZE, message_length);
    int code = perform_and_close(curl, buffer, error, error_length);
    slist_free_all(to);
    return code;
}
