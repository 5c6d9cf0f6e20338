/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random bytes in userspace: always the same ones (module/tests/kshim.c),
 * so that a run replays exactly.
 */
#ifndef _TCPHS_TOOLS_LINUX_RANDOM_H
#define _TCPHS_TOOLS_LINUX_RANDOM_H

#include <stddef.h>

void get_random_bytes(void *buf, size_t len);

#endif /* _TCPHS_TOOLS_LINUX_RANDOM_H */
