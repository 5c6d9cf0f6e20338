/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's allocators in userspace, on malloc(): module/tests/kshim.c
 * counts each cache's objects, reports a cache destroyed with objects
 * still allocated, and fails an allocation when the program asks.
 */
#ifndef _TCPHS_TOOLS_LINUX_SLAB_H
#define _TCPHS_TOOLS_LINUX_SLAB_H

#include <stdlib.h>
#include <linux/types.h>

typedef unsigned int gfp_t;

#define GFP_KERNEL	0x1u
#define GFP_ATOMIC	0x2u

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, size_t size);
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);

#define KMEM_CACHE(type, flags) \
	((void)(flags), kmem_cache_create(#type, sizeof(struct type)))

/* Only the caches' allocations fail when asked. */
#define kzalloc(size, gfp)	((void)(gfp), calloc(1, size))
#define kfree(ptr)		free(ptr)
#define kvcalloc(n, size, gfp)	((void)(gfp), calloc(n, size))
#define kvzalloc(size, gfp)	((void)(gfp), calloc(1, size))
#define kvfree(ptr)		free(ptr)

#endif /* _TCPHS_TOOLS_LINUX_SLAB_H */
