// SPDX-License-Identifier: GPL-2.0
/*
 * The traffic of the tcphs benchmarks, IPv4 only, fast enough under QEMU
 * TCG where Python is not. Each command prints one line of "name value"
 * pairs on stdout; any failure is a message on stderr and exit status 1.
 *
 * server ADDR PORT         accept connections until killed; on each read
 *                          the request, send the answer, wait for EOF,
 *                          close. Forks one child that serves, so that the
 *                          caller can kill it by the pid printed
 * churn ADDR PORT N       N connections one after the other: connect,
 *                          request, answer, close
 * connect ADDR PORT N      N connections one after the other: connect,
 *                          close, with no data either way (to a sink)
 * sink ADDR PORT           accept connections until killed; read each to
 *                          EOF, then close
 * bulk ADDR PORT BYTES     one connection sending BYTES, then waiting for
 *                          the peer to close
 * syn SRC DST PORT N       N SYNs to DST:PORT over a raw socket, each from
 *                          another address: SRC, then the ones after it,
 *                          port 40000, sent in batches with sendmmsg();
 *                          those a hook of the sender's dropped (EPERM)
 *                          count as sent, and as dropped
 * ctflush                  delete every nf_conntrack entry of the
 *                          namespace, as "conntrack -F" does, by
 *                          ctnetlink (nf_conntrack_netlink)
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REQUEST		"ping"
#define ANSWER		"pong"
#define MSG_LEN		4
#define BATCH		256
#define SYN_SPORT	40000
#define IP_HLEN		20
#define TCP_HLEN	20

static void die(const char *what)
{
	fprintf(stderr, "load: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *what)
{
	fprintf(stderr, "load: %s\n", what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct sockaddr_in sockaddr(const char *addr, const char *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		fail("bad address");
	sin.sin_port = htons(atoi(port));
	return sin;
}

static unsigned long number(const char *s)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || *end || end == s)
		fail("bad count");
	return n;
}

static int tcp_socket(void)
{
	int one = 1;
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		die("socket");
	if (setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("TCP_NODELAY");
	return s;
}

static int listener(const struct sockaddr_in *sin)
{
	int one = 1;
	int s = tcp_socket();

	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die("SO_REUSEADDR");
	if (bind(s, (const struct sockaddr *)sin, sizeof(*sin)))
		die("bind");
	if (listen(s, 1024))
		die("listen");
	return s;
}

static void read_exact(int s, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(s, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("read");
		if (!n)
			fail("EOF before the whole message");
		got += n;
	}
}

static void write_all(int s, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(s, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("write");
		buf += n;
		len -= n;
	}
}

/* Read until EOF; return the bytes read. */
static unsigned long drain(int s)
{
	static char buf[1 << 16];
	unsigned long total = 0;
	ssize_t n;

	for (;;) {
		n = read(s, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("read");
		if (!n)
			return total;
		total += n;
	}
}

/* Serve until killed, in a child whose pid is printed. */
static int cmd_server(char **argv, int sink)
{
	struct sockaddr_in sin = sockaddr(argv[0], argv[1]);
	char buf[MSG_LEN];
	int s = listener(&sin), c;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid) {
		printf("pid %d\n", pid);
		return 0;
	}
	fclose(stdout);
	for (;;) {
		c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0 && errno == EINTR)
			continue;
		if (c < 0)
			die("accept");
		if (!sink) {
			read_exact(c, buf, MSG_LEN);
			if (memcmp(buf, REQUEST, MSG_LEN))
				fail("bad request");
			write_all(c, ANSWER, MSG_LEN);
		}
		drain(c);
		close(c);
	}
}

/* N connections: connect, then, with @data, request and answer, close. */
static int cmd_churn(char **argv, bool data)
{
	struct sockaddr_in sin = sockaddr(argv[0], argv[1]);
	unsigned long n = number(argv[2]), i;
	char buf[MSG_LEN];
	double start;
	int s;

	start = now();
	for (i = 0; i < n; i++) {
		s = tcp_socket();
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)))
			die("connect");
		if (data) {
			write_all(s, REQUEST, MSG_LEN);
			read_exact(s, buf, MSG_LEN);
			if (memcmp(buf, ANSWER, MSG_LEN))
				fail("bad answer");
		}
		close(s);
	}
	printf("connections %lu seconds %.6f\n", n, now() - start);
	return 0;
}

static int cmd_bulk(char **argv)
{
	struct sockaddr_in sin = sockaddr(argv[0], argv[1]);
	unsigned long bytes = number(argv[2]), left = bytes, len;
	static char block[1 << 16];
	double start;
	int s = tcp_socket();

	memset(block, 'x', sizeof(block));
	start = now();
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)))
		die("connect");
	while (left) {
		len = left < sizeof(block) ? left : sizeof(block);
		write_all(s, block, len);
		left -= len;
	}
	if (shutdown(s, SHUT_WR))
		die("shutdown");
	if (drain(s))
		fail("data from the sink");
	close(s);
	printf("bytes %lu seconds %.6f\n", bytes, now() - start);
	return 0;
}

static unsigned short csum_fold(unsigned long sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static unsigned long csum_add(unsigned long sum, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

/* An IPv4 header, without length, id and checksum (the kernel's), and a SYN. */
static void syn_packet(unsigned char *pkt, struct in_addr src,
		       struct in_addr dst, unsigned short dport)
{
	unsigned char *th = pkt + IP_HLEN;
	unsigned char pseudo[12];
	unsigned short csum;
	unsigned long sum;

	memset(pkt, 0, IP_HLEN + TCP_HLEN);
	pkt[0] = 0x45;
	pkt[8] = 64;
	pkt[9] = IPPROTO_TCP;
	memcpy(pkt + 12, &src, 4);
	memcpy(pkt + 16, &dst, 4);
	th[0] = SYN_SPORT >> 8;
	th[1] = SYN_SPORT & 0xff;
	th[2] = dport >> 8;
	th[3] = dport & 0xff;
	th[7] = 1;			/* seq 1 */
	th[12] = 5 << 4;		/* data offset */
	th[13] = 0x02;			/* SYN */
	th[14] = 0x10;			/* window 4096 */
	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	pseudo[10] = 0;
	pseudo[11] = TCP_HLEN;
	sum = csum_add(0, pseudo, sizeof(pseudo));
	csum = csum_fold(csum_add(sum, th, TCP_HLEN));
	th[16] = csum >> 8;
	th[17] = csum & 0xff;
}

static int cmd_syn(char **argv)
{
	static unsigned char pkts[BATCH][IP_HLEN + TCP_HLEN];
	static struct mmsghdr msgs[BATCH];
	static struct iovec iovs[BATCH];
	struct sockaddr_in dst = sockaddr(argv[1], argv[2]);
	struct sockaddr_in first = sockaddr(argv[0], "0");
	unsigned long n = number(argv[3]), sent = 0, dropped = 0, i, batch;
	unsigned int src = ntohl(first.sin_addr.s_addr);
	struct in_addr a;
	double start;
	int s, r;

	s = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (s < 0)
		die("raw socket");
	for (i = 0; i < BATCH; i++) {
		iovs[i].iov_base = pkts[i];
		iovs[i].iov_len = sizeof(pkts[i]);
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = sizeof(dst);
	}
	start = now();
	while (sent < n) {
		batch = n - sent < BATCH ? n - sent : BATCH;
		for (i = 0; i < batch; i++) {
			a.s_addr = htonl(src + sent + i);
			syn_packet(pkts[i], a, dst.sin_addr,
				   ntohs(dst.sin_port));
		}
		r = sendmmsg(s, msgs, batch, 0);
		if (r < 0 && (errno == EINTR || errno == ENOBUFS))
			continue;
		/* A hook dropped the first: count it, send the rest. */
		if (r < 0 && errno == EPERM) {
			dropped++;
			sent++;
			continue;
		}
		if (r <= 0)
			die("sendmmsg");
		sent += r;
	}
	printf("sent %lu dropped %lu seconds %.6f\n", sent, dropped,
	       now() - start);
	close(s);
	return 0;
}

/*
 * A ctnetlink delete with no tuple, of version 0 (any family): the kernel
 * deletes all the entries of the namespace, and acknowledges.
 */
static int cmd_ctflush(void)
{
	struct {
		struct nlmsghdr nlh;
		struct nfgenmsg nfg;
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = NFNL_SUBSYS_CTNETLINK << 8 |
				      IPCTNL_MSG_CT_DELETE,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
			.nlmsg_seq = 1,
		},
		.nfg = { .nfgen_family = AF_INET, .version = NFNETLINK_V0 },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[1024];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *err;
	ssize_t n;
	int s;

	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (s < 0)
		die("netlink socket");
	if (sendto(s, &req, sizeof(req), 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		die("ctnetlink send");
	n = recv(s, buf, sizeof(buf), 0);
	if (n < 0)
		die("ctnetlink recv");
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(*err)) ||
	    nlh->nlmsg_type != NLMSG_ERROR)
		fail("ctnetlink: no acknowledgment");
	err = NLMSG_DATA(nlh);
	if (err->error) {
		errno = -err->error;
		die("ctnetlink flush");
	}
	close(s);
	printf("flushed 1\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die(argv[2]);
		if (setns(fd, CLONE_NEWNET))
			die("setns");
		close(fd);
		argc -= 2;
		argv += 2;
	}
	cmd = argc > 1 ? argv[1] : "";
	if (!strcmp(cmd, "server") && argc == 4)
		return cmd_server(argv + 2, 0);
	if (!strcmp(cmd, "sink") && argc == 4)
		return cmd_server(argv + 2, 1);
	if (!strcmp(cmd, "churn") && argc == 5)
		return cmd_churn(argv + 2, true);
	if (!strcmp(cmd, "connect") && argc == 5)
		return cmd_churn(argv + 2, false);
	if (!strcmp(cmd, "bulk") && argc == 5)
		return cmd_bulk(argv + 2);
	if (!strcmp(cmd, "syn") && argc == 6)
		return cmd_syn(argv + 2);
	if (!strcmp(cmd, "ctflush") && argc == 2)
		return cmd_ctflush();
	fprintf(stderr,
		"usage: load [-n NETNS] server|sink ADDR PORT\n"
		"       load [-n NETNS] churn|connect ADDR PORT N\n"
		"       load [-n NETNS] bulk ADDR PORT BYTES\n"
		"       load [-n NETNS] syn SRC DST PORT N\n"
		"       load [-n NETNS] ctflush\n");
	return 2;
}
