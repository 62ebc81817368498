#ifndef AICS_CLIBPQ_SHIM_H
#define AICS_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
