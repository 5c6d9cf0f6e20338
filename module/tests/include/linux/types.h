/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's basic types for the module's pure files (segment.c ...) when
 * they are built in userspace, as the kernel's own tools/include does: the
 * uapi ones (__u32, __be32, __le64 ...) from the system's linux/types.h,
 * and the kernel's short names.
 */
#ifndef _TCPHS_TOOLS_LINUX_TYPES_H
#define _TCPHS_TOOLS_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include_next <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#endif /* _TCPHS_TOOLS_LINUX_TYPES_H */
