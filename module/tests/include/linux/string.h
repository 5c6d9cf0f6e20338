/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's string functions, for the module's pure files: libc's. */
#ifndef _TCPHS_TOOLS_LINUX_STRING_H
#define _TCPHS_TOOLS_LINUX_STRING_H

#include <string.h>

#endif /* _TCPHS_TOOLS_LINUX_STRING_H */
