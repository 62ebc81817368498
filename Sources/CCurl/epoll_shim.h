#ifndef AICS_CCURL_EPOLL_SHIM_H
#define AICS_CCURL_EPOLL_SHIM_H
// The multi loop waits on curl's sockets with epoll and is woken through an eventfd; Swift's
// Glibc module does not export these two headers, so they come in with the curl module.
#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
#endif
