// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters, each checked against its range when written: a bad
 * value is refused with EINVAL and changes nothing.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "params.h"

struct tcphs_params tcphs_params = {
	.timeout = {
		[TCPHS_PHASE_SYN] = 60,
		[TCPHS_PHASE_SYNACK] = 60,
		[TCPHS_PHASE_ESTABLISHED] = 5 * 24 * 3600,
		[TCPHS_PHASE_CLOSING] = 120,
		[TCPHS_PHASE_CLOSED] = 60,
	},
	.half_open_alert = 1024,
	.resets_interval = 10,
	.pickup = true,
};

static int set_range(const char *val, const struct kernel_param *kp,
		     unsigned int min, unsigned int max)
{
	unsigned int n;

	if (kstrtouint(val, 0, &n) || n < min || n > max)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, n);
	return 0;
}

static int set_timeout(const char *val, const struct kernel_param *kp)
{
	return set_range(val, kp, 1, TCPHS_TIMEOUT_MAX);
}

static int set_max_conns(const char *val, const struct kernel_param *kp)
{
	return set_range(val, kp, TCPHS_MAX_CONNS_MIN, TCPHS_MAX_CONNS_MAX);
}

/* 0, which has a meaning of its own, or from @min to @max. */
static int set_zero_or_range(const char *val, const struct kernel_param *kp,
			     unsigned int min, unsigned int max)
{
	unsigned int n;

	if (kstrtouint(val, 0, &n))
		return -EINVAL;
	return set_range(val, kp, n ? min : 0, max);
}

/* 0 for half of max_conns, whatever max_conns becomes. */
static int set_max_conns_per_netns(const char *val,
				   const struct kernel_param *kp)
{
	return set_zero_or_range(val, kp, TCPHS_MAX_CONNS_MIN,
				 TCPHS_MAX_CONNS_MAX);
}

/*
 * 0 for none, or from TCPHS_ALERT_MIN: below it, three quarters of the
 * threshold is the threshold, and a count wavering about it would alert at
 * every move.
 */
static int set_half_open_alert(const char *val,
			       const struct kernel_param *kp)
{
	return set_zero_or_range(val, kp, TCPHS_ALERT_MIN,
				 TCPHS_MAX_CONNS_MAX);
}

static int set_resets_interval(const char *val,
			       const struct kernel_param *kp)
{
	return set_range(val, kp, 1, TCPHS_RESETS_INTERVAL_MAX);
}

static const struct kernel_param_ops timeout_ops = {
	.set = set_timeout,
	.get = param_get_uint,
};

static const struct kernel_param_ops max_conns_ops = {
	.set = set_max_conns,
	.get = param_get_uint,
};

static const struct kernel_param_ops max_conns_per_netns_ops = {
	.set = set_max_conns_per_netns,
	.get = param_get_uint,
};

static const struct kernel_param_ops half_open_alert_ops = {
	.set = set_half_open_alert,
	.get = param_get_uint,
};

static const struct kernel_param_ops resets_interval_ops = {
	.set = set_resets_interval,
	.get = param_get_uint,
};

module_param_cb(syn_timeout, &timeout_ops,
		&tcphs_params.timeout[TCPHS_PHASE_SYN], 0644);
MODULE_PARM_DESC(syn_timeout,
		 "Seconds a SYN waits for its SYN-ACK (1-2592000, default 60)");
module_param_cb(synack_timeout, &timeout_ops,
		&tcphs_params.timeout[TCPHS_PHASE_SYNACK], 0644);
MODULE_PARM_DESC(synack_timeout,
		 "Seconds a SYN-ACK waits for the final ACK (1-2592000, default 60)");
module_param_cb(established_timeout, &timeout_ops,
		&tcphs_params.timeout[TCPHS_PHASE_ESTABLISHED], 0644);
MODULE_PARM_DESC(established_timeout,
		 "Seconds an established connection may stay idle (1-2592000, default 432000)");
module_param_cb(fin_timeout, &timeout_ops,
		&tcphs_params.timeout[TCPHS_PHASE_CLOSING], 0644);
MODULE_PARM_DESC(fin_timeout,
		 "Seconds a closing connection may stay idle (1-2592000, default 120)");
module_param_cb(time_wait_timeout, &timeout_ops,
		&tcphs_params.timeout[TCPHS_PHASE_CLOSED], 0644);
MODULE_PARM_DESC(time_wait_timeout,
		 "Seconds a closed connection is kept, as TIME_WAIT (1-2592000, default 60)");
module_param_cb(max_conns, &max_conns_ops, &tcphs_params.max_conns, 0644);
MODULE_PARM_DESC(max_conns,
		 "Most connections tracked (16-16777216, default from RAM)");
module_param_cb(max_conns_per_netns, &max_conns_per_netns_ops,
		&tcphs_params.max_conns_per_netns, 0644);
MODULE_PARM_DESC(max_conns_per_netns,
		 "Most connections tracked in one network namespace, 0 for half of max_conns (16-16777216, default 0)");
module_param_cb(half_open_alert, &half_open_alert_ops,
		&tcphs_params.half_open_alert, 0644);
MODULE_PARM_DESC(half_open_alert,
		 "Half-open connections of a namespace that log a warning, 0 for none (4-16777216, default 1024)");
module_param_cb(resets_interval, &resets_interval_ops,
		&tcphs_params.resets_interval, 0644);
MODULE_PARM_DESC(resets_interval,
		 "Seconds of an interval of /proc/tcphs/resets, which shows the last two (1-3600, default 10)");
module_param_named(pickup, tcphs_params.pickup, bool, 0644);
MODULE_PARM_DESC(pickup,
		 "Follow connections already open, from the middle (default Y)");
