/* SPDX-License-Identifier: GPL-2.0 */
/* Wait queues in userspace, on one thread: nobody ever sleeps on one. */
#ifndef _TCPHS_TOOLS_LINUX_WAIT_H
#define _TCPHS_TOOLS_LINUX_WAIT_H

#include <linux/types.h>

typedef struct {
	int unused;
} wait_queue_head_t;

static inline void init_waitqueue_head(wait_queue_head_t *wq)
{
}

static inline bool wq_has_sleeper(wait_queue_head_t *wq)
{
	return false;
}

#define wake_up_interruptible_poll(wq, events)	((void)(wq), (void)(events))

#endif /* _TCPHS_TOOLS_LINUX_WAIT_H */
