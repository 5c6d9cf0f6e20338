/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_PROC_H
#define _TCPHS_PROC_H

struct net;

int tcphs_proc_init(void);
void tcphs_proc_ready(void);
void tcphs_proc_exit(void);
int tcphs_proc_net_init(struct net *net);
void tcphs_proc_net_exit(struct net *net);

#endif /* _TCPHS_PROC_H */
