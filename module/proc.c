// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/tcphs in every namespace, and /proc/tcphs pointing to it, so
 * that /proc/tcphs shows the reading process's namespace as /proc/net does.
 */

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/seq_file_net.h>
#include <net/net_namespace.h>

#include "netns.h"
#include "proc.h"
#include "stats.h"

static struct proc_dir_entry *proc_link;

/* One "name value" line per counter, in the order of enum tcphs_stat. */
static int stats_show(struct seq_file *m, void *v)
{
	struct tcphs_net *tn = tcphs_net(seq_file_single_net(m));
	u64 sum[TCPHS_STAT_NR];
	unsigned int i;

	tcphs_stats_sum(tn->stats, sum);
	for (i = 0; i < TCPHS_STAT_NR; i++)
		seq_printf(m, "%s %llu\n", tcphs_stat_name(i), sum[i]);
	return 0;
}

int tcphs_proc_net_init(struct net *net)
{
	struct proc_dir_entry *dir;

	dir = proc_net_mkdir(net, "tcphs", net->proc_net);
	if (!dir)
		return -ENOMEM;
	if (!proc_create_net_single("stats", 0444, dir, stats_show, NULL)) {
		remove_proc_subtree("tcphs", net->proc_net);
		return -ENOMEM;
	}
	return 0;
}

/* Waits for the readers of the namespace's files to leave. */
void tcphs_proc_net_exit(struct net *net)
{
	remove_proc_subtree("tcphs", net->proc_net);
}

int tcphs_proc_init(void)
{
	proc_link = proc_symlink("tcphs", NULL, "net/tcphs");
	return proc_link ? 0 : -ENOMEM;
}

void tcphs_proc_exit(void)
{
	proc_remove(proc_link);
}
