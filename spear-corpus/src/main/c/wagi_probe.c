/*
 * The HTTP trigger's guest (WAGI: CGI for WASI): answers by PATH_INFO, so one module covers the
 * trigger's cases. /hello a header block and a body; /status a 404 with a header of its own and
 * hop-by-hop ones to be dropped; /redirect a Location only (302); /env every variable, one per
 * line; /echo the request body back; /big?<bytes> that many bytes of a-z, written as it goes;
 * /malformed a header block with a line that is no header; /plain text without headers;
 * /bytewise a 201 written one byte per write; /spin never ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void put(const char *s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t w = write(1, s, n);
    if (w <= 0) exit(3);
    s += w;
    n -= (size_t)w;
  }
}

static void echo(void) {
  put("Content-Type: application/octet-stream\n\n");
  char buf[65536];
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(1, buf + off, (size_t)(n - off));
      if (w <= 0) exit(3);
      off += w;
    }
  }
}

static void big(const char *query) {
  long left = atol(query);
  put("Content-Type: application/octet-stream\n\n");
  static char chunk[65536];
  for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = (char)('a' + i % 26);
  while (left > 0) {
    size_t n = left < (long)sizeof chunk ? (size_t)left : sizeof chunk;
    ssize_t w = write(1, chunk, n);
    if (w <= 0) exit(3);
    left -= w;
  }
}

int main(void) {
  const char *path = getenv("PATH_INFO");
  const char *query = getenv("QUERY_STRING");
  if (path == NULL) path = "";
  if (query == NULL) query = "";
  if (strcmp(path, "/hello") == 0) {
    put("Content-Type: text/html; charset=utf-8\n\n<p>hello from wagi</p>\n");
  } else if (strcmp(path, "/status") == 0) {
    put("Status: 404 Not Found\r\nContent-Type: text/plain\r\nX-Probe: yes\r\n"
        "Connection: close\r\nTransfer-Encoding: gzip\r\n\r\nnothing here\n");
  } else if (strcmp(path, "/redirect") == 0) {
    put("Location: /h/elsewhere\n\n");
  } else if (strcmp(path, "/env") == 0) {
    put("Content-Type: text/plain\n\n");
    for (char **e = environ; *e != NULL; e++) {
      put(*e);
      put("\n");
    }
  } else if (strcmp(path, "/echo") == 0) {
    echo();
  } else if (strcmp(path, "/big") == 0) {
    big(query);
  } else if (strcmp(path, "/malformed") == 0) {
    put("Content-Type: text/plain\nthis line is no header\n\nbody\n");
  } else if (strcmp(path, "/plain") == 0) {
    put("just text, no headers\n");
  } else if (strcmp(path, "/bytewise") == 0) {
    const char *answer = "Status: 201 Created\r\nX-Bytewise: yes\r\n\r\nmade\n";
    for (const char *c = answer; *c != '\0'; c++) {
      if (write(1, c, 1) != 1) exit(3);
    }
  } else if (strcmp(path, "/spin") == 0) {
    volatile unsigned long n = 0;
    for (;;) n++;
  } else {
    put("Status: 404 Not Found\nContent-Type: text/plain\n\nunknown probe\n");
  }
  return 0;
}
