// SPDX-License-Identifier: GPL-2.0
/*
 * tcphs: read /proc/tcphs, the counters, connections, handshake delays and
 * anomalies of the tcphs kernel module.
 *
 *   tcphs [-N NAME] [-P DIR] [-j] stats [-z] [-i SECS [-c COUNT]]
 *                                      [--prometheus] [-o FILE]
 *   tcphs ... conns [-s] [state S] [port P] [addr A[/LEN]]
 *   tcphs ... top [-n N]
 *   tcphs ... latency [-z] [-i SECS [-c COUNT]] [--prometheus]
 *   tcphs ... events [-f] [reason R] [port P] [addr A[/LEN]]
 *
 * main.c parses the command line, enters the namespace, and runs the
 * sampling loop; each sample is rendered by the command's file into memory
 * and then written out in one piece, to stdout or atomically to a file.
 * events reads instead as records come, and with -f waits for more.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/magic.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "tcphs.h"

#ifndef TCPHS_VERSION
#define TCPHS_VERSION "unknown"
#endif

enum command {
	CMD_STATS,
	CMD_CONNS,
	CMD_TOP,
	CMD_LATENCY,
	CMD_EVENTS,
};

static const char *const command_names[] = {
	"stats", "conns", "top", "latency", "events",
};

struct options {
	enum command cmd;
	enum format fmt;
	const char *netns;
	const char *dir;
	const char *output;
	double interval;	/* seconds between samples, 0: one sample */
	unsigned long count;	/* samples to print, 0: until interrupted */
	bool zeros;
	bool summary;
	bool follow;
	unsigned int top_n;
	struct conns_filter filter;
};

static const char usage_text[] =
"Usage: tcphs [OPTIONS] COMMAND [ARGS]\n"
"Read the counters, connections, handshake delays and anomalies of the tcphs\n"
"kernel module (/proc/tcphs).\n"
"\n"
"Commands:\n"
"  stats [-z] [-i SECS [-c COUNT]] [--prometheus] [-o FILE]\n"
"                       the counters, grouped; with -i, rates per second\n"
"  conns [-s [-z]] [state S] [port P] [addr A[/LEN]]\n"
"                       the tracked connections, sorted by server then client;\n"
"                       filters combine (a repeated one matches any value);\n"
"                       -s: endpoints per state (needs root)\n"
"  top [-n N]           the N (10) client addresses and server ports with the\n"
"                       most half-open connections, then those with the most\n"
"                       handshakes refused or reset in the last 10 to 20 s\n"
"                       (two of the module's resets_interval),\n"
"                       as the module counts them (needs root)\n"
"  latency [-z] [-i SECS [-c COUNT]] [--prometheus] [-o FILE]\n"
"                       histograms of the handshake delays; with -i, of those\n"
"                       measured between samples\n"
"  events [-f] [reason R] [port P] [addr A[/LEN]]\n"
"                       the last anomalies, oldest first, filtered as conns\n"
"                       (needs root); -f: then each new one, as it comes\n"
"\n"
"Options, before the command:\n"
"  -N, --netns NAME     read the network namespace NAME (see ip netns list),\n"
"                       or the one of a file such as /proc/PID/ns/net\n"
"  -P, --proc DIR       read DIR instead of /proc/tcphs (a copy, say)\n"
"  -j, --json           one JSON object per sample, or per event (also after\n"
"                       the command)\n"
"  -V, --version        print the version\n"
"  -h, --help           print this help\n"
"\n"
"Options, after the command:\n"
"  -i, --interval SECS  a sample every SECS seconds (stats: rates between them;\n"
"                       latency: the delays measured between them)\n"
"  -c, --count COUNT    stop after COUNT samples (with -i)\n"
"  -z, --zeros          show zero counters, states and buckets too (stats,\n"
"                       conns -s, latency)\n"
"  -s, --summary        endpoints per state (conns)\n"
"  -n, --number N       rows of each ranking (top)\n"
"  -f, --follow         wait for new events, and print them as they come;\n"
"                       until interrupted (events)\n"
"  --prometheus         Prometheus text exposition (stats, latency)\n"
"  -o, --output FILE    write each sample to FILE, replacing it atomically\n"
"                       (not events)\n"
"\n"
"See tcphs(8) for the output formats and tcphs(4) for the counters, delays\n"
"and events.\n";

static __printf(1, 2) __noreturn void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tcphs: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nUsage: tcphs [-N NAME] [-P DIR] [-j] stats|conns|top|latency|events [ARGS]\n"
	      "\"tcphs --help\" tells more.\n", stderr);
	exit(2);
}

static __printf(1, 2) __noreturn void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("tcphs: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static double parse_interval(const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(v) || v < 0.01 ||
	    v > 86400)
		usage_error("bad interval \"%s\": seconds, from 0.01 to 86400",
			    arg);
	return v;
}

static unsigned long parse_count(const char *arg, const char *what,
				 unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || *arg == '-' || !v || v > max)
		usage_error("bad %s \"%s\": a number from 1 to %lu", what, arg,
			    max);
	return v;
}

/* The option getopt did not know: a short one in @arg, or @arg. */
static const char *option_name(const char *arg)
{
	static char name[3] = "-";

	if (!optopt)
		return arg;
	name[1] = optopt;
	return name;
}

static void parse_global(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "netns", required_argument, NULL, 'N' },
		{ "proc", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:N:P:jVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			o->netns = optarg;
			break;
		case 'P':
			o->dir = optarg;
			break;
		case 'j':
			o->fmt = FMT_JSON;
			break;
		case 'V':
			printf("tcphs %s\n", TCPHS_VERSION);
			exit(0);
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		case ':':
			usage_error("option \"%s\" needs an argument",
				    argv[optind - 1]);
		default:
			usage_error("unknown option \"%s\" before the command",
				    option_name(argv[optind - 1]));
		}
	}
}

/* Options after the command, and the filters of conns and events. */
static void parse_command(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "zeros", no_argument, NULL, 'z' },
		{ "json", no_argument, NULL, 'j' },
		{ "prometheus", no_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "summary", no_argument, NULL, 's' },
		{ "number", required_argument, NULL, 'n' },
		{ "follow", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	/* The options each command takes, besides -j and -h. */
	static const char *const own[] = {
		[CMD_STATS] = "iczpo", [CMD_CONNS] = "icszo", [CMD_TOP] = "icno",
		[CMD_LATENCY] = "iczpo", [CMD_EVENTS] = "f",
	};
	const char *cmd = command_names[o->cmd];
	struct tcphs_err err;
	int c;

	/* 0, not 1: glibc then forgets the '+' of the global options. */
	optind = 0;
	while ((c = getopt_long(argc, argv, ":i:c:zjo:sn:fh", longopts,
				NULL)) != -1) {
		if (c > 0 && strchr("iczpsnof", c) && !strchr(own[o->cmd], c))
			usage_error("\"%s\" is not an option of %s",
				    c == 'p' ? "--prometheus" :
				    (char[]){ '-', c, '\0' }, cmd);
		switch (c) {
		case 'i':
			o->interval = parse_interval(optarg);
			break;
		case 'c':
			o->count = parse_count(optarg, "count", 1000000000);
			break;
		case 'z':
			o->zeros = true;
			break;
		case 'j':
			o->fmt = FMT_JSON;
			break;
		case 'p':
			o->fmt = FMT_PROMETHEUS;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 's':
			o->summary = true;
			break;
		case 'n':
			o->top_n = parse_count(optarg, "number", 1000000);
			break;
		case 'f':
			o->follow = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		case ':':
			usage_error("option \"%s\" needs an argument",
				    argv[optind - 1]);
		default:
			usage_error("unknown option \"%s\" of %s",
				    option_name(argv[optind - 1]), cmd);
		}
	}
	if (o->count && !o->interval)
		usage_error("-c needs -i");
	if (o->cmd == CMD_CONNS && o->zeros && !o->summary)
		usage_error("-z needs -s with conns");
	for (; optind < argc; optind += 2) {
		if (o->cmd != CMD_CONNS && o->cmd != CMD_EVENTS)
			usage_error("%s takes no argument: \"%s\"", cmd,
				    argv[optind]);
		if (optind + 1 == argc)
			usage_error("filter \"%s\" needs a value", argv[optind]);
		if (filter_add(&o->filter, o->cmd == CMD_EVENTS, argv[optind],
			       argv[optind + 1], &err))
			usage_error("%s", err.msg);
	}
}

static void parse_args(struct options *o, int argc, char **argv)
{
	size_t i;

	*o = (struct options){ .dir = "/proc/tcphs", .top_n = 10 };
	parse_global(o, argc, argv);
	if (optind == argc)
		usage_error("no command: stats, conns, top, latency or events");
	for (i = 0; i < ARRAY_SIZE(command_names) &&
	     strcmp(argv[optind], command_names[i]); i++)
		;
	if (i == ARRAY_SIZE(command_names))
		usage_error("unknown command \"%s\": stats, conns, top, latency or events",
			    argv[optind]);
	o->cmd = i;
	argc -= optind;
	argv += optind;
	parse_command(o, argc, argv);
}

static void enter_netns(const char *name)
{
	char path[4096];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && !strchr(name, '/'))
		fail("no network namespace \"%s\" (%s): see \"ip netns list\"",
		     name, path);
	if (fd < 0)
		fail("%s: %s", path, strerror(errno));
	if (setns(fd, CLONE_NEWNET))
		fail("entering network namespace \"%s\": %s%s", name,
		     strerror(errno),
		     errno == EPERM ? ": it needs root (CAP_SYS_ADMIN)" : "");
	close(fd);
}

/* Replace @path with @len bytes of @buf: a temporary file, then rename. */
static int write_atomic(const char *path, const char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	char tmp[4096];
	ssize_t n;
	int fd;

	/* ".NAME.XXXXXX" next to NAME: the same file system, hidden. */
	if (slash)
		snprintf(tmp, sizeof(tmp), "%.*s/.%s.XXXXXX",
			 (int)(slash - path), path, slash + 1);
	else
		snprintf(tmp, sizeof(tmp), ".%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0644))
		goto fail;
	for (; len; buf += n, len -= n) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			n = 0;
		else if (n < 0)
			goto fail;
	}
	if (fsync(fd) || close(fd))
		goto fail_closed;
	if (rename(tmp, path))
		goto fail_closed;
	return 0;
fail:
	close(fd);
fail_closed:
	n = errno;
	unlink(tmp);
	errno = n;
	return -1;
}

static void write_sample(const struct options *o, const char *buf, size_t len)
{
	if (o->output) {
		if (write_atomic(o->output, buf, len))
			fail("%s: %s", o->output, strerror(errno));
		return;
	}
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout))
		fail("writing the output: %s", strerror(errno));
}

/* The files a command reads, parsed. */
struct snapshot {
	struct stats stats;
	struct conns conns;	/* the lines of conns, or of top */
	bool has_conns;
	struct conns resets;	/* of top, the lines of resets; else empty */
};

/* A file of "name value" lines: stats or latency. */
static int read_stats(const struct options *o, const char *file,
		      struct stats *s, struct tcphs_err *err)
{
	char path[4096], *buf;
	size_t len;

	if (proc_read(o->dir, file, &buf, &len, err))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", o->dir, file);
	return stats_parse(s, buf, len, path, err);
}

/* A file of a header and lines, conns, top or resets, parsed by @parse. */
static int read_table(const struct options *o, const char *file,
		      int (*parse)(struct conns *c, char *buf, size_t len,
				   const char *path, struct tcphs_err *err),
		      struct conns *c, struct tcphs_err *err, bool *unreadable)
{
	char path[4096], *buf;
	size_t len;

	if (proc_read(o->dir, file, &buf, &len, err)) {
		*unreadable = true;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", o->dir, file);
	return parse(c, buf, len, path, err);
}

/*
 * Whether the module is older than @file: the directory holds the files of
 * the module, but not that one. Its tables are then shown empty.
 */
static bool older_module(const struct options *o, const char *file)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", o->dir, file);
	return access(path, F_OK) && errno == ENOENT;
}

/*
 * stats reads the counters, and for Prometheus the table when it can (it
 * needs root); conns reads the table, top the module's top talkers of
 * half-open connections and of resets; latency reads the delays, into the
 * snapshot's stats.
 */
static void take(const struct options *o, struct snapshot *s)
{
	static bool warned;
	struct tcphs_err err;
	bool unreadable = false;
	int ret;

	*s = (struct snapshot){};
	if (o->cmd == CMD_LATENCY) {
		if (read_stats(o, "latency", &s->stats, &err))
			fail("%s", err.msg);
		return;
	}
	if (o->cmd == CMD_STATS) {
		if (read_stats(o, "stats", &s->stats, &err))
			fail("%s", err.msg);
		if (o->fmt != FMT_PROMETHEUS)
			return;
		if (!read_table(o, "conns", conns_parse, &s->conns, &err,
				&unreadable)) {
			s->has_conns = true;
		} else if (!unreadable) {
			fail("%s", err.msg);
		} else if (!warned) {
			fprintf(stderr, "tcphs: %s; tcphs_endpoints left out\n",
				err.msg);
			warned = true;
		}
		return;
	}
	if (o->cmd == CMD_TOP)
		ret = read_table(o, "top", top_parse, &s->conns, &err,
				 &unreadable) ||
		      (!older_module(o, "resets") &&
		       read_table(o, "resets", resets_parse, &s->resets, &err,
				  &unreadable));
	else
		ret = read_table(o, "conns", conns_parse, &s->conns, &err,
				 &unreadable);
	if (ret)
		fail("%s", err.msg);
	s->has_conns = true;
}

static void release(struct snapshot *s)
{
	stats_free(&s->stats);
	if (s->has_conns)
		conns_free(&s->conns);
	conns_free(&s->resets);
}

/* One sample into @f; -1 when out of memory. */
static int render(FILE *f, const struct options *o, const struct sample *t,
		  struct snapshot *cur, struct snapshot *prev)
{
	const struct stats_opts so = { o->fmt, o->zeros };
	const struct conns_opts co = { o->fmt, o->summary, o->zeros,
				       &o->filter };
	const struct top_opts to = { o->fmt, o->top_n };
	char when[32];
	struct tm tm;
	time_t sec;
	int ret = 0;

	if (o->interval && o->fmt == FMT_TEXT) {
		sec = t->time;
		localtime_r(&sec, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		if (o->cmd == CMD_STATS)
			fprintf(f, "%s, rates over %.2f s\n", when,
				t->interval);
		else if (o->cmd == CMD_LATENCY && prev)
			fprintf(f, "%s, measured over %.2f s\n", when,
				t->interval);
		else if (o->cmd == CMD_LATENCY)
			fprintf(f, "%s, totals\n", when);
		else
			fprintf(f, "%s\n", when);
	}
	switch (o->cmd) {
	case CMD_STATS:
		ret = stats_render(f, &so, t, &cur->stats,
				   prev ? &prev->stats : NULL,
				   cur->has_conns ? &cur->conns : NULL);
		break;
	case CMD_CONNS:
		ret = conns_render(f, &co, t, &cur->conns);
		break;
	case CMD_TOP:
		ret = top_render(f, &to, t, &cur->conns, &cur->resets);
		break;
	case CMD_LATENCY:
		ret = latency_render(f, &so, t, &cur->stats,
				     prev ? &prev->stats : NULL);
		break;
	case CMD_EVENTS:	/* run_events() */
		break;
	}
	if (o->interval && o->fmt == FMT_TEXT)
		fputc('\n', f);
	return ret;
}

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Wait until @deadline on the monotonic clock; false when SIGINT or SIGTERM
 * came first. They stay blocked otherwise, so that a sample is always
 * written out whole.
 */
static bool sleep_until(double deadline, const sigset_t *stop)
{
	struct timespec ts;
	double left;

	for (;;) {
		left = deadline - now(CLOCK_MONOTONIC);
		if (left <= 0)
			return true;
		ts.tv_sec = left;
		ts.tv_nsec = (left - ts.tv_sec) * 1e9;
		if (sigtimedwait(stop, NULL, &ts) >= 0)
			return false;
		if (errno != EAGAIN && errno != EINTR)
			fail("sigtimedwait: %s", strerror(errno));
	}
}

/*
 * Take a sample, render it, write it out; with -i, again every interval
 * until COUNT samples were printed or SIGINT or SIGTERM came. stats with -i
 * prints the rates between two samples, so it takes one more than it
 * prints; latency prints the totals first, then what was measured between
 * two samples.
 */
static void run(const struct options *o)
{
	struct snapshot snap[2], *cur, *prev = NULL;
	bool rates = o->cmd == CMD_STATS && o->interval;
	unsigned long printed = 0, taken;
	double start, mono, last = 0;
	struct sample t;
	sigset_t stop;
	int ret;
	size_t len;
	char *buf;
	FILE *f;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	start = now(CLOCK_MONOTONIC);
	for (taken = 0;; taken++) {
		cur = &snap[taken % 2];
		take(o, cur);
		mono = now(CLOCK_MONOTONIC);
		t = (struct sample){ now(CLOCK_REALTIME),
				     prev ? mono - last : 0 };
		last = mono;
		if (!rates || prev) {
			f = open_memstream(&buf, &len);
			if (!f)
				fail("out of memory");
			ret = render(f, o, &t, cur, prev);
			if (fclose(f) || ret)
				fail("out of memory");
			write_sample(o, buf, len);
			free(buf);
			printed++;
		}
		if (prev)
			release(prev);
		prev = cur;
		if (!o->interval || (o->count && printed == o->count) ||
		    !sleep_until(start + (taken + 1) * o->interval, &stop))
			break;
	}
	release(prev);
}

/* What was read of /proc/tcphs/events: its header, then what is left. */
struct events_in {
	char *buf;
	size_t len;
	size_t size;
	size_t header;		/* the header's length, once parsed */
	struct events_pos pos;
};

/*
 * Parse the first @upto bytes of @in, render their records and write them
 * out; the header stays, the bytes after @upto follow it.
 */
static void events_flush(const struct options *o, struct events_in *in,
			 size_t upto, const char *path)
{
	const struct events_opts eo = { o->fmt, &o->filter };
	struct tcphs_err err;
	struct conns c;
	char *copy, *out;
	size_t len;
	FILE *f;

	copy = malloc(upto + 1);
	if (!copy)
		fail("out of memory");
	memcpy(copy, in->buf, upto);
	copy[upto] = '\0';
	if (events_parse(&c, copy, upto, path, &in->pos, &err))
		fail("%s", err.msg);
	f = open_memstream(&out, &len);
	if (!f)
		fail("out of memory");
	events_render(f, &eo, &c, !in->header);
	if (fclose(f))
		fail("out of memory");
	write_sample(o, out, len);
	free(out);
	conns_free(&c);
	if (!in->header)
		in->header = (char *)memchr(in->buf, '\n', upto) + 1 - in->buf;
	memmove(in->buf + in->header, in->buf + upto, in->len - upto);
	in->len = in->header + in->len - upto;
}

/*
 * events: /proc/tcphs/events gives its header and the records the ring
 * holds, then at its end nothing; written out at the end. With -f, each
 * read is written out at once, and poll() then tells when a read gives
 * records added since, until SIGINT or SIGTERM, taken from a signalfd. A
 * read may end in the middle of a line, kept for the next one; at the end
 * of the file, such a line, or no header, is an error.
 */
static void run_events(const struct options *o)
{
	struct pollfd pfd[2] = { { .events = POLLIN }, { .events = POLLIN } };
	struct events_in in = {};
	struct tcphs_err err;
	char path[4096], *nl;
	struct statfs sfs;
	sigset_t stop;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/events", o->dir);
	pfd[0].fd = proc_open(o->dir, "events", &err);
	if (pfd[0].fd < 0)
		fail("%s", err.msg);
	if (o->follow) {
		/* Elsewhere, poll() says readable at the end too. */
		if (fstatfs(pfd[0].fd, &sfs))
			fail("%s: %s", path, strerror(errno));
		if (sfs.f_type != PROC_SUPER_MAGIC)
			fail("%s: not on procfs: -f follows the module's file only",
			     path);
		sigemptyset(&stop);
		sigaddset(&stop, SIGINT);
		sigaddset(&stop, SIGTERM);
		sigprocmask(SIG_BLOCK, &stop, NULL);
		pfd[1].fd = signalfd(-1, &stop, SFD_CLOEXEC);
		if (pfd[1].fd < 0)
			fail("signalfd: %s", strerror(errno));
	}
	for (;;) {
		if (o->follow && poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fail("poll: %s", strerror(errno));
		}
		if (pfd[1].revents)
			break;
		if (in.size - in.len < 4096) {
			in.size = in.size ? 2 * in.size : 65536;
			in.buf = realloc(in.buf, in.size);
			if (!in.buf)
				fail("out of memory");
		}
		n = read(pfd[0].fd, in.buf + in.len, in.size - in.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail("%s: %s", path, strerror(errno));
		in.len += n;
		nl = memrchr(in.buf + in.header, '\n', in.len - in.header);
		if (!n && (in.len > in.header || !in.header))
			events_flush(o, &in, in.len, path);
		else if (n && o->follow && nl)
			events_flush(o, &in, nl + 1 - in.buf, path);
		if (!n && !o->follow)
			break;
	}
	free(in.buf);
	close(pfd[0].fd);
	if (o->follow)
		close(pfd[1].fd);
}

int main(int argc, char **argv)
{
	struct options o;

	parse_args(&o, argc, argv);
	if (o.netns)
		enter_netns(o.netns);
	if (o.cmd == CMD_EVENTS)
		run_events(&o);
	else
		run(&o);
	filter_free(&o.filter);
	return 0;
}
