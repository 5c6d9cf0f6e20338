// SPDX-License-Identifier: GPL-2.0
/*
 * tcphs: watches TCP connections being opened and closed.
 */

#include <linux/module.h>

#include "netns.h"
#include "proc.h"
#include "table.h"

static int __init tcphs_init(void)
{
	int ret;

	ret = tcphs_table_init();
	if (ret)
		return ret;
	ret = tcphs_proc_init();
	if (ret)
		goto err_proc;
	ret = tcphs_netns_init();
	if (ret)
		goto err_netns;
	tcphs_proc_ready();
	return 0;

err_netns:
	tcphs_proc_exit();
err_proc:
	tcphs_table_exit();
	return ret;
}

static void __exit tcphs_exit(void)
{
	tcphs_netns_exit();
	tcphs_proc_exit();
	tcphs_table_exit();
}

module_init(tcphs_init);
module_exit(tcphs_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(TCPHS_VERSION);
MODULE_DESCRIPTION("TCP handshake and teardown watcher");
MODULE_AUTHOR("The tcphs authors");
