// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel services module/table.c uses, in userspace on one thread, for
 * the fuzzer: a clock that moves when told, works that run when told,
 * counted caches that can be told to fail, fixed random bytes, and reports
 * that abort. The headers are in module/tests/include.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bug.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "kshim.h"

unsigned long jiffies = INITIAL_JIFFIES;
bool kshim_fail_next_alloc;
long kshim_objects;
/* Bottom halves are on: the fuzzer calls the table as process context would. */
int kshim_bh_off;
bool kshim_ratelimit_drop;
char kshim_log_line[1024];
unsigned long kshim_log_lines;

struct workqueue_struct *system_unbound_wq;
struct workqueue_struct *system_power_efficient_wq;

void kshim_report(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kshim: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void get_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 37 + 11);
}

struct kmem_cache {
	const char *name;
	size_t size;
	long objects;
};

struct kmem_cache *kmem_cache_create(const char *name, size_t size)
{
	struct kmem_cache *cache = malloc(sizeof(*cache));

	if (cache) {
		cache->name = name;
		cache->size = size;
		cache->objects = 0;
	}
	return cache;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	if (!cache)
		return;
	if (cache->objects)
		KSHIM_REPORT("%s(%s): %ld objects leaked", __func__,
			     cache->name, cache->objects);
	free(cache);
}

void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp)
{
	void *obj;

	if (kshim_fail_next_alloc && gfp == GFP_ATOMIC) {
		kshim_fail_next_alloc = false;
		return NULL;
	}
	obj = malloc(cache->size);
	if (obj) {
		cache->objects++;
		kshim_objects++;
	}
	return obj;
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	if (cache->objects <= 0)
		KSHIM_REPORT("%s() of more objects than allocated", __func__);
	cache->objects--;
	kshim_objects--;
	free(obj);
}

/* The works queued, in order; a delayed one runs at its time. */
static struct {
	struct work_struct *work;
	unsigned long expires;
} queued[KSHIM_WORKS_MAX];
static unsigned int nr_queued;

void kshim_init_work(struct work_struct *work, work_func_t func)
{
	work->func = func;
	work->pending = false;
}

static bool queue_at(struct work_struct *work, unsigned long expires)
{
	if (work->pending)
		return false;
	if (nr_queued == KSHIM_WORKS_MAX)
		KSHIM_REPORT("more works queued than kshim keeps");
	work->pending = true;
	queued[nr_queued].work = work;
	queued[nr_queued].expires = expires;
	nr_queued++;
	return true;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_at(work, jiffies);
}

bool queue_delayed_work(struct workqueue_struct *wq,
			struct delayed_work *dwork, unsigned long delay)
{
	return queue_at(&dwork->work, jiffies + delay);
}

/* Take @i off the queue; return its work. */
static struct work_struct *dequeue(unsigned int i)
{
	struct work_struct *work = queued[i].work;

	memmove(&queued[i], &queued[i + 1],
		(nr_queued - i - 1) * sizeof(queued[0]));
	nr_queued--;
	work->pending = false;
	return work;
}

static int find(const struct work_struct *work)
{
	unsigned int i;

	for (i = 0; i < nr_queued; i++)
		if (queued[i].work == work)
			return (int)i;
	return -1;
}

bool flush_work(struct work_struct *work)
{
	int i = find(work);

	if (i < 0)
		return false;
	work = dequeue(i);
	work->func(work);
	return true;
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	int i = find(&dwork->work);

	if (i < 0)
		return false;
	dequeue(i);
	return true;
}

void kshim_run_works(void)
{
	unsigned int i = 0;

	while (i < nr_queued) {
		struct work_struct *work;

		if (!time_after_eq(jiffies, queued[i].expires)) {
			i++;
			continue;
		}
		/* What it queues goes after it: start over. */
		work = dequeue(i);
		work->func(work);
		i = 0;
	}
}
