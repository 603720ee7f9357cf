// What a machine must offer for a scenario to run, in words a CI author can act on: a matrix can leave out (or
// expect skips for) the scenarios whose capabilities a runner lacks. `keepalive-lab doctor` tries each for real.

export const CAPABILITIES = {
  docker: 'a Docker engine running Linux containers on a Linux kernel (every scenario)',
  'net-admin': "a sidecar with NET_ADMIN in the observer's and the peer's network namespaces: tcpdump, ss, nstat (every scenario)",
  'cgroup-freezer': 'docker pause (the cgroup freezer)',
  iptables: 'iptables rules in a container namespace (the nf_tables or legacy backend)',
  nftables: 'nft tables in a container namespace',
  'tc-blackhole': 'the tc blackhole qdisc and the ifb device',
  'sch-netem': 'the tc netem qdisc (kernel module sch_netem)',
  'docker-network': 'docker network disconnect and connect',
  'container-restart': 'a killed container started again on the same address',
  'netns-sysctl': 'per-namespace TCP sysctls on a container (net.ipv4.tcp_retries2)',
  'conntrack-nat':
    'a router container on two internal networks that forwards with NAT, its conntrack timeouts set per namespace at creation (net.netfilter.nf_conntrack_*)',
} as const;

export type Capability = keyof typeof CAPABILITIES;
