/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_TOOLS_LINUX_INET_H
#define _TCPHS_TOOLS_LINUX_INET_H

#define INET6_ADDRSTRLEN	48

#endif /* _TCPHS_TOOLS_LINUX_INET_H */
