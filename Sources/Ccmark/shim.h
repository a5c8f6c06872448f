#ifndef KEYLESS_CCMARK_SHIM_H
#define KEYLESS_CCMARK_SHIM_H
#include <cmark.h>
#endif
