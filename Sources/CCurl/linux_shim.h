#ifndef AICS_CCURL_LINUX_SHIM_H
#define AICS_CCURL_LINUX_SHIM_H
// Linux pieces of the curl loop that Swift's Glibc module does not export: epoll and eventfd to
// wait on curl's sockets, and naming the loop's thread (prctl is variadic).
#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>

static inline void aics_set_current_thread_name(const char *name) { (void)prctl(PR_SET_NAME, name, 0, 0, 0); }
#endif
#endif
