/*
 * A paced UDP sender for the capture benchmark: `rate` datagrams a second for `seconds`, each
 * carrying "SYNFINBN", a run id and its sequence number, so that captures can be matched packet by
 * packet. Sends with sendmmsg in one batch per millisecond (Node and Python top out near 25 k
 * datagrams a second on a busy machine; this keeps the sender out of the measurement).
 *
 *   udp-pace DST_IP PORT RATE SECONDS RUN_ID [PAYLOAD_BYTES]
 * Prints: sent=N seconds=S (what really went out, and how long it took).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TICK_NS 1000000L
#define MAX_BATCH 1024

int main(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: udp-pace DST_IP PORT RATE SECONDS RUN_ID [PAYLOAD_BYTES]\n"); return 1; }
  const char *ip = argv[1];
  int port = atoi(argv[2]);
  double rate = atof(argv[3]), seconds = atof(argv[4]);
  uint32_t run = (uint32_t)strtoul(argv[5], 0, 10);
  int size = argc > 6 ? atoi(argv[6]) : 64;
  if (size < 16 || size > 1400) size = 64;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(port) };
  inet_pton(AF_INET, ip, &dst.sin_addr);
  /* Not connected: a connected socket would fail its next send after an ICMP "port unreachable". */
  static char bufs[MAX_BATCH][1400];
  static struct iovec iov[MAX_BATCH];
  static struct mmsghdr msgs[MAX_BATCH];
  for (int i = 0; i < MAX_BATCH; i++) {
    memset(bufs[i], 'x', size);
    memcpy(bufs[i], "SYNFINBN", 8);
    uint32_t r = htonl(run);
    memcpy(bufs[i] + 8, &r, 4);
    iov[i].iov_base = bufs[i];
    iov[i].iov_len = size;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &dst;
    msgs[i].msg_hdr.msg_namelen = sizeof dst;
  }
  uint64_t total = (uint64_t)(rate * seconds), sent = 0;
  struct timespec start, next, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  next = start;
  for (long tick = 1; sent < total; tick++) {
    /* How many should have gone by the end of this tick. */
    uint64_t due = (uint64_t)(rate * (double)tick * TICK_NS / 1e9);
    if (due > total) due = total;
    while (sent < due) {
      int n = (int)(due - sent > MAX_BATCH ? MAX_BATCH : due - sent);
      for (int i = 0; i < n; i++) { uint32_t s = htonl((uint32_t)(sent + i)); memcpy(bufs[i] + 12, &s, 4); }
      int k = sendmmsg(fd, msgs, n, 0);
      if (k <= 0) break; /* a full socket buffer: try again next tick */
      sent += k;
    }
    next.tv_nsec += TICK_NS;
    if (next.tv_nsec >= 1000000000L) { next.tv_sec++; next.tv_nsec -= 1000000000L; }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, 0);
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("sent=%llu seconds=%.3f\n", (unsigned long long)sent, (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
  return 0;
}
