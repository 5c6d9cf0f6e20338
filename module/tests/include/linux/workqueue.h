/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Works in userspace: queued, they run when the program calls
 * kshim_run_works() (module/tests/kshim.c), delayed ones once jiffies has
 * reached their time; cancel and flush as in the kernel, on one thread.
 */
#ifndef _TCPHS_TOOLS_LINUX_WORKQUEUE_H
#define _TCPHS_TOOLS_LINUX_WORKQUEUE_H

#include <linux/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	bool pending;
};

struct delayed_work {
	struct work_struct work;
	unsigned long expires;		/* jiffies when it runs */
};

struct workqueue_struct;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_power_efficient_wq;

void kshim_init_work(struct work_struct *work, work_func_t func);
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool queue_delayed_work(struct workqueue_struct *wq,
			struct delayed_work *dwork, unsigned long delay);
bool flush_work(struct work_struct *work);
bool cancel_delayed_work_sync(struct delayed_work *dwork);

#define INIT_WORK(work, func)		kshim_init_work(work, func)
#define INIT_DEFERRABLE_WORK(dwork, func) kshim_init_work(&(dwork)->work, func)

#endif /* _TCPHS_TOOLS_LINUX_WORKQUEUE_H */
