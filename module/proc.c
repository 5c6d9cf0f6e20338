// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/tcphs in every namespace, and /proc/tcphs pointing to it, so
 * that /proc/tcphs shows the reading process's namespace as /proc/net does.
 */

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/seq_file_net.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "events.h"
#include "netns.h"
#include "params.h"
#include "proc.h"
#include "stats.h"
#include "table.h"

static struct proc_dir_entry *proc_link;

/*
 * One "name value" line per counter, in the order of enum tcphs_stat, then
 * the gauges of the table.
 */
static int stats_show(struct seq_file *m, void *v)
{
	struct tcphs_net *tn = tcphs_net(seq_file_single_net(m));
	u64 sum[TCPHS_STAT_NR];
	unsigned int i;

	tcphs_stats_sum(tn->stats, sum);
	for (i = 0; i < TCPHS_STAT_NR; i++)
		seq_printf(m, "%s %llu\n", tcphs_stat_name(i), sum[i]);
	seq_printf(m, "conns %d\nconns_max %u\nhalf_open %d\nchain_max %u\n",
		   atomic_read(&tn->conns), READ_ONCE(tcphs_params.max_conns),
		   atomic_read(&tn->half_open), tcphs_table_chain_max());
	return 0;
}

/*
 * For each handshake delay, "name value" lines: how many were measured,
 * their sum in microseconds, then how many fell in each log2 bucket, named
 * by its bounds in microseconds: NAME_us_LOW_HIGH, empty ones included.
 */
static int latency_show(struct seq_file *m, void *v)
{
	struct tcphs_net *tn = tcphs_net(seq_file_single_net(m));
	struct tcphs_lat_sum sum;
	unsigned int i, b;

	tcphs_stats_lat_sum(tn->stats, &sum);
	for (i = 0; i < TCPHS_LAT_NR; i++) {
		const char *name = tcphs_lat_name(i);

		seq_printf(m, "%s_count %llu\n%s_sum_us %llu\n", name,
			   sum.count[i], name, sum.us[i]);
		for (b = 0; b < TCPHS_LAT_BUCKETS; b++)
			seq_printf(m, "%s_us_%u_%u %llu\n", name,
				   b ? 1u << b : 0, (2u << b) - 1,
				   sum.bucket[i][b]);
	}
	return 0;
}

/* The lines of the @n keys of @kind in @t: kind, key, count, error. */
static void talker_lines(struct seq_file *m, enum tcphs_talker_kind kind,
			 const struct tcphs_talker *t, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (kind == TCPHS_TALKER_PORT)
			seq_printf(m, "port %u", t[i].port);
		else if (t[i].family == NFPROTO_IPV4)
			seq_printf(m, "source %pI4", &t[i].addr.ip);
		else
			seq_printf(m, "source %pI6c", &t[i].addr.in6);
		seq_printf(m, " %u %u\n", t[i].count, t[i].error);
	}
}

/*
 * /proc/tcphs/top: a header, then the clients' addresses, then the
 * servers' ports with the most half-open connections, TCPHS_TALKERS_MAX of
 * each at most, each with its count and the error of that count, by count
 * down. Each read walks the table.
 */
static int top_show(struct seq_file *m, void *v)
{
	enum tcphs_talker_kind kind;
	struct {
		struct tcphs_top top;
		struct tcphs_talker t[TCPHS_TALKERS_MAX];
	} *r;

	r = kvzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	tcphs_table_top(seq_file_single_net(m), &r->top);
	seq_puts(m, "kind key half_open error\n");
	for (kind = 0; kind < TCPHS_TALKER_NR; kind++)
		talker_lines(m, kind, r->t,
			     tcphs_top_get(&r->top, kind, r->t,
					   TCPHS_TALKERS_MAX));
	kvfree(r);
	return 0;
}

/*
 * /proc/tcphs/resets: as top, with the handshakes refused or aborted by a
 * reset in the current interval of resets_interval seconds and the one
 * before, those of every CPU merged, instead of the half-open ones.
 */
static int resets_show(struct seq_file *m, void *v)
{
	struct tcphs_net *tn = tcphs_net(seq_file_single_net(m));
	unsigned int max = TCPHS_RESETS_NR * nr_cpu_ids, n;
	enum tcphs_talker_kind kind;
	struct tcphs_resets *snap;
	struct tcphs_talker *t;
	int ret = -ENOMEM;

	snap = kvmalloc_array(max, sizeof(*snap), GFP_KERNEL);
	t = kvmalloc_array(max * TCPHS_TALKERS_MAX, sizeof(*t), GFP_KERNEL);
	if (!snap || !t)
		goto out;
	n = tcphs_talkers_resets(&tn->talkers, get_jiffies_64(),
				 tcphs_resets_len(), snap);
	seq_puts(m, "kind key resets error\n");
	for (kind = 0; kind < TCPHS_TALKER_NR; kind++)
		talker_lines(m, kind, t, tcphs_resets_merge(snap, n, kind, t));
	ret = 0;
out:
	kvfree(t);
	kvfree(snap);
	return ret;
}

/*
 * /proc/tcphs/conns: a header, then a line per connection of the reader's
 * namespace. Record 0 is the header, record b + 1 the connections of bucket
 * b, so that a read resumes at its bucket at once.
 */
static void *conns_start(struct seq_file *m, loff_t *pos)
	__acquires(RCU)
{
	rcu_read_lock();
	if (!*pos)
		return SEQ_START_TOKEN;
	return *pos <= tcphs_table_buckets() ? pos : NULL;
}

static void *conns_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return *pos <= tcphs_table_buckets() ? pos : NULL;
}

static void conns_stop(struct seq_file *m, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

/* The family, client and server of a tuple as the client sends. */
static void tuple_show(struct seq_file *m, const struct tcphs_tuple *t)
{
	if (t->family == NFPROTO_IPV4)
		seq_printf(m, "ipv4 %pI4:%u %pI4:%u", &t->saddr.ip, t->sport,
			   &t->daddr.ip, t->dport);
	else
		seq_printf(m, "ipv6 [%pI6c]:%u [%pI6c]:%u", &t->saddr.in6,
			   t->sport, &t->daddr.in6, t->dport);
}

static void conns_line(void *arg, const struct tcphs_conn_info *info)
{
	const struct tcphs_endpoint *cl = &info->conn.ep[info->conn.client];
	const struct tcphs_endpoint *sv = &info->conn.ep[!info->conn.client];
	char history[TCPHS_HISTORY_MAX + 1];
	struct seq_file *m = arg;

	tuple_show(m, &info->tuple);
	tcphs_conn_history(&info->conn, history);
	seq_printf(m, " %s %s %u %u %s\n", tcphs_state_name(cl->state),
		   tcphs_state_name(sv->state), info->age, info->idle,
		   history[0] ? history : "-");
}

static int conns_show(struct seq_file *m, void *v)
{
	if (v == SEQ_START_TOKEN)
		seq_puts(m, "family client server client_state server_state age idle history\n");
	else
		tcphs_table_dump(*(loff_t *)v - 1, seq_file_net(m), conns_line,
				 m);
	return 0;
}

static const struct seq_operations conns_ops = {
	.start = conns_start,
	.next = conns_next,
	.stop = conns_stop,
	.show = conns_show,
};

/*
 * /proc/tcphs/events: a header, then the anomalies the ring holds, oldest
 * first; a reader at its end waits for more with poll(). Record 0 is the
 * header, record seq + 1 the anomaly seq; a reader left behind by more
 * than the ring holds resumes at the oldest one, and sees the gap in seq.
 *
 * An open file holds its namespace and the module: the ring, and its wait
 * queue, outlive every reader (an rmmod fails meanwhile, busy).
 */
struct events_reader {
	struct net *net;
	struct tcphs_events *events;
	struct tcphs_event_rec rec;	/* the record shown */
};

static void *events_start(struct seq_file *m, loff_t *pos)
{
	struct events_reader *r = m->private;

	if (!*pos)
		return SEQ_START_TOKEN;
	if (!tcphs_events_get(r->events, *pos - 1, &r->rec))
		return NULL;
	*pos = r->rec.seq + 1;
	return &r->rec;
}

static void *events_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return events_start(m, pos);
}

static void events_stop(struct seq_file *m, void *v)
{
}

static int events_show(struct seq_file *m, void *v)
{
	const struct tcphs_event_rec *rec = v;
	u32 nsec, usec;
	u64 sec;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "seq time reason family client server client_state server_state\n");
		return 0;
	}
	sec = div_u64_rem(rec->time, NSEC_PER_SEC, &nsec);
	usec = nsec / NSEC_PER_USEC;
	seq_printf(m, "%llu %llu.%06u %s ", rec->seq, sec, usec,
		   tcphs_event_name(rec->reason));
	tuple_show(m, &rec->tuple);
	seq_printf(m, " %s %s\n", tcphs_state_name(rec->client_state),
		   tcphs_state_name(rec->server_state));
	return 0;
}

static const struct seq_operations events_ops = {
	.start = events_start,
	.next = events_next,
	.stop = events_stop,
	.show = events_show,
};

/*
 * Set once tcphs_init() can no longer fail: a failure undoes the namespaces
 * set up, removing their files, and no reader may have one open then.
 */
static bool events_ready;

void tcphs_proc_ready(void)
{
	WRITE_ONCE(events_ready, true);
}

static int events_open(struct inode *inode, struct file *file)
{
	struct events_reader *r;
	struct net *net;

	if (!READ_ONCE(events_ready))
		return -EAGAIN;
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	/* The file goes before its namespace, which may be going already. */
	net = maybe_get_net(pde_data(inode));
	if (!net) {
		module_put(THIS_MODULE);
		return -ENXIO;
	}
	r = __seq_open_private(file, &events_ops, sizeof(*r));
	if (!r) {
		put_net(net);
		module_put(THIS_MODULE);
		return -ENOMEM;
	}
	r->net = net;
	r->events = tcphs_net(net)->events;
	return 0;
}

/*
 * The module is put last: an rmmod that follows waits, in the removal of
 * this file, for proc to be done with this function.
 */
static int events_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct events_reader *r = m->private;

	put_net(r->net);
	seq_release_private(inode, file);
	module_put(THIS_MODULE);
	return 0;
}

/*
 * Readable with output not read yet: the header, the rest of a record, or
 * a record after the last shown, record m->index - 1.
 */
static __poll_t events_poll(struct file *file, poll_table *pt)
{
	struct seq_file *m = file->private_data;
	struct events_reader *r = m->private;
	size_t count;
	loff_t index;

	poll_wait(file, &r->events->wait, pt);
	/*
	 * Orders adding this reader to the wait queue before reading next;
	 * pairs with the barrier of wq_has_sleeper() in tcphs_events_add().
	 */
	smp_mb();
	/* Without m->lock: a read racing with its own poll may wake it early. */
	index = data_race(m->index);
	/* The same. */
	count = data_race(m->count);
	if (!index || count || tcphs_events_ready(r->events, index - 1))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static const struct proc_ops events_proc_ops = {
	.proc_open = events_open,
	.proc_read_iter = seq_read_iter,
	.proc_lseek = seq_lseek,
	.proc_poll = events_poll,
	.proc_release = events_release,
};

int tcphs_proc_net_init(struct net *net)
{
	struct proc_dir_entry *dir;

	dir = proc_net_mkdir(net, "tcphs", net->proc_net);
	if (!dir)
		return -ENOMEM;
	if (!proc_create_net_single("stats", 0444, dir, stats_show, NULL) ||
	    !proc_create_net_single("latency", 0444, dir, latency_show,
				    NULL) ||
	    !proc_create_net("conns", 0400, dir, &conns_ops,
			     sizeof(struct seq_net_private)) ||
	    !proc_create_net_single("top", 0400, dir, top_show, NULL) ||
	    !proc_create_net_single("resets", 0400, dir, resets_show, NULL) ||
	    !proc_create_data("events", 0400, dir, &events_proc_ops, net)) {
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
