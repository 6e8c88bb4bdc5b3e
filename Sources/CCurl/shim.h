#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call;
// these typed wrappers are what the Swift side uses.
static inline CURLcode pd_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pd_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pd_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pd_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pd_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*pd_curl_data_callback)(char *, size_t, size_t, void *);
static inline CURLcode pd_curl_setopt_data_callback(CURL *h, CURLoption o, pd_curl_data_callback v) { return curl_easy_setopt(h, o, v); }
typedef int (*pd_curl_xferinfo_callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t);
static inline CURLcode pd_curl_setopt_xferinfo(CURL *h, pd_curl_xferinfo_callback v) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, v); }
static inline CURLcode pd_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pd_curl_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pd_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
// Added for Fetching/: macros and unions Swift does not import well.
static inline CURLcode pd_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }
/// Drains the multi handle's messages; returns 1 and sets *result when a transfer finished.
static inline int pd_curl_multi_done_result(CURLM *m, CURLcode *result) {
    int found = 0, left = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &left)) != NULL) {
        if (msg->msg == CURLMSG_DONE) { *result = msg->data.result; found = 1; }
    }
    return found;
}
/// Names the calling thread (Linux: visible in /proc/self/task/*/comm, at most 15 bytes).
#include <pthread.h>
#if defined(__linux__)
extern int pthread_setname_np(pthread_t thread, const char *name);
static inline void pd_set_current_thread_name(const char *name) { pthread_setname_np(pthread_self(), name); }
#elif defined(__APPLE__)
static inline void pd_set_current_thread_name(const char *name) { pthread_setname_np(name); }
#else
static inline void pd_set_current_thread_name(const char *name) { (void)name; }
#endif
#endif
