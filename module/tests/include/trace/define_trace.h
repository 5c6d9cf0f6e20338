/* SPDX-License-Identifier: GPL-2.0 */
/* Nothing to create in userspace: see linux/tracepoint.h. */
