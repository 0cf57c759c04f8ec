/* mineralctl: what the command files share. */
#ifndef MINERALCTL_CLI_H
#define MINERALCTL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <mineralctl.h>

#define EXIT_LINE_ERRORS 1 /* screen: some record could not be read; replay: decisions changed */
#define EXIT_USAGE 2       /* usage, policy or input errors */

extern const char *prog;

/* Prints every diagnostic of the chain, one per line, to stderr. */
void print_errors(const mctl_error *e);
/* --policy's default: $MINERALCTL_POLICY, the source tree's bundle from the build tree, the installed one. */
const char *default_policy(void);
/*
 * The load options of every command: set once in main() from the global
 * options (--trust, --quorum, --alias-budget) and $MINERALCTL_TRUST /
 * $MINERALCTL_QUORUM, so a signed-bundle requirement holds for them all.
 */
extern mctl_load_options cli_load_options;
/* Loads path (NULL: the default) with cli_load_options, printing the problems on failure. */
mctl_policy *load_policy(const char *path);
/* 1 when d is a calendar date YYYY-MM-DD. */
bool valid_date(const char *d);
/*
 * Appends n bytes at buf[*len], growing buf (capacity *cap, doubling from
 * `first`) as needed; keeps one byte spare for a terminating NUL, which it
 * does not write. 0, or -1 out of memory (buf unchanged).
 */
int cli_append(char **buf, size_t *len, size_t *cap, size_t first, const void *p, size_t n);

int cmd_screen(int argc, char **argv);
int cmd_replay(int argc, char **argv);

#endif
