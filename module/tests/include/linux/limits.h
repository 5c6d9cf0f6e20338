/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's linux/limits.h in userspace: the limits the module uses. */
#ifndef _TCPHS_TOOLS_LINUX_LIMITS_H
#define _TCPHS_TOOLS_LINUX_LIMITS_H

#include <linux/types.h>

#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)

#endif /* _TCPHS_TOOLS_LINUX_LIMITS_H */
