#ifndef AICS_CCURL_SHIM_H
#define AICS_CCURL_SHIM_H
// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic type-checking macros
// that Swift cannot import; these typed wrappers are the only way our Swift code calls them.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

static inline CURLcode aics_curl_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aics_curl_easy_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aics_curl_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aics_curl_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aics_curl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aics_curl_easy_setopt_write_callback(CURL *h, CURLoption o, curl_write_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aics_curl_easy_setopt_xferinfo_callback(CURL *h, CURLoption o, curl_xferinfo_callback v) { return curl_easy_setopt(h, o, v); }

static inline CURLcode aics_curl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode aics_curl_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode aics_curl_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode aics_curl_easy_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }

static inline CURLMcode aics_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode aics_curl_multi_setopt_pointer(CURLM *m, CURLMoption o, void *v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode aics_curl_multi_setopt_socket_callback(CURLM *m, curl_socket_callback v) { return curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, v); }
static inline CURLMcode aics_curl_multi_setopt_timer_callback(CURLM *m, curl_multi_timer_callback v) { return curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, v); }

// Composite macros Swift does not import.
static inline CURLcode aics_curl_global_init_all(void) { return curl_global_init(CURL_GLOBAL_ALL); }
static inline CURLcode aics_curl_easy_unpause(CURL *h) { return curl_easy_pause(h, CURLPAUSE_CONT); }
static inline size_t aics_curl_writefunc_pause(void) { return CURL_WRITEFUNC_PAUSE; }
static inline long aics_curlpipe_multiplex(void) { return CURLPIPE_MULTIPLEX; }
static inline curl_version_info_data *aics_curl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }
static inline curl_socket_t aics_curl_socket_timeout(void) { return CURL_SOCKET_TIMEOUT; }
#endif
