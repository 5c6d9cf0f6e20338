/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's static_assert(), whose message is optional. */
#ifndef _TCPHS_TOOLS_LINUX_BUILD_BUG_H
#define _TCPHS_TOOLS_LINUX_BUILD_BUG_H

#define static_assert(expr, ...) __static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...) _Static_assert(expr, msg)

#endif /* _TCPHS_TOOLS_LINUX_BUILD_BUG_H */
