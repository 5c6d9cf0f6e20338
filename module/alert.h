/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_ALERT_H
#define _TCPHS_ALERT_H

struct net;
struct tcphs_net;

void tcphs_alert_half_open(const struct net *net, struct tcphs_net *tn,
			   unsigned int half_open);
void tcphs_alert_net_exit(struct tcphs_net *tn);

#endif /* _TCPHS_ALERT_H */
