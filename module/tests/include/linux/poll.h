/* SPDX-License-Identifier: GPL-2.0 */
/* The poll events module/events.c wakes readers with, in userspace. */
#ifndef _TCPHS_TOOLS_LINUX_POLL_H
#define _TCPHS_TOOLS_LINUX_POLL_H

#include <poll.h>

#define EPOLLIN		POLLIN
#define EPOLLRDNORM	POLLRDNORM

#endif /* _TCPHS_TOOLS_LINUX_POLL_H */
