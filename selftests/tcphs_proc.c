// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/tcphs from C: the symlink, the format and mode of stats and
 * latency, and exact counts of loopback connections made in a fresh
 * network namespace.
 *
 *   +------------- fresh namespace (unshare) -------------+
 *   |  client ---- lo 127.0.0.1 ----> listener            |
 *   +-----------------------------------------------------+
 *
 * stats must begin with the ten counters of the first version, in order;
 * lines appended since (the names are ABI, new ones are only appended) must
 * have the same "name value" form, with a name of their own. latency must
 * begin with the lines of its two delays, each's count the sum of its
 * buckets; lines appended since have the same form.
 *
 * tcphs is loaded before the tests run (module/tcphs.ko next to these
 * tests, else modprobe tcphs) and unloaded at the end when it was not
 * loaded before; without it every test is skipped.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The 6.1 harness has parameters it does not use, fixed upstream later. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop

#define PROC_LINK	"/proc/tcphs"
#define STATS		"/proc/tcphs/stats"
#define LATENCY		"/proc/tcphs/latency"
#define NR_CONN		10ULL	/* unsigned long long, as the counters */

/* The counters of stats, in file order. */
static const char * const stat_names[] = {
	"packets", "syn", "synack", "fin", "rst",
	"psh", "urg", "ece", "cwr", "malformed",
};

enum { PACKETS, SYN, SYNACK, FIN, RST, PSH, URG, ECE, CWR, MALFORMED, NR };

/* The delays of latency, in file order, and the log2 buckets of each. */
static const char * const lat_names[] = { "syn_synack", "synack_ack" };

enum { LAT_NR = 2, LAT_BUCKETS = 32 };

struct latency {
	unsigned long long count[LAT_NR];
	unsigned long long sum_us[LAT_NR];
	unsigned long long bucket[LAT_NR][LAT_BUCKETS];
};

static bool loaded_here;

/* The decimal value that ends the line at @p; the next line, or NULL. */
static const char *parse_value(const char *p, unsigned long long *val)
{
	char *end;

	if (*p < '0' || *p > '9' || (*p == '0' && p[1] != '\n'))
		return NULL;
	errno = 0;
	*val = strtoull(p, &end, 10);
	if (errno || *end != '\n')
		return NULL;
	return end + 1;
}

/* The line "@name value" at @p, its value in @val; the next, or NULL. */
static const char *parse_line(const char *p, const char *name,
			      unsigned long long *val)
{
	size_t len = strlen(name);

	if (strncmp(p, name, len) || p[len] != ' ')
		return NULL;
	return parse_value(p + len + 1, val);
}

/*
 * Lines appended to a file since the first version, from @p on: each
 * "name value", with a name that @nr_known names of @known do not take;
 * @extra is the sum of their values. Returns NULL, or what is wrong.
 */
static const char *parse_appended(const char *p,
				  const char * const *known, size_t nr_known,
				  unsigned long long *extra)
{
	unsigned long long v;
	size_t len, i;

	*extra = 0;
	while (*p) {
		len = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
		for (i = 0; i < nr_known; i++)
			if (strlen(known[i]) == len && !strncmp(p, known[i], len))
				break;
		if (!len || p[len] != ' ' || i < nr_known)
			return "an appended line that is not \"new_name value\"";
		p = parse_value(p + len + 1, &v);
		if (!p)
			return "a value that is not a decimal number";
		*extra += v;
	}
	return NULL;
}

/*
 * Parse stats: one "name value\n" line per counter of stat_names, in that
 * order, with a decimal value. The names are ABI, to which new counters are
 * only ever appended: lines after those must have the same form and a new
 * name; @extra is the sum of their values. Returns NULL, or what is wrong.
 */
static const char *parse_stats(const char *buf, unsigned long long val[NR],
			       unsigned long long *extra)
{
	const char *p = buf;
	unsigned int i;

	for (i = 0; i < NR; i++) {
		p = parse_line(p, stat_names[i], &val[i]);
		if (!p)
			return "a counter missing, misnamed, out of order or not a decimal number";
	}
	return parse_appended(p, stat_names, NR, extra);
}

/*
 * Parse latency: for each delay of lat_names, in that order, NAME_count,
 * NAME_sum_us, then NAME_us_LOW_HIGH for each bucket, from 0_1, 2_3, 4_7
 * up to 2147483648_4294967295; its count the sum of its buckets. Lines
 * after those as in parse_appended(). Returns NULL, or what is wrong.
 */
static const char *parse_latency(const char *buf, struct latency *lat,
				 unsigned long long *extra)
{
	const char *p = buf;
	unsigned long long total;
	unsigned int i, b;
	char name[64];

	for (i = 0; i < LAT_NR; i++) {
		snprintf(name, sizeof(name), "%s_count", lat_names[i]);
		p = parse_line(p, name, &lat->count[i]);
		if (!p)
			return "a count missing, misnamed or out of order";
		snprintf(name, sizeof(name), "%s_sum_us", lat_names[i]);
		p = parse_line(p, name, &lat->sum_us[i]);
		if (!p)
			return "a sum missing, misnamed or out of order";
		total = 0;
		for (b = 0; b < LAT_BUCKETS; b++) {
			snprintf(name, sizeof(name), "%s_us_%lu_%lu",
				 lat_names[i], b ? 1UL << b : 0UL,
				 (2UL << b) - 1);
			p = parse_line(p, name, &lat->bucket[i][b]);
			if (!p)
				return "a bucket missing, misnamed or out of order";
			total += lat->bucket[i][b];
		}
		if (total != lat->count[i])
			return "a count that is not the sum of its buckets";
	}
	/* A delay added since has lines of the same form. */
	return parse_appended(p, NULL, 0, extra);
}

/* The whole file @path into @buf of @size; NULL or what is wrong. */
static const char *read_file(const char *path, char *buf, size_t size)
{
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return "cannot open the file";
	len = read(fd, buf, size - 1);
	close(fd);
	if (len <= 0 || (size_t)len == size - 1)
		return "cannot read the file whole";
	buf[len] = '\0';
	return NULL;
}

/* Read stats of the calling thread's namespace; NULL or what is wrong. */
static const char *read_stats(unsigned long long val[NR],
			      unsigned long long *extra)
{
	static char buf[4096];
	const char *err = read_file(STATS, buf, sizeof(buf));

	return err ? err : parse_stats(buf, val, extra);
}

/* The same for latency. */
static const char *read_latency(struct latency *lat, unsigned long long *extra)
{
	static char buf[8192];
	const char *err = read_file(LATENCY, buf, sizeof(buf));

	return err ? err : parse_latency(buf, lat, extra);
}

/* The sum of fields of the Tcp line of /proc/net/snmp, or -1. */
static long long tcp_mib(const char *const *fields, unsigned int nr)
{
	char head[1024], vals[1024], *hs, *vs, *h, *v;
	long long sum = 0;
	unsigned int i;
	FILE *f;

	f = fopen("/proc/net/snmp", "r");
	if (!f)
		return -1;
	while (fgets(head, sizeof(head), f)) {
		if (strncmp(head, "Tcp:", 4))
			continue;
		if (!fgets(vals, sizeof(vals), f))
			break;
		fclose(f);
		h = strtok_r(head, "\n ", &hs);
		v = strtok_r(vals, "\n ", &vs);
		while (h && v) {
			for (i = 0; i < nr; i++)
				if (!strcmp(h, fields[i]))
					sum += atoll(v);
			h = strtok_r(NULL, "\n ", &hs);
			v = strtok_r(NULL, "\n ", &vs);
		}
		return sum;
	}
	fclose(f);
	return -1;
}

static const char * const segs_out[] = { "OutSegs", "RetransSegs" };
static const char * const segs_in[] = { "InSegs" };

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = ms % 1000 * 1000000 };

	nanosleep(&ts, NULL);
}

/* Tests that need no namespace of their own. */
FIXTURE(host) {
	int unused;
};

FIXTURE_SETUP(host)
{
}

FIXTURE_TEARDOWN(host)
{
}

FIXTURE(netns) {
	int unused;
};

/* Every test runs in a child of its own: the namespace is that child's. */
FIXTURE_SETUP(netns)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd;

	ASSERT_EQ(0, unshare(CLONE_NEWNET))
		TH_LOG("unshare(CLONE_NEWNET): %s", strerror(errno));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, ioctl(fd, SIOCGIFFLAGS, &ifr));
	ifr.ifr_flags |= IFF_UP;
	ASSERT_EQ(0, ioctl(fd, SIOCSIFFLAGS, &ifr));
	close(fd);
}

FIXTURE_TEARDOWN(netns)
{
}

TEST_F(host, proc_link_is_symlink_to_net)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t len;

	ASSERT_EQ(0, lstat(PROC_LINK, &st));
	ASSERT_TRUE(S_ISLNK(st.st_mode));
	len = readlink(PROC_LINK, target, sizeof(target) - 1);
	ASSERT_GT(len, 0);
	target[len] = '\0';
	ASSERT_STREQ("net/tcphs", target);
}

TEST_F(netns, stats_format_all_zero)
{
	unsigned long long val[NR], extra;
	const char *err;
	unsigned int i;

	err = read_stats(val, &extra);
	ASSERT_EQ(NULL, err) TH_LOG("%s: %s", STATS, err);
	/* Appended lines may be limits, not counters: only these start at 0. */
	for (i = 0; i < NR; i++)
		EXPECT_EQ(0ULL, val[i]) TH_LOG("counter %u", i);
}

TEST_F(netns, latency_format_all_zero)
{
	struct latency lat;
	unsigned long long extra;
	const char *err;
	unsigned int i, b;

	err = read_latency(&lat, &extra);
	ASSERT_EQ(NULL, err) TH_LOG("%s: %s", LATENCY, err);
	for (i = 0; i < LAT_NR; i++) {
		EXPECT_EQ(0ULL, lat.count[i]);
		EXPECT_EQ(0ULL, lat.sum_us[i]);
		for (b = 0; b < LAT_BUCKETS; b++)
			EXPECT_EQ(0ULL, lat.bucket[i][b]);
	}
	EXPECT_EQ(0ULL, extra);
}

/* The parser itself, so that the format test can fail. */
#define TEN_LINES "packets 1\nsyn 2\nsynack 3\nfin 4\nrst 5\npsh 6\n" \
		  "urg 7\nece 8\ncwr 9\nmalformed 10\n"

TEST_F(host, stats_parser)
{
	unsigned long long val[NR], extra;

	ASSERT_EQ(NULL, parse_stats(TEN_LINES, val, &extra));
	ASSERT_EQ(10ULL, val[MALFORMED]);
	ASSERT_EQ(0ULL, extra);
	ASSERT_EQ(NULL, parse_stats(TEN_LINES "new_one 3\n", val, &extra));
	ASSERT_EQ(3ULL, extra);
	/* None of these is a stats file. */
	ASSERT_NE(NULL, parse_stats("", val, &extra));
	ASSERT_NE(NULL, parse_stats("syn 2\npackets 1\n", val, &extra));
	ASSERT_NE(NULL, parse_stats("packets 1\nsyn 2\nsynack 3\nfin 4\n"
				    "rst 5\npsh 6\nurg 7\nece 8\ncwr 9\n"
				    "malformed 10", val, &extra));
	ASSERT_NE(NULL, parse_stats("packets 1\nsyn 2\nsynack 3\nfin 4\n"
				    "rst 5\npsh 6\nurg 7\nece 8\ncwr 9\n"
				    "malformed -1\n", val, &extra));
	ASSERT_NE(NULL, parse_stats("packets 01\nsyn 2\nsynack 3\nfin 4\n"
				    "rst 5\npsh 6\nurg 7\nece 8\ncwr 9\n"
				    "malformed 10\n", val, &extra));
	ASSERT_NE(NULL, parse_stats(TEN_LINES "syn 3\n", val, &extra));
	ASSERT_NE(NULL, parse_stats(TEN_LINES "new_one\n", val, &extra));
	ASSERT_NE(NULL, parse_stats(TEN_LINES "\n", val, &extra));
}

/* A latency file whose delays have @count each, all in bucket @b. */
static void latency_file(char *buf, size_t size, unsigned int count,
			 unsigned int b)
{
	size_t len = 0;
	unsigned int i, j;

	for (i = 0; i < LAT_NR; i++) {
		len += snprintf(buf + len, size - len,
				"%s_count %u\n%s_sum_us %u\n", lat_names[i],
				count, lat_names[i], count << b);
		for (j = 0; j < LAT_BUCKETS; j++)
			len += snprintf(buf + len, size - len,
					"%s_us_%lu_%lu %u\n", lat_names[i],
					j ? 1UL << j : 0UL, (2UL << j) - 1,
					j == b ? count : 0);
	}
}

TEST_F(host, latency_parser)
{
	static char buf[8192];
	unsigned long long extra;
	struct latency lat;
	size_t len;

	latency_file(buf, sizeof(buf), 3, 4);
	ASSERT_EQ(NULL, parse_latency(buf, &lat, &extra));
	EXPECT_EQ(3ULL, lat.count[1]);
	EXPECT_EQ(48ULL, lat.sum_us[1]);
	EXPECT_EQ(3ULL, lat.bucket[1][4]);
	len = strlen(buf);
	snprintf(buf + len, sizeof(buf) - len, "new_delay_count 5\n");
	ASSERT_EQ(NULL, parse_latency(buf, &lat, &extra));
	EXPECT_EQ(5ULL, extra);

	/* A count that is not its buckets' sum, a bucket missing. */
	latency_file(buf, sizeof(buf), 3, 4);
	buf[strlen("syn_synack_count ")] = '2';
	ASSERT_NE(NULL, parse_latency(buf, &lat, &extra));
	latency_file(buf, sizeof(buf), 3, 4);
	memmove(strstr(buf, "syn_synack_us_2_3"),
		strstr(buf, "syn_synack_us_4_7"),
		strlen(strstr(buf, "syn_synack_us_4_7")) + 1);
	ASSERT_NE(NULL, parse_latency(buf, &lat, &extra));
	ASSERT_NE(NULL, parse_latency("", &lat, &extra));
}

/*
 * stats and latency for anyone; conns, events, top and resets for root:
 * they show peers.
 */
TEST_F(netns, file_modes)
{
	static const struct { const char *path; unsigned int mode; } files[] = {
		{ STATS, 0444 }, { LATENCY, 0444 }, { "/proc/tcphs/conns", 0400 },
		{ "/proc/tcphs/events", 0400 }, { "/proc/tcphs/top", 0400 },
		{ "/proc/tcphs/resets", 0400 },
	};
	struct stat st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		ASSERT_EQ(0, stat(files[i].path, &st));
		ASSERT_TRUE(S_ISREG(st.st_mode));
		EXPECT_EQ(files[i].mode, st.st_mode & 07777)
			TH_LOG("%s", files[i].path);
	}
}

/* All of @path, read @chunk bytes at a time, into @buf of @size; or -1. */
static ssize_t read_all(const char *path, char *buf, size_t size, size_t chunk)
{
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	do {
		n = read(fd, buf + len, chunk < size - len ? chunk : size - len);
		if (n > 0)
			len += n;
	} while (n > 0 && len < size);
	close(fd);
	return n < 0 ? -1 : (ssize_t)len;
}

/*
 * Garbage, a number, an empty write and 1 MiB written to each file: root
 * may open them for writing, but every write fails and the file reads the
 * same after.
 */
TEST_F(netns, files_refuse_writes)
{
	static const char * const files[] = {
		STATS, LATENCY, "/proc/tcphs/conns", "/proc/tcphs/events",
		"/proc/tcphs/top", "/proc/tcphs/resets",
	};
	static char before[8192], after[8192], huge[1 << 20];
	const struct { const char *data; size_t len; } writes[] = {
		{ "0\n", 2 }, { "\xff\x00garbage", 9 }, { "", 0 },
		{ huge, sizeof(huge) },
	};
	ssize_t len, ret;
	unsigned int f, w;
	int fd;

	memset(huge, '9', sizeof(huge));
	for (f = 0; f < ARRAY_SIZE(files); f++) {
		len = read_all(files[f], before, sizeof(before), sizeof(before));
		ASSERT_GT(len, 0) TH_LOG("%s: %s", files[f], strerror(errno));
		for (w = 0; w < ARRAY_SIZE(writes); w++) {
			fd = open(files[f], O_WRONLY);
			if (fd < 0) {
				EXPECT_EQ(EACCES, errno);
				continue;
			}
			ret = write(fd, writes[w].data, writes[w].len);
			/* Writing nothing may succeed, as nothing. */
			if (writes[w].len) {
				EXPECT_EQ(-1, ret)
					TH_LOG("%s: write %u took %zd",
					       files[f], w, ret);
			} else {
				EXPECT_GE(0, ret);
			}
			close(fd);
		}
		ASSERT_EQ(len, read_all(files[f], after, sizeof(after),
					sizeof(after)));
		EXPECT_EQ(0, memcmp(before, after, len)) TH_LOG("%s changed",
								files[f]);
	}
}

/* Reads of 1 and 7 bytes, and from an offset, give the same file. */
TEST_F(netns, stats_read_in_pieces)
{
	static char whole[8192], piece[8192];
	ssize_t len, ret;
	int fd;

	len = read_all(STATS, whole, sizeof(whole), sizeof(whole));
	ASSERT_GT(len, 0);
	ASSERT_EQ(len, read_all(STATS, piece, sizeof(piece), 1));
	EXPECT_EQ(0, memcmp(whole, piece, len));
	ASSERT_EQ(len, read_all(STATS, piece, sizeof(piece), 7));
	EXPECT_EQ(0, memcmp(whole, piece, len));

	fd = open(STATS, O_RDONLY);
	ASSERT_GE(fd, 0);
	ret = pread(fd, piece, sizeof(piece), 5);
	EXPECT_EQ(len - 5, ret);
	EXPECT_EQ(0, memcmp(whole + 5, piece, len - 5));
	ret = pread(fd, piece, sizeof(piece), len + 100);
	EXPECT_EQ(0, ret);
	close(fd);
}

/* One connection: request, answer, a FIN from each side. */
static void connection(struct __test_metadata *_metadata, int lfd,
		       const struct sockaddr_in *addr)
{
	int one = 1, c, s;
	char buf[4];

	c = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_GE(c, 0);
	ASSERT_EQ(0, setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one,
				sizeof(one)));
	ASSERT_EQ(0, connect(c, (const struct sockaddr *)addr, sizeof(*addr)));
	s = accept(lfd, NULL, NULL);
	ASSERT_GE(s, 0);
	ASSERT_EQ(0, setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one,
				sizeof(one)));
	ASSERT_EQ(4, send(c, "ping", 4, 0));
	ASSERT_EQ(4, recv(s, buf, 4, MSG_WAITALL));
	ASSERT_EQ(4, send(s, "pong", 4, 0));
	ASSERT_EQ(4, recv(c, buf, 4, MSG_WAITALL));
	ASSERT_EQ(0, close(c));
	ASSERT_EQ(0, recv(s, buf, sizeof(buf), 0));	/* the client's FIN */
	ASSERT_EQ(0, close(s));
}

TEST_F(netns, loopback_connections)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(addr);
	unsigned long long val[NR], extra;
	struct latency lat;
	long long out, in;
	const char *err;
	unsigned int i;
	int lfd;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_GE(lfd, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&addr, sizeof(addr)));
	ASSERT_EQ(0, getsockname(lfd, (struct sockaddr *)&addr, &len));
	ASSERT_EQ(0, listen(lfd, NR_CONN));
	for (i = 0; i < NR_CONN; i++)
		connection(_metadata, lfd, &addr);
	close(lfd);

	/*
	 * Loopback delivers in softirq as it sends, but wait (5 s at most)
	 * for the last ACK all the same: until every segment sent has been
	 * received and counted.
	 */
	for (i = 0; i < 500; i++) {
		err = read_stats(val, &extra);
		ASSERT_EQ(NULL, err) TH_LOG("%s: %s", STATS, err);
		out = tcp_mib(segs_out, ARRAY_SIZE(segs_out));
		in = tcp_mib(segs_in, ARRAY_SIZE(segs_in));
		if (val[FIN] == 2 * NR_CONN && out == in &&
		    (long long)val[PACKETS] == out)
			break;
		sleep_ms(10);
	}
	EXPECT_EQ(NR_CONN, val[SYN]);
	EXPECT_EQ(NR_CONN, val[SYNACK]);
	EXPECT_EQ(2 * NR_CONN, val[FIN]);
	EXPECT_EQ(0ULL, val[RST]);
	EXPECT_EQ(2 * NR_CONN, val[PSH]);
	EXPECT_EQ(0ULL, val[URG]);
	EXPECT_EQ(0ULL, val[MALFORMED]);
	ASSERT_GT(out, 0);
	EXPECT_EQ(out, (long long)val[PACKETS])
		TH_LOG("packets != OutSegs + RetransSegs");
	EXPECT_EQ(in, (long long)val[PACKETS])
		TH_LOG("packets != InSegs");

	/* Both delays of every handshake, once. */
	err = read_latency(&lat, &extra);
	ASSERT_EQ(NULL, err) TH_LOG("%s: %s", LATENCY, err);
	EXPECT_EQ(NR_CONN, lat.count[0]);
	EXPECT_EQ(NR_CONN, lat.count[1]);
}

/* Unload tcphs at exit when it was loaded here. */
static void unload_module(void)
{
	if (loaded_here && syscall(SYS_delete_module, "tcphs", O_NONBLOCK))
		ksft_print_msg("cannot unload tcphs: %s\n", strerror(errno));
}

/* tcphs.ko next to these tests (../module), else an installed one. */
static int load_module(void)
{
	char exe[PATH_MAX], ko[PATH_MAX + 32], *slash;
	ssize_t len;
	int fd, ret;

	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return -1;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	snprintf(ko, sizeof(ko), "%s/../module/tcphs.ko", exe);
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ret = syscall(SYS_finit_module, fd, "", 0);
		close(fd);
		if (ret)
			ksft_print_msg("finit_module(%s): %s\n", ko,
				       strerror(errno));
		return ret;
	}
	return system("modprobe tcphs 2>/dev/null") ? -1 : 0;
}

static void __attribute__((constructor)) setup_module(void)
{
	if (access(PROC_LINK, F_OK) == 0)
		return;
	if (geteuid())
		ksft_exit_skip("must be run as root to load tcphs\n");
	if (load_module() || access(STATS, R_OK))
		ksft_exit_skip("cannot load module/tcphs.ko or modprobe tcphs\n");
	loaded_here = true;
	atexit(unload_module);
}

TEST_HARNESS_MAIN
